import { replayHref } from "./replay.ts";
import { audienceIncludes } from "~/modules/accounts/audience.ts";
import { z } from "zod";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import {
  FOLLOW_UP_JOB_KIND,
  loadRecipients,
  loadSessionForEmail,
  NOTICE_STATUS,
  notifyRegistration,
  REGISTRATION_NOTICE_JOB_KIND,
  REMINDER_JOB_KIND,
  REMINDER_LEADS,
  summaryFor,
  type ReminderLead,
  type SessionForEmail,
} from "./notifications.server.ts";
import { appUrl, inviteLinks } from "./invite.server.ts";

// These jobs were planned when a seat was confirmed; by the time they run the world may have moved
// on. Each one re-reads the registration and the session and sends only if what it was planned for
// still holds, so a reschedule or a cancellation needs no clean-up of old jobs.

const ReminderPayloadSchema = z.object({
  registrationId: z.string().min(1),
  sequence: z.number().int().min(0),
  lead: z.enum(Object.keys(REMINDER_LEADS) as [ReminderLead, ...ReminderLead[]]),
});

const FollowUpPayloadSchema = z.object({
  sessionId: z.string().min(1),
  sequence: z.number().int().min(0),
});

const NoticePayloadSchema = z.object({
  registrationId: z.string().min(1),
  event: z.enum(Object.keys(NOTICE_STATUS) as [keyof typeof NOTICE_STATUS, ...(keyof typeof NOTICE_STATUS)[]]),
  change: z.string().min(1),
});

type Clock = () => Date;

/**
 * The email for a registrant's own change. A later change supersedes it (register, then cancel
 * before the job ran): the registration no longer has the status this notice reports, so nothing is
 * sent and the later change's notice speaks instead.
 */
export async function handleRegistrationNoticeJob(payload: unknown): Promise<void> {
  const { registrationId, event, change } = NoticePayloadSchema.parse(payload);
  await prisma.$transaction(async (tx) => {
    const registration = await tx.registration.findUnique({ where: { id: registrationId }, select: { status: true } });
    if (registration?.status !== NOTICE_STATUS[event]) return;
    await notifyRegistration(tx, registrationId, event, change);
  });
}

export async function handleReminderJob(payload: unknown, now: Clock = () => new Date()): Promise<void> {
  const { registrationId, sequence, lead } = ReminderPayloadSchema.parse(payload);
  await prisma.$transaction(async (tx) => {
    const registration = await tx.registration.findUnique({
      where: { id: registrationId },
      select: { id: true, sessionId: true, userId: true, status: true, joinCode: true },
    });
    if (registration?.status !== "CONFIRMED") return;
    const session = await loadSessionForEmail(tx, registration.sessionId);
    if (!isCurrent(session, sequence)) return;
    // A worker that was down past the start would otherwise remind people of a session under way.
    if (session.startsAt <= now()) return;
    const recipient = (await loadRecipients(tx, [registration.userId])).get(registration.userId);
    if (!recipient) return;
    const { joinUrl, sessionUrl } = inviteLinks(session, registration.joinCode);
    await queueEmail(tx, {
      template: "session-reminder",
      to: recipient.email,
      props: { recipientName: recipient.name, session: summaryFor(session, recipient), lead, joinUrl, sessionUrl },
      idempotencyKey: `email:session-reminder:${registration.id}:${sequence}:${lead}`,
    });
  });
}

function isCurrent(session: SessionForEmail | null, sequence: number): session is SessionForEmail {
  return session?.status === "PUBLISHED" && session.sequence === sequence;
}

/**
 * Attendees (marked attended, or who used their join link) get thanks and the feedback link; the
 * rest get the replay and the next chance to attend live. One email job per registrant, each with its
 * own key, so a retry after a partial run sends nobody twice.
 */
export async function handleFollowUpJob(payload: unknown, now: Clock = () => new Date()): Promise<void> {
  const { sessionId, sequence } = FollowUpPayloadSchema.parse(payload);
  const session = await loadSessionForEmail(prisma, sessionId);
  if (!isCurrent(session, sequence)) return;
  const registrations = await prisma.registration.findMany({
    where: { sessionId, status: "CONFIRMED" },
    select: { id: true, userId: true, accountId: true, joinCode: true, attendance: true, joinedAt: true },
    orderBy: { registeredAt: "asc" },
  });
  if (registrations.length === 0) return;
  const recipients = await loadRecipients(
    prisma,
    registrations.map((registration) => registration.userId),
  );
  const accountIds = registrations.flatMap((registration) => (registration.accountId ? [registration.accountId] : []));
  const accounts = await prisma.account.findMany({ where: { id: { in: [...new Set(accountIds)] } }, select: { id: true, tier: true } });
  const tierOf = new Map(accounts.map((account) => [account.id, account.tier]));
  const candidates = await nextSessionCandidates(session, now());
  const replayUrl = absoluteUrl(replayHref(session));

  for (const registration of registrations) {
    const recipient = recipients.get(registration.userId);
    if (!recipient) continue;
    const attended = registration.attendance === "ATTENDED" || registration.joinedAt !== null;
    const tier = registration.accountId ? (tierOf.get(registration.accountId) ?? null) : null;
    const next = attended ? undefined : candidates.find((candidate) => audienceIncludes(candidate.audienceTiers, tier));
    await queueEmail(prisma, {
      template: "session-follow-up",
      to: recipient.email,
      props: {
        recipientName: recipient.name,
        title: session.title,
        variant: attended ? "attended" : "no-show",
        replayUrl,
        feedbackUrl: appUrl(`/feedback/${registration.joinCode}`),
        nextSession: next
          ? {
              title: next.title,
              when: formatDateTime(next.startsAt, recipient.timeZone, recipient.locale),
              url: appUrl(`/portal/sessions/${next.id}`),
            }
          : null,
        catalogueUrl: appUrl("/portal/sessions"),
      },
      idempotencyKey: `email:session-follow-up:${registration.id}:${sequence}`,
    });
  }
}

/** The next occurrences of the same series first, then upcoming sessions sharing a topic. */
async function nextSessionCandidates(session: SessionForEmail, now: Date) {
  const upcoming = { status: "PUBLISHED" as const, startsAt: { gt: now }, id: { not: session.id } };
  const select = { id: true, title: true, startsAt: true, audienceTiers: true };
  const inSeries = session.seriesId
    ? await prisma.liveSession.findMany({
        where: { ...upcoming, seriesId: session.seriesId },
        select,
        orderBy: { startsAt: "asc" },
        take: 10,
      })
    : [];
  const topics = session.topics.map((topic) => topic.topic);
  const onTopic = topics.length
    ? await prisma.liveSession.findMany({
        where: { ...upcoming, topics: { some: { topic: { in: topics } } } },
        select,
        orderBy: { startsAt: "asc" },
        take: 10,
      })
    : [];
  return [...inSeries, ...onTopic];
}

/** A replay may be a library path inside Lyceum or a full URL elsewhere. */
function absoluteUrl(url: string | null) {
  if (!url) return null;
  return url.startsWith("/") ? appUrl(url) : url;
}

/** Registers the reminder and follow-up handlers; returns a function that removes them (tests). */
export function registerSessionEmailJobs(options: { now?: Clock } = {}): () => void {
  const now = options.now ?? (() => new Date());
  const removers = [
    registerJobHandler(REGISTRATION_NOTICE_JOB_KIND, handleRegistrationNoticeJob),
    registerJobHandler(REMINDER_JOB_KIND, (payload) => handleReminderJob(payload, now)),
    registerJobHandler(FOLLOW_UP_JOB_KIND, (payload) => handleFollowUpJob(payload, now)),
  ];
  return () => removers.forEach((remove) => remove());
}
