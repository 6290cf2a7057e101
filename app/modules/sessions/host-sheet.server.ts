import { REPLAY_SELECT, replayHref } from "./replay.ts";
import type { AttendanceStatus, LiveSessionStatus, Prisma, RegistrationStatus } from "~/generated/prisma/client.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { toCsv, type CsvCell } from "~/utils/csv.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { renderMarkdown } from "~/utils/markdown.ts";
import { KIND_LABELS } from "./catalogue.schema.ts";
import { formatDuration } from "./session-phase.ts";
import { FEEDBACK_KIND_LABELS } from "./feedback.schema.ts";
import { sessionEnd } from "./schedule.ts";
import type { SessionListQuery } from "./session.schema.ts";
import { assertSessionRight, sessionNotFound } from "./sessions.server.ts";

export type Viewer = { timeZone: string; locale: string };

export const SESSION_PAGE_SIZE = 25;
// The longest session the editor allows: anything that started longer ago than this has ended.
const LONGEST_SESSION_MS = 480 * 60_000;
// A sheet is a working page, not an archive; exports carry the same cap.
const SHEET_ROWS = 5_000;

export const STATUS_LABELS: Record<LiveSessionStatus, string> = { DRAFT: "Draft", PUBLISHED: "Published", CANCELLED: "Cancelled" };
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = { UNKNOWN: "Not marked", ATTENDED: "Attended", NO_SHOW: "No-show" };
const REGISTRATION_LABELS: Record<RegistrationStatus, string> = {
  CONFIRMED: "Confirmed",
  WAITLISTED: "Waitlisted",
  OFFERED: "Seat offered",
  CANCELLED: "Cancelled",
};

export type SessionPhaseLabel = "Draft" | "Scheduled" | "Live now" | "Ended" | "Cancelled";

function phaseOf(session: { status: LiveSessionStatus; startsAt: Date; durationMinutes: number }, now: Date): SessionPhaseLabel {
  if (session.status === "CANCELLED") return "Cancelled";
  if (session.status === "DRAFT") return "Draft";
  if (sessionEnd(session.startsAt, session.durationMinutes) <= now) return "Ended";
  return session.startsAt <= now ? "Live now" : "Scheduled";
}

function audienceLabel(audienceTiers: string) {
  const tiers = TIERS.filter((tier) => audienceTiers.split(",").includes(tier));
  return tiers.length === 0 || tiers.length === TIERS.length ? "Every tier" : tiers.map((tier) => TIER_LABELS[tier]).join(", ");
}

function seatsText(seatsTaken: number, seatCap: number | null) {
  return seatCap === null ? `${seatsTaken} (no cap)` : `${seatsTaken} / ${seatCap}`;
}

/**
 * "Upcoming" is every non-draft session that has not ended, so one running now stays in view for its
 * host; the few that started in the last 8 hours are checked one by one against their own duration.
 */
async function runningIds(now: Date) {
  const recent = await prisma.liveSession.findMany({
    where: { status: { not: "DRAFT" }, startsAt: { gt: new Date(now.getTime() - LONGEST_SESSION_MS), lte: now } },
    select: { id: true, startsAt: true, durationMinutes: true },
  });
  return recent.filter((row) => sessionEnd(row.startsAt, row.durationMinutes) > now).map((row) => row.id);
}

function whereFor(view: SessionListQuery["view"], now: Date, running: string[]): Prisma.LiveSessionWhereInput {
  if (view === "drafts") return { status: "DRAFT" };
  if (view === "past") return { status: { not: "DRAFT" }, startsAt: { lte: now }, id: { notIn: running } };
  return { status: { not: "DRAFT" }, OR: [{ startsAt: { gt: now } }, { id: { in: running } }] };
}

/** The console's session list: upcoming soonest first, past latest first, drafts by start. */
export async function listSessions(actor: Actor & Viewer, query: SessionListQuery, now = new Date()) {
  assertSessionRight(actor, "sessions.view");
  const running = await runningIds(now);
  const where = whereFor(query.view, now, running);
  const [total, upcoming, drafts] = [
    await prisma.liveSession.count({ where }),
    await prisma.liveSession.count({ where: whereFor("upcoming", now, running) }),
    await prisma.liveSession.count({ where: whereFor("drafts", now, running) }),
  ];
  const pageCount = Math.max(1, Math.ceil(total / SESSION_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await prisma.liveSession.findMany({
    where,
    orderBy: [{ startsAt: query.view === "past" ? "desc" : "asc" }, { id: "asc" }],
    skip: (page - 1) * SESSION_PAGE_SIZE,
    take: SESSION_PAGE_SIZE,
    select: {
      id: true,
      title: true,
      kind: true,
      status: true,
      startsAt: true,
      durationMinutes: true,
      seatCap: true,
      seatsTaken: true,
      seriesId: true,
      hosts: { select: { user: { select: { name: true } } } },
      _count: { select: { registrations: { where: { status: "WAITLISTED" } } } },
    },
  });
  return {
    total,
    page,
    pageCount,
    counts: { upcoming, drafts },
    sessions: rows.map((row) => ({
      id: row.id,
      title: row.title,
      kindLabel: KIND_LABELS[row.kind],
      when: formatDateTime(row.startsAt, actor.timeZone, actor.locale),
      duration: formatDuration(row.durationMinutes),
      phase: phaseOf(row, now),
      seats: seatsText(row.seatsTaken, row.seatCap),
      waitlisted: row._count.registrations,
      inSeries: row.seriesId !== null,
      hosts: row.hosts.map((host) => host.user.name).join(", "),
    })),
  };
}

const PERSON = { select: { name: true, email: true, account: { select: { name: true } } } } as const;

function parseAnswers(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function answerText(value: unknown) {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Everything the host's sheet and the exports read, in one place so the two never disagree. */
async function loadSheet(sessionId: string) {
  const session = await prisma.liveSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      kind: true,
      status: true,
      title: true,
      description: true,
      startsAt: true,
      durationMinutes: true,
      timeZone: true,
      meetingUrl: true,
      audienceTiers: true,
      seatCap: true,
      perAccountCap: true,
      feedbackKind: true,
      seatsTaken: true,
      sequence: true,
      ...REPLAY_SELECT,
      publishedAt: true,
      cancelledAt: true,
      seriesId: true,
      series: { select: { intervalWeeks: true, occurrences: true } },
      hosts: { select: { user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: "asc" } } },
      topics: { select: { topic: true }, orderBy: { topic: "asc" } },
      questions: { select: { id: true, label: true, required: true, long: true }, orderBy: { position: "asc" } },
    },
  });
  if (!session) sessionNotFound();
  const registrations = await prisma.registration.findMany({
    where: { sessionId, status: { not: "CANCELLED" } },
    orderBy: [{ registeredAt: "asc" }, { id: "asc" }],
    take: SHEET_ROWS,
    select: {
      id: true,
      status: true,
      accountId: true,
      answers: true,
      waitlistedAt: true,
      offerExpiresAt: true,
      attendance: true,
      joinedAt: true,
      minutesAttended: true,
      registeredAt: true,
      user: PERSON,
    },
  });
  const feedback = await prisma.sessionFeedback.findMany({
    where: { sessionId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: SHEET_ROWS,
    select: { id: true, kind: true, score: true, comment: true, createdAt: true, user: PERSON },
  });
  const cancelledCount = await prisma.registration.count({ where: { sessionId, status: "CANCELLED" } });
  const seriesDrafts = session.seriesId
    ? await prisma.liveSession.count({ where: { seriesId: session.seriesId, status: "DRAFT", id: { not: session.id } } })
    : 0;
  const seriesPosition = session.seriesId
    ? (await prisma.liveSession.count({ where: { seriesId: session.seriesId, startsAt: { lt: session.startsAt } } })) + 1
    : null;

  const withAnswers = (registration: (typeof registrations)[number]) => {
    const answers = parseAnswers(registration.answers);
    return session.questions.map((question) => ({ question, answer: answerText(answers[question.id]) }));
  };
  // Seats are held by confirmed registrants and by those holding an offer; the waitlist is in the
  // order people joined it, which is the order offers go out.
  const seated = registrations.filter((row) => row.status === "CONFIRMED" || row.status === "OFFERED");
  const waitlist = registrations
    .filter((row) => row.status === "WAITLISTED")
    .sort((a, b) => (a.waitlistedAt ?? a.registeredAt).getTime() - (b.waitlistedAt ?? b.registeredAt).getTime());
  const attendees = registrations.filter((row) => row.status === "CONFIRMED");
  return { session, seated, waitlist, attendees, feedback, cancelledCount, seriesDrafts, seriesPosition, withAnswers };
}

function average(values: number[]) {
  return values.length ? Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10 : null;
}

export function accountsPresent(attendees: { accountId: string | null; attendance: string }[]) {
  const registered = new Set(attendees.map((row) => row.accountId).filter(Boolean));
  const present = new Set(
    attendees
      .filter((row) => row.attendance === "ATTENDED")
      .map((row) => row.accountId)
      .filter(Boolean),
  );
  return { present: present.size, registered: registered.size };
}

/** NPS: share of promoters (9–10) minus share of detractors (0–6), from −100 to 100. */
function netPromoterScore(scores: number[]) {
  if (!scores.length) return null;
  const promoters = scores.filter((score) => score >= 9).length;
  const detractors = scores.filter((score) => score <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
}

/** The host's preparation sheet, every time in the viewer's zone. */
export async function getHostSheet(actor: Actor & Viewer, sessionId: string, now = new Date()) {
  assertSessionRight(actor, "sessions.view");
  const sheet = await loadSheet(sessionId);
  const { session } = sheet;
  const when = (date: Date | null) => (date ? formatDateTime(date, actor.timeZone, actor.locale) : null);
  const person = (user: { name: string; email: string; account: { name: string } | null }) => ({
    name: user.name,
    email: user.email,
    account: user.account?.name ?? null,
  });
  const phase = phaseOf(session, now);
  const csat = sheet.feedback.filter((row) => row.kind === "CSAT").map((row) => row.score);
  const nps = sheet.feedback.filter((row) => row.kind === "NPS").map((row) => row.score);
  return {
    session: {
      id: session.id,
      title: session.title,
      kind: session.kind,
      kindLabel: KIND_LABELS[session.kind],
      status: session.status,
      phase,
      when: when(session.startsAt)!,
      // The zone the host scheduled in, so a publisher abroad sees both readings.
      scheduledAs: formatDateTime(session.startsAt, session.timeZone, actor.locale),
      timeZone: session.timeZone,
      duration: formatDuration(session.durationMinutes),
      meetingUrl: session.meetingUrl,
      replayUrl: replayHref(session),
      descriptionHtml: renderMarkdown(session.description),
      topics: session.topics.map((row) => row.topic),
      hosts: session.hosts.map((row) => ({ id: row.user.id, name: row.user.name, email: row.user.email })),
      audience: audienceLabel(session.audienceTiers),
      seats: seatsText(session.seatsTaken, session.seatCap),
      perAccountCap: session.perAccountCap,
      feedbackKind: session.feedbackKind,
      feedbackKindLabel: FEEDBACK_KIND_LABELS[session.feedbackKind],
      sequence: session.sequence,
      published: when(session.publishedAt),
      cancelled: when(session.cancelledAt),
      started: session.startsAt <= now,
      series: session.series
        ? { position: sheet.seriesPosition, occurrences: session.series.occurrences, intervalWeeks: session.series.intervalWeeks }
        : null,
      seriesDrafts: sheet.seriesDrafts,
    },
    questions: session.questions.map(({ id, label, required, long }) => ({ id, label, required, long })),
    registrants: sheet.seated.map((row) => ({
      id: row.id,
      ...person(row.user),
      status: row.status,
      statusLabel: REGISTRATION_LABELS[row.status],
      registered: when(row.registeredAt)!,
      offerExpires: row.status === "OFFERED" ? when(row.offerExpiresAt) : null,
      answers: sheet.withAnswers(row).map(({ question, answer }) => ({ questionId: question.id, label: question.label, answer })),
    })),
    waitlist: sheet.waitlist.map((row, index) => ({
      id: row.id,
      position: index + 1,
      ...person(row.user),
      since: when(row.waitlistedAt ?? row.registeredAt)!,
    })),
    attendance: sheet.attendees.map((row) => ({
      id: row.id,
      ...person(row.user),
      attendance: row.attendance,
      attendanceLabel: ATTENDANCE_LABELS[row.attendance],
      joined: when(row.joinedAt),
      minutes: row.minutesAttended,
    })),
    feedback: sheet.feedback.map((row) => ({
      id: row.id,
      ...person(row.user),
      kind: row.kind,
      score: row.score,
      comment: row.comment,
      given: when(row.createdAt)!,
    })),
    feedbackSummary: { csatAverage: average(csat), csatCount: csat.length, nps: netPromoterScore(nps), npsCount: nps.length },
    // An account counts as present when any of its people attended.
    accountsPresent: accountsPresent(sheet.attendees),
    cancelledCount: sheet.cancelledCount,
    // setAttendance lets publishers and this session's own hosts mark attendance, nobody else.
    permissions: {
      canManage: can(actor, "sessions.manage"),
      canMark: can(actor, "sessions.manage") || session.hosts.some((row) => row.user.id === actor.id),
    },
  };
}

export const EXPORT_KINDS = ["registrants", "waitlist", "attendance", "feedback"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export function isExportKind(kind: string | undefined): kind is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(kind ?? "");
}

function slug(text: string) {
  return (
    text
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "session"
  );
}

/**
 * One list of the sheet as CSV. Times are ISO 8601 UTC so a spreadsheet sorts them and nobody has to
 * guess the zone; the header says so.
 */
export async function exportSessionCsv(actor: Actor, sessionId: string, kind: ExportKind) {
  assertSessionRight(actor, "sessions.view");
  const sheet = await loadSheet(sessionId);
  const { session } = sheet;
  const who = (user: { name: string; email: string; account: { name: string } | null }): CsvCell[] => [
    user.name,
    user.email,
    user.account?.name ?? "",
  ];
  let header: string[];
  let rows: CsvCell[][];
  if (kind === "registrants") {
    header = ["Name", "Email", "Account", "Status", "Registered at (UTC)", ...session.questions.map((question) => question.label)];
    rows = sheet.seated.map((row) => [
      ...who(row.user),
      REGISTRATION_LABELS[row.status],
      row.registeredAt,
      ...sheet.withAnswers(row).map(({ answer }) => answer),
    ]);
  } else if (kind === "waitlist") {
    header = ["Position", "Name", "Email", "Account", "Waitlisted at (UTC)"];
    rows = sheet.waitlist.map((row, index) => [index + 1, ...who(row.user), row.waitlistedAt ?? row.registeredAt]);
  } else if (kind === "attendance") {
    header = ["Name", "Email", "Account", "Attendance", "Joined at (UTC)", "Minutes attended"];
    rows = sheet.attendees.map((row) => [...who(row.user), ATTENDANCE_LABELS[row.attendance], row.joinedAt, row.minutesAttended]);
  } else {
    header = ["Name", "Email", "Account", "Kind", "Score", "Comment", "Given at (UTC)"];
    rows = sheet.feedback.map((row) => [...who(row.user), row.kind, row.score, row.comment, row.createdAt]);
  }
  const day = session.startsAt.toISOString().slice(0, 10);
  return { filename: `lyceum-${slug(session.title)}-${day}-${kind}.csv`, csv: toCsv(header, rows) };
}

/** 404 unless the registration belongs to this session, so a sheet's buttons only touch its own rows. */
export async function assertRegistrationInSession(actor: Actor, sessionId: string, registrationId: string) {
  assertSessionRight(actor, "sessions.view");
  const found = await prisma.registration.count({ where: { id: registrationId, sessionId } });
  if (!found) throw new Response("That registration is not part of this session.", { status: 404 });
}
