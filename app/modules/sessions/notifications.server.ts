import { REPLAY_SELECT } from "./replay.ts";
import { randomUUID } from "node:crypto";
import type { SessionSummary } from "#emails/components/session-details.tsx";
import type { RegistrationStatus } from "~/generated/prisma/client.ts";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import type { EmailAttachment } from "~/providers/email.server.ts";
import type { Tx } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { icsContentType, type IcsMethod } from "~/modules/calendar/ics.ts";
import { appUrl, inviteIcs, inviteLinks } from "./invite.server.ts";
import { sessionEnd } from "./schedule.ts";

// Every email about a session is queued in the transaction of the change it reports (or, for a
// registrant's own changes, a notice job that writes it), so it exists exactly when the change commits. Keys carry the session's SEQUENCE: a change raises it, so the
// emails and reminders planned for the old version become stale and no-ops, and the new ones get
// new keys.

export const REMINDER_JOB_KIND = "sessions.reminder";
export const FOLLOW_UP_JOB_KIND = "sessions.follow-up";
export const REGISTRATION_NOTICE_JOB_KIND = "sessions.registration-notice";

const HOUR_MS = 60 * 60 * 1000;
export const REMINDER_LEADS = { "24h": 24 * HOUR_MS, "1h": HOUR_MS } as const;
export type ReminderLead = keyof typeof REMINDER_LEADS;
export const FOLLOW_UP_DELAY_MS = 2 * HOUR_MS;

export type ReminderJobPayload = { registrationId: string; sessionId: string; sequence: number; lead: ReminderLead };
export type FollowUpJobPayload = { sessionId: string; sequence: number };

export type Recipient = { id: string; name: string; email: string; timeZone: string; locale: string };

export async function loadSessionForEmail(db: Tx, sessionId: string) {
  const session = await db.liveSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      title: true,
      description: true,
      status: true,
      startsAt: true,
      durationMinutes: true,
      sequence: true,
      ...REPLAY_SELECT,
      seriesId: true,
      cancelledAt: true,
      hosts: { select: { userId: true } },
      topics: { select: { topic: true } },
    },
  });
  if (!session) return null;
  const hosts = await db.user.findMany({
    where: { id: { in: session.hosts.map((host) => host.userId) } },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  return { ...session, hostNames: hosts.map((host) => host.name) };
}
export type SessionForEmail = NonNullable<Awaited<ReturnType<typeof loadSessionForEmail>>>;

async function requireSession(db: Tx, sessionId: string) {
  const session = await loadSessionForEmail(db, sessionId);
  if (!session) throw new Error(`Live session ${sessionId} not found for its notification`);
  return session;
}

/** Deactivated people get no email: they can no longer act on one. */
export async function loadRecipients(db: Tx, userIds: string[]): Promise<Map<string, Recipient>> {
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(userIds)] }, deactivatedAt: null },
    select: { id: true, name: true, email: true, timeZone: true, locale: true },
  });
  return new Map(users.map((user) => [user.id, user]));
}

export function summaryFor(session: SessionForEmail, recipient: Recipient): SessionSummary {
  return {
    title: session.title,
    when: formatDateTime(session.startsAt, recipient.timeZone, recipient.locale),
    durationMinutes: session.durationMinutes,
    hostNames: session.hostNames,
  };
}

export function inviteAttachment(session: SessionForEmail, recipient: Recipient, joinCode: string, method: IcsMethod): EmailAttachment {
  const content = inviteIcs(session, { name: recipient.name, email: recipient.email }, joinCode, method);
  return { filename: "invite.ics", contentType: icsContentType(method), content };
}

/** Reminders already due (a late registration) are skipped rather than sent at once. */
export async function planReminders(db: Tx, registrationId: string, session: SessionForEmail, now = new Date()) {
  for (const lead of Object.keys(REMINDER_LEADS) as ReminderLead[]) {
    const runAt = new Date(session.startsAt.getTime() - REMINDER_LEADS[lead]);
    if (runAt <= now) continue;
    const payload: ReminderJobPayload = { registrationId, sessionId: session.id, sequence: session.sequence, lead };
    await enqueueJob(db, {
      kind: REMINDER_JOB_KIND,
      payload,
      runAt,
      idempotencyKey: `reminder:${registrationId}:${session.sequence}:${lead}`,
    });
  }
}

/** One job per session version: attendance is only known after the session, so the job decides then. */
export async function planFollowUp(db: Tx, session: SessionForEmail) {
  const payload: FollowUpJobPayload = { sessionId: session.id, sequence: session.sequence };
  await enqueueJob(db, {
    kind: FOLLOW_UP_JOB_KIND,
    payload,
    runAt: new Date(sessionEnd(session.startsAt, session.durationMinutes).getTime() + FOLLOW_UP_DELAY_MS),
    idempotencyKey: `follow-up:${session.id}:${session.sequence}`,
  });
}

async function loadRegistration(db: Tx, registrationId: string) {
  const registration = await db.registration.findUnique({
    where: { id: registrationId },
    select: { id: true, sessionId: true, userId: true, status: true, joinCode: true, updatedAt: true },
  });
  if (!registration) throw new Error(`Registration ${registrationId} not found for its notification`);
  const session = await requireSession(db, registration.sessionId);
  const recipient = (await loadRecipients(db, [registration.userId])).get(registration.userId) ?? null;
  return { registration, session, recipient };
}

export type RegistrationNotice = "confirmed" | "waitlisted" | "cancelled";
export const NOTICE_STATUS = { confirmed: "CONFIRMED", waitlisted: "WAITLISTED", cancelled: "CANCELLED" } as const satisfies Record<
  RegistrationNotice,
  RegistrationStatus
>;
export type RegistrationNoticePayload = { registrationId: string; event: RegistrationNotice; change: string };

/**
 * What a registrant's own change (register, cancel, claim, decline, an offer lapsing) writes in its
 * transaction: one job row. The job composes the email, plans reminders and the follow-up outside
 * the request, so a burst of registrations holds the write lock for as little as possible. `change`
 * names this change in the email's idempotency key: a retried job sends nothing twice, while
 * cancelling and registering again is a new email.
 */
export async function queueRegistrationNotice(tx: Tx, registrationId: string, event: RegistrationNotice): Promise<void> {
  const payload: RegistrationNoticePayload = { registrationId, event, change: randomUUID() };
  await enqueueJob(tx, { kind: REGISTRATION_NOTICE_JOB_KIND, payload });
}

/**
 * Confirmation (a new seat or a claimed offer), waitlist notice, or the notice for cancelling one's
 * own seat. The key includes the change (by default the registration's last update), so cancelling
 * and registering again is a new email while a repeated call for the same change is not.
 */
export async function notifyRegistration(tx: Tx, registrationId: string, event: RegistrationNotice, change?: string): Promise<void> {
  const { registration, session, recipient } = await loadRegistration(tx, registrationId);
  const version = `${registration.id}:${session.sequence}:${change ?? registration.updatedAt.getTime()}`;

  if (event === "confirmed") {
    // Reminders and the follow-up run whether or not an email can be sent now: they re-read the
    // recipient when they fire.
    await planReminders(tx, registration.id, session);
    await planFollowUp(tx, session);
    if (!recipient) return;
    await queueEmail(tx, {
      template: "session-confirmation",
      to: recipient.email,
      props: { recipientName: recipient.name, session: summaryFor(session, recipient), ...inviteLinks(session, registration.joinCode) },
      attachments: [inviteAttachment(session, recipient, registration.joinCode, "REQUEST")],
      idempotencyKey: `email:session-confirmation:${version}`,
    });
    return;
  }

  if (!recipient) return;
  if (event === "waitlisted") {
    await queueEmail(tx, {
      template: "session-waitlisted",
      to: recipient.email,
      props: {
        recipientName: recipient.name,
        session: summaryFor(session, recipient),
        sessionUrl: inviteLinks(session, registration.joinCode).sessionUrl,
      },
      idempotencyKey: `email:session-waitlisted:${version}`,
    });
    return;
  }

  // Same SEQUENCE as the invite it withdraws: raising it here would make a later re-registration's
  // REQUEST look older than this CANCEL to strict calendar clients.
  await queueEmail(tx, {
    template: "session-cancelled",
    to: recipient.email,
    props: {
      recipientName: recipient.name,
      session: summaryFor(session, recipient),
      reason: "registration",
      hasInvite: true,
      catalogueUrl: appUrl("/portal/sessions"),
    },
    attachments: [inviteAttachment(session, recipient, registration.joinCode, "CANCEL")],
    idempotencyKey: `email:session-registration-cancelled:${version}`,
  });
}

/** The held seat's claim and decline links; one email per offer (an offer has its own expiry). */
export async function notifySeatOffered(tx: Tx, registrationId: string, offerToken: string, expiresAt: Date): Promise<void> {
  const { registration, session, recipient } = await loadRegistration(tx, registrationId);
  if (!recipient) return;
  const claimUrl = appUrl(`/offers/${encodeURIComponent(offerToken)}`);
  await queueEmail(tx, {
    template: "session-offer",
    to: recipient.email,
    props: {
      recipientName: recipient.name,
      session: summaryFor(session, recipient),
      claimUrl,
      declineUrl: `${claimUrl}?decline=1`,
      expiresAt: formatDateTime(expiresAt, recipient.timeZone, recipient.locale),
    },
    idempotencyKey: `email:session-offer:${registration.id}:${expiresAt.getTime()}`,
  });
}

const HOLDS_SEAT: RegistrationStatus[] = ["CONFIRMED", "OFFERED"];

/**
 * Call after writing the change and raising the session's `sequence` (cancellation included), in the
 * same transaction. Everyone holding a seat hears about it; on cancellation the waitlist does too.
 */
export async function notifySessionChanged(tx: Tx, sessionId: string, change: "rescheduled" | "updated" | "cancelled"): Promise<void> {
  const session = await requireSession(tx, sessionId);
  const cancelled = change === "cancelled";
  const statuses: RegistrationStatus[] = cancelled ? [...HOLDS_SEAT, "WAITLISTED"] : HOLDS_SEAT;
  const registrations = await tx.registration.findMany({
    where: {
      sessionId,
      OR: [
        { status: { in: statuses } },
        // A cancellation that released the seats in the same transaction before calling this.
        ...(cancelled && session.cancelledAt ? [{ status: "CANCELLED" as const, cancelledAt: { gte: session.cancelledAt } }] : []),
      ],
    },
    select: { id: true, userId: true, status: true, joinCode: true },
    orderBy: { registeredAt: "asc" },
  });
  const recipients = await loadRecipients(
    tx,
    registrations.map((registration) => registration.userId),
  );

  for (const registration of registrations) {
    const recipient = recipients.get(registration.userId);
    if (cancelled) {
      if (!recipient) continue;
      // Someone who only waited never got an invite, so there is nothing in their calendar to remove.
      const hasInvite = registration.status !== "WAITLISTED";
      await queueEmail(tx, {
        template: "session-cancelled",
        to: recipient.email,
        props: {
          recipientName: recipient.name,
          session: summaryFor(session, recipient),
          reason: "session",
          hasInvite,
          catalogueUrl: appUrl("/portal/sessions"),
        },
        attachments: hasInvite ? [inviteAttachment(session, recipient, registration.joinCode, "CANCEL")] : undefined,
        idempotencyKey: `email:session-cancelled:${registration.id}:${session.sequence}`,
      });
      continue;
    }
    // Any change raised SEQUENCE, which silenced the reminders planned before it: plan them again.
    if (registration.status === "CONFIRMED") await planReminders(tx, registration.id, session);
    if (!recipient) continue;
    await queueEmail(tx, {
      template: "session-updated",
      to: recipient.email,
      props: {
        recipientName: recipient.name,
        session: summaryFor(session, recipient),
        change,
        ...inviteLinks(session, registration.joinCode),
      },
      attachments: [inviteAttachment(session, recipient, registration.joinCode, "REQUEST")],
      idempotencyKey: `email:session-updated:${registration.id}:${session.sequence}`,
    });
  }
  if (!cancelled && registrations.some((registration) => registration.status === "CONFIRMED")) await planFollowUp(tx, session);
}
