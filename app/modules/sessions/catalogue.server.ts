import { data } from "@remix-run/node";
import { z } from "zod";
import type { LiveSessionKind, RegistrationStatus, Tier } from "~/generated/prisma/enums.ts";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { prisma, type Prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { doneForm, invalidForm, parseForm, refusedForm, type FormReply } from "~/utils/forms.server.ts";
import { renderMarkdown } from "~/utils/markdown.ts";
import { googleCalendarUrl, outlookCalendarUrl } from "./calendar-links.ts";
import {
  answerFieldName,
  CancelRegistrationSchema,
  KIND_LABELS,
  VIEWER_STATUS_LABELS,
  type CatalogueQuery,
  type ViewerStatus,
} from "./catalogue.schema.ts";
import { buildIcs, sessionIcsUid } from "./ics.ts";
import { answersSchema, cancelRegistration, InvalidAnswersError, MAX_ANSWER_LENGTH, registerForSession } from "./registration.server.ts";
import { addLocalDays, sessionEnd, zonedLocalToUtc } from "./schedule.ts";

export type Viewer = Pick<SessionUser, "id" | "name" | "email" | "role" | "accountId" | "timeZone" | "locale">;

export const CATALOGUE_PAGE_SIZE = 20;
/** The join link is pushed to the front this long before the start. */
export const JOIN_OPENS_MINUTES = 15;
const MINUTE_MS = 60_000;

// Statuses in which a registration still holds (or waits for) a place.
const ACTIVE_REGISTRATION: RegistrationStatus[] = ["CONFIRMED", "WAITLISTED", "OFFERED"];

/** `audienceTiers` is "HIGH,LOW" or "" for everybody. */
export function audienceIncludes(audienceTiers: string, tier: Tier | null): boolean {
  const tiers = audienceTiers
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (tiers.length === 0) return true;
  return tier !== null && tiers.includes(tier);
}

/** "45 min", "1 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function seatsLabel(seatCap: number | null, seatsTaken: number): string | null {
  if (seatCap === null) return null;
  const left = Math.max(0, seatCap - seatsTaken);
  if (left === 0) return "Full — join the waitlist";
  return left === 1 ? "1 seat left" : `${left} seats left`;
}

export type SessionPhase = "upcoming" | "soon" | "live" | "ended" | "cancelled";

export function sessionPhase(session: { status: string; startsAt: Date; durationMinutes: number }, now: Date): SessionPhase {
  if (session.status === "CANCELLED") return "cancelled";
  const start = session.startsAt.getTime();
  const end = sessionEnd(session.startsAt, session.durationMinutes).getTime();
  if (now.getTime() >= end) return "ended";
  if (now.getTime() >= start) return "live";
  if (start - now.getTime() <= JOIN_OPENS_MINUTES * MINUTE_MS) return "soon";
  return "upcoming";
}

async function viewerTier(viewer: Viewer): Promise<Tier | null> {
  if (!viewer.accountId) return null;
  const account = await prisma.account.findUnique({ where: { id: viewer.accountId }, select: { tier: true } });
  return account?.tier ?? null;
}

// The three tier names never contain one another, so a substring match on the list is exact.
function audienceWhere(tier: Tier | null): Prisma.LiveSessionWhereInput {
  return tier ? { OR: [{ audienceTiers: "" }, { audienceTiers: { contains: tier } }] } : { audienceTiers: "" };
}

/** How far back a session that is still running can have started. */
async function longestRunningWindow(): Promise<number> {
  const longest = await prisma.liveSession.aggregate({ where: { status: "PUBLISHED" }, _max: { durationMinutes: true } });
  return (longest._max.durationMinutes ?? 0) * MINUTE_MS;
}

async function hostNames(sessionIds: string[]) {
  const hosts = await prisma.liveSessionHost.findMany({
    where: { sessionId: { in: sessionIds } },
    select: { sessionId: true, userId: true },
  });
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(hosts.map((host) => host.userId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((user) => [user.id, user.name]));
  const bySession = new Map<string, string[]>();
  for (const host of hosts) {
    const name = names.get(host.userId);
    if (name) bySession.set(host.sessionId, [...(bySession.get(host.sessionId) ?? []), name]);
  }
  for (const list of bySession.values()) list.sort((a, b) => a.localeCompare(b));
  return bySession;
}

const CARD_SELECT = {
  id: true,
  kind: true,
  status: true,
  title: true,
  startsAt: true,
  durationMinutes: true,
  seatCap: true,
  seatsTaken: true,
  topics: { select: { topic: true }, orderBy: { topic: "asc" } },
} as const satisfies Prisma.LiveSessionSelect;

type CardRow = Prisma.LiveSessionGetPayload<{ select: typeof CARD_SELECT }>;

export type CatalogueCard = {
  id: string;
  kind: LiveSessionKind;
  kindLabel: string;
  title: string;
  topics: string[];
  startsAt: string;
  when: string;
  duration: string;
  hosts: string[];
  seats: string | null;
  full: boolean;
  phase: SessionPhase;
  viewerStatus: ViewerStatus | null;
};

function presentCard(
  row: CardRow,
  viewer: Viewer,
  now: Date,
  hosts: Map<string, string[]>,
  statuses: Map<string, RegistrationStatus>,
): CatalogueCard {
  const status = statuses.get(row.id);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    title: row.title,
    topics: row.topics.map((topic) => topic.topic),
    startsAt: row.startsAt.toISOString(),
    when: formatDateTime(row.startsAt, viewer.timeZone, viewer.locale),
    duration: formatDuration(row.durationMinutes),
    hosts: hosts.get(row.id) ?? [],
    seats: seatsLabel(row.seatCap, row.seatsTaken),
    full: row.seatCap !== null && row.seatsTaken >= row.seatCap,
    phase: sessionPhase(row, now),
    viewerStatus: status && status !== "CANCELLED" ? status : null,
  };
}

async function presentCards(rows: CardRow[], viewer: Viewer, now: Date) {
  const ids = rows.map((row) => row.id);
  const [hosts, registrations] = await Promise.all([
    hostNames(ids),
    prisma.registration.findMany({ where: { userId: viewer.id, sessionId: { in: ids } }, select: { sessionId: true, status: true } }),
  ]);
  const statuses = new Map(registrations.map((registration) => [registration.sessionId, registration.status]));
  return rows.map((row) => presentCard(row, viewer, now, hosts, statuses));
}

/** The instants bounding the viewer's chosen calendar days, read in the viewer's own zone. */
function dateRange(query: Pick<CatalogueQuery, "from" | "to">, timeZone: string) {
  try {
    return {
      from: query.from ? zonedLocalToUtc(query.from, "00:00", timeZone) : null,
      to: query.to ? zonedLocalToUtc(addLocalDays(query.to, 1), "00:00", timeZone) : null,
    };
  } catch {
    return { from: null, to: null };
  }
}

/**
 * Published sessions this viewer's tier may attend that have not ended, soonest first. Sessions under
 * way come first on page one; the rest are paged.
 */
export async function listCatalogue(viewer: Viewer, query: CatalogueQuery, now = new Date()) {
  const tier = await viewerTier(viewer);
  const visible: Prisma.LiveSessionWhereInput = { status: "PUBLISHED", ...audienceWhere(tier) };
  const range = dateRange(query, viewer.timeZone);
  const filters: Prisma.LiveSessionWhereInput[] = [visible];
  if (query.kind) filters.push({ kind: query.kind });
  if (query.topic) filters.push({ topics: { some: { topic: query.topic } } });
  if (range.from) filters.push({ startsAt: { gte: range.from } });
  if (range.to) filters.push({ startsAt: { lt: range.to } });

  const window = await longestRunningWindow();
  const [running, upcomingTotal, topics] = await Promise.all([
    prisma.liveSession.findMany({
      where: { AND: [...filters, { startsAt: { gte: new Date(now.getTime() - window), lt: now } }] },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: CARD_SELECT,
    }),
    prisma.liveSession.count({ where: { AND: [...filters, { startsAt: { gte: now } }] } }),
    prisma.liveSessionTopic.findMany({
      where: { session: { AND: [visible, { startsAt: { gte: new Date(now.getTime() - window) } }] } },
      distinct: ["topic"],
      orderBy: { topic: "asc" },
      select: { topic: true },
    }),
  ]);
  const live = running.filter((row) => sessionEnd(row.startsAt, row.durationMinutes) > now);
  const pageCount = Math.max(1, Math.ceil(upcomingTotal / CATALOGUE_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const upcoming = await prisma.liveSession.findMany({
    where: { AND: [...filters, { startsAt: { gte: now } }] },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * CATALOGUE_PAGE_SIZE,
    take: CATALOGUE_PAGE_SIZE,
    select: CARD_SELECT,
  });
  return {
    sessions: await presentCards(page === 1 ? [...live, ...upcoming] : upcoming, viewer, now),
    total: live.length + upcomingTotal,
    page,
    pageCount,
    topics: topics.map((row) => row.topic),
    filtered: Boolean(query.kind || query.topic || query.from || query.to),
  };
}

export type MyRegistration = {
  sessionId: string;
  title: string;
  kindLabel: string;
  when: string;
  status: ViewerStatus;
  statusLabel: string;
  live: boolean;
};

/** Sessions the viewer holds a seat, a place in line or an offer for that have not ended yet. */
export async function listMyRegistrations(viewer: Viewer, now = new Date()): Promise<MyRegistration[]> {
  const window = await longestRunningWindow();
  const rows = await prisma.registration.findMany({
    where: {
      userId: viewer.id,
      status: { in: ACTIVE_REGISTRATION },
      session: { status: "PUBLISHED", startsAt: { gte: new Date(now.getTime() - window) } },
    },
    orderBy: [{ session: { startsAt: "asc" } }, { id: "asc" }],
    take: 50,
    select: {
      status: true,
      session: { select: { id: true, title: true, kind: true, status: true, startsAt: true, durationMinutes: true } },
    },
  });
  return rows
    .filter((row) => sessionEnd(row.session.startsAt, row.session.durationMinutes) > now)
    .map((row) => {
      const status = row.status as ViewerStatus;
      return {
        sessionId: row.session.id,
        title: row.session.title,
        kindLabel: KIND_LABELS[row.session.kind],
        when: formatDateTime(row.session.startsAt, viewer.timeZone, viewer.locale),
        status,
        statusLabel: VIEWER_STATUS_LABELS[status],
        live: sessionPhase(row.session, now) === "live",
      };
    });
}

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
  replayUrl: true,
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
    viewerTier(viewer),
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

function appUrl(path: string) {
  return `${getEnv().APP_URL}${path}`;
}

/** "Lyceum <no-reply@lyceum.localhost>" → { name: "Lyceum", email: "no-reply@lyceum.localhost" }. */
function organizer() {
  const from = getEnv().EMAIL_FROM;
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1] || "Lyceum", email: match[2]! } : { name: "Lyceum", email: from.trim() };
}

function calendarDetails(session: { title: string; description: string }, joinUrl: string, pageUrl: string) {
  const summary = session.description.trim().slice(0, 1_000);
  return [`Join: ${joinUrl}`, `Session page: ${pageUrl}`, summary].filter(Boolean).join("\n\n");
}

/** Everything the session page shows, formatted for this viewer. */
export async function getSessionPage(viewer: Viewer, sessionId: string, now = new Date()) {
  const { session, registration } = await requireVisibleSession(viewer, sessionId);
  const phase = sessionPhase(session, now);
  const end = sessionEnd(session.startsAt, session.durationMinutes);
  const when = formatDateTime(session.startsAt, viewer.timeZone, viewer.locale);
  const hostWhen = formatDateTime(session.startsAt, session.timeZone, viewer.locale);
  const hosts = await hostNames([session.id]);
  const pagePath = `/portal/sessions/${session.id}`;

  let mine = null;
  if (registration) {
    const joinPath = `/join/${registration.joinCode}`;
    const details = calendarDetails(session, appUrl(joinPath), appUrl(pagePath));
    const event = { title: session.title, start: session.startsAt, end, details, location: appUrl(joinPath) };
    mine = {
      status: registration.status as ViewerStatus,
      statusLabel: VIEWER_STATUS_LABELS[registration.status as ViewerStatus],
      joinPath: registration.status === "CONFIRMED" ? joinPath : null,
      joinUrl: registration.status === "CONFIRMED" ? appUrl(joinPath) : null,
      waitlistPosition: registration.status === "WAITLISTED" ? await waitlistPosition(session.id, registration) : null,
      offerExpires:
        registration.status === "OFFERED" && registration.offerExpiresAt
          ? formatDateTime(registration.offerExpiresAt, viewer.timeZone, viewer.locale)
          : null,
      calendar:
        registration.status === "CONFIRMED" && (phase === "upcoming" || phase === "soon")
          ? { google: googleCalendarUrl(event), outlook: outlookCalendarUrl(event), ics: `${pagePath}/ics` }
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
      hasReplay: Boolean(session.replayUrl),
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
  const joinUrl = appUrl(`/join/${registration.joinCode}`);
  const pageUrl = appUrl(`/portal/sessions/${session.id}`);
  const method = session.status === "CANCELLED" ? "CANCEL" : "REQUEST";
  const ics = buildIcs({
    method,
    uid: sessionIcsUid(session.id, getEnv().APP_URL),
    sequence: session.sequence,
    dtstamp: now,
    start: session.startsAt,
    end: sessionEnd(session.startsAt, session.durationMinutes),
    summary: session.title,
    description: calendarDetails(session, joinUrl, pageUrl),
    location: joinUrl,
    url: pageUrl,
    organizer: organizer(),
    attendee: { name: viewer.name, email: viewer.email },
  });
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
