import { REPLAY_SELECT, replayHref } from "./replay.ts";
import { audienceIncludes } from "~/modules/accounts/audience.ts";
import { data } from "@remix-run/node";
import { z } from "zod";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import { prisma, type Prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { doneForm, invalidForm, parseForm, refusedForm, type FormReply } from "~/utils/forms.server.ts";
import { renderMarkdown } from "~/utils/markdown.ts";
import { answerFieldName, CancelRegistrationSchema, KIND_LABELS, VIEWER_STATUS_LABELS, type ViewerStatus } from "./catalogue.schema.ts";
import { customerTier } from "~/modules/library/viewer.server.ts";
import { hostNames, type Viewer } from "./catalogue.server.ts";
import { inviteIcs, inviteLinks } from "./invite.server.ts";
import { answersSchema, cancelRegistration, InvalidAnswersError, MAX_ANSWER_LENGTH, registerForSession } from "./registration.server.ts";
import { formatDuration, seatsLabel, sessionPhase } from "./session-phase.ts";

// One session as a customer sees it: the page, their invitation, and the page's register/cancel form.

const DETAIL_SELECT = {
  id: true,
  kind: true,
  status: true,
  title: true,
  description: true,
  startsAt: true,
  durationMinutes: true,
  timeZone: true,
  audienceTiers: true,
  seatCap: true,
  seatsTaken: true,
  sequence: true,
  ...REPLAY_SELECT,
  topics: { select: { topic: true }, orderBy: { topic: "asc" } },
  questions: { select: { id: true, label: true, required: true, long: true }, orderBy: [{ position: "asc" }, { id: "asc" }] },
} as const satisfies Prisma.LiveSessionSelect;

function notFound(): never {
  throw new Response("This session does not exist, or it is not open to your account.", { status: 404, statusText: "Not Found" });
}

/**
 * The session as this viewer may see it: published and within their audience, or cancelled / no
 * longer in their audience but registered for (so the page can tell them what happened). 404 otherwise.
 */
async function requireVisibleSession(viewer: Viewer, sessionId: string) {
  const [session, registration, tier] = await Promise.all([
    prisma.liveSession.findFirst({ where: { id: sessionId, status: { in: ["PUBLISHED", "CANCELLED"] } }, select: DETAIL_SELECT }),
    prisma.registration.findUnique({
      where: { sessionId_userId: { sessionId, userId: viewer.id } },
      select: { id: true, status: true, joinCode: true, waitlistedAt: true, offerExpiresAt: true },
    }),
    customerTier(viewer),
  ]);
  if (!session) notFound();
  const registered = registration !== null && registration.status !== "CANCELLED";
  const visible = session.status === "PUBLISHED" ? audienceIncludes(session.audienceTiers, tier) || registered : registration !== null;
  if (!visible) notFound();
  return { session, registration: registered ? registration : null, tier, row: registration };
}

async function waitlistPosition(sessionId: string, registration: { id: string; waitlistedAt: Date | null }) {
  const at = registration.waitlistedAt ?? new Date(0);
  const ahead = await prisma.registration.count({
    where: {
      sessionId,
      status: "WAITLISTED",
      OR: [{ waitlistedAt: { lt: at } }, { waitlistedAt: at, id: { lt: registration.id } }],
    },
  });
  return ahead + 1;
}

/** Everything the session page shows, formatted for this viewer. */
export async function getSessionPage(viewer: Viewer, sessionId: string, now = new Date()) {
  const { session, registration } = await requireVisibleSession(viewer, sessionId);
  const phase = sessionPhase(session, now);
  const when = formatDateTime(session.startsAt, viewer.timeZone, viewer.locale);
  const hostWhen = formatDateTime(session.startsAt, session.timeZone, viewer.locale);
  const hosts = await hostNames([session.id]);
  const pagePath = `/portal/sessions/${session.id}`;

  let mine = null;
  if (registration) {
    const joinPath = `/join/${registration.joinCode}`;
    const links = inviteLinks(session, registration.joinCode);
    mine = {
      status: registration.status as ViewerStatus,
      statusLabel: VIEWER_STATUS_LABELS[registration.status as ViewerStatus],
      joinPath: registration.status === "CONFIRMED" ? joinPath : null,
      joinUrl: registration.status === "CONFIRMED" ? links.joinUrl : null,
      waitlistPosition: registration.status === "WAITLISTED" ? await waitlistPosition(session.id, registration) : null,
      offerExpires:
        registration.status === "OFFERED" && registration.offerExpiresAt
          ? formatDateTime(registration.offerExpiresAt, viewer.timeZone, viewer.locale)
          : null,
      calendar:
        registration.status === "CONFIRMED" && (phase === "upcoming" || phase === "soon")
          ? { google: links.googleCalendarUrl, outlook: links.outlookCalendarUrl, ics: `${pagePath}/ics` }
          : null,
    };
  }

  return {
    session: {
      id: session.id,
      kind: session.kind,
      kindLabel: KIND_LABELS[session.kind],
      title: session.title,
      descriptionHtml: renderMarkdown(session.description),
      startsAt: session.startsAt.toISOString(),
      when,
      // The host's own clock helps when a session was announced in their zone; shown only if it differs.
      hostWhen: hostWhen === when ? null : hostWhen,
      duration: formatDuration(session.durationMinutes),
      hosts: hosts.get(session.id) ?? [],
      topics: session.topics.map((topic) => topic.topic),
      seats: seatsLabel(session.seatCap, session.seatsTaken),
      full: session.seatCap !== null && session.seatsTaken >= session.seatCap,
      phase,
      hasReplay: replayHref(session) !== null,
    },
    questions: session.questions,
    answerMaxLength: MAX_ANSWER_LENGTH,
    registration: mine,
    canRegister: !registration && (phase === "upcoming" || phase === "soon"),
  };
}

/** The registrant's own invitation; only a confirmed seat gets one. */
export async function getSessionIcs(viewer: Viewer, sessionId: string, now = new Date()) {
  const { session, registration } = await requireVisibleSession(viewer, sessionId);
  if (!registration || registration.status !== "CONFIRMED") {
    throw new Response("Only registered attendees can download the calendar invitation.", { status: 404, statusText: "Not Found" });
  }
  const method = session.status === "CANCELLED" ? "CANCEL" : "REQUEST";
  const ics = inviteIcs(session, { name: viewer.name, email: viewer.email }, registration.joinCode, method, now);
  return { ics, method } as const;
}

const REGISTERED_MESSAGE = "You are registered. We emailed you a calendar invite; your personal join link is below.";
const WAITLISTED_MESSAGE = "The session is full, so you are on the waitlist. If a seat frees up we will email you a link to claim it.";

/** The session page's form posts: `register` with the answers, or `cancel`. */
export async function handleSessionPageAction(viewer: Viewer, sessionId: string, formData: FormData) {
  const intent = intentOf(formData);
  if (intent === "register") {
    const { session, tier, row } = await requireVisibleSession(viewer, sessionId);
    // Conform leaves `answers` out entirely when every field is blank; the question rules still apply.
    const schema = z.object({ answers: z.preprocess((value) => value ?? {}, answersSchema(session.questions)) });
    const submission = parseForm(formData, schema);
    if (submission.status !== "success") return invalidForm("register", submission);
    try {
      const answers = (submission.value as { answers: Record<string, string> }).answers;
      // What the page check just read, the engine need not read again.
      const registration = await registerForSession(viewer, session.id, answers, { read: { session, tier, existing: row } });
      return doneForm("register", submission, registration.status === "CONFIRMED" ? REGISTERED_MESSAGE : WAITLISTED_MESSAGE);
    } catch (error) {
      if (error instanceof InvalidAnswersError) {
        // The engine keys errors by question id; the form's fields are `answers.<id>`.
        const fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).map(([id, messages]) => [answerFieldName(id), messages]));
        return data({ intent: "register", result: submission.reply({ fieldErrors }) } satisfies FormReply, { status: 400 });
      }
      return refusedForm("register", submission, error);
    }
  }
  if (intent === "cancel") {
    await requireVisibleSession(viewer, sessionId);
    return runForm(formData, "cancel", CancelRegistrationSchema, async () => {
      await cancelRegistration(viewer, sessionId);
      return "Your registration is cancelled and your place is released. You can register again while seats remain.";
    });
  }
  return unknownIntent();
}
