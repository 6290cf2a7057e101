import type { AttendanceStatus, BookingStatus, ContentKind, RegistrationStatus } from "~/generated/prisma/enums.ts";
import { daysUntil, localDay } from "~/utils/relative-days.ts";

// The CSM's side of a booked hour, as words: where a booking stands, what may be done with it next,
// and what the customer did before it. No Prisma here; brief.server.ts feeds these from the database.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  CONFIRMED: "Booked",
  CANCELLED: "Cancelled",
  COMPLETED: "Completed",
  NO_SHOW: "No-show",
};

/** Where a booking stands for the CSM. "to-close": confirmed and over, so it still needs an outcome. */
export type BookingPhase = "upcoming" | "in-progress" | "to-close" | "completed" | "no-show" | "cancelled";

export const PHASE_LABELS: Record<BookingPhase, string> = {
  upcoming: "Upcoming",
  "in-progress": "In progress",
  "to-close": "To close",
  completed: "Completed",
  "no-show": "No-show",
  cancelled: "Cancelled",
};

type Timed = { status: BookingStatus; startsAt: Date; endsAt: Date };

export function bookingPhase({ status, startsAt, endsAt }: Timed, now: Date): BookingPhase {
  if (status === "CANCELLED") return "cancelled";
  if (status === "COMPLETED") return "completed";
  if (status === "NO_SHOW") return "no-show";
  if (endsAt.getTime() <= now.getTime()) return "to-close";
  return startsAt.getTime() <= now.getTime() ? "in-progress" : "upcoming";
}

/** The outcomes a CSM records after the call. */
export const OUTCOMES = ["COMPLETED", "NO_SHOW"] as const satisfies readonly BookingStatus[];
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Why this booking cannot be marked now, or null when it can: only a confirmed hour, and only once it
 * has started (a CSM who marks a no-show ten minutes in has waited long enough; one who marks it the
 * day before has not). `startsAtText` is the start as the viewer reads it.
 */
export function markRefusal(booking: { status: BookingStatus; startsAt: Date }, now: Date, startsAtText: string): string | null {
  switch (booking.status) {
    case "CANCELLED":
      return "This hour was cancelled, so there is no outcome to record.";
    case "COMPLETED":
      return "This hour is already marked completed. An outcome is recorded once; add a note if something needs correcting.";
    case "NO_SHOW":
      return "This hour is already marked as a no-show. An outcome is recorded once; add a note if something needs correcting.";
    case "CONFIRMED":
      return booking.startsAt.getTime() > now.getTime()
        ? `This hour starts ${startsAtText}. Mark it completed or a no-show once it has started.`
        : null;
  }
}

/** Why no follow-up may be sent for this booking now, or null when it may. */
export function followUpRefusal(booking: { status: BookingStatus; followUpSentAt: Date | null }, sentAtText = ""): string | null {
  if (booking.followUpSentAt) return `The follow-up was already sent${sentAtText ? ` on ${sentAtText}` : ""}. Each hour gets one.`;
  if (booking.status === "CANCELLED") return "This hour was cancelled, so there is no call to follow up.";
  if (booking.status === "CONFIRMED") return "Mark the hour completed or a no-show first, so the email says the right thing.";
  return null;
}

export { daysInWords, daysUntil, renewalInWords } from "~/utils/relative-days.ts";

/** A renewal close enough that the hour should keep it in mind: within the next 90 days, or overdue. */
export function renewalIsNear(days: number): boolean {
  return days <= 90;
}

/**
 * "in 5 minutes", "in 2 hours", then calendar days as the viewer's calendar reads them: 10:00 on
 * Wednesday seen on Monday afternoon is "in 2 days", not the 1.8 days a stopwatch would round to 1.
 */
export function relativeTime(at: Date, now: Date, timeZone = "UTC", locale = "en-US"): string {
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  } catch {
    format = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });
  }
  if (abs < MINUTE_MS) return "now";
  if (abs < HOUR_MS) return format.format(Math.trunc(diff / MINUTE_MS), "minute");
  const days = daysUntil(new Date(`${localDay(at, timeZone)}T00:00:00Z`), now, timeZone);
  if (abs < DAY_MS && Math.abs(days) <= 1) return format.format(Math.trunc(diff / HOUR_MS), "hour");
  return format.format(days, "day");
}

export type Answer = { question: string; answer: string };

function humanize(key: string) {
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

function answerText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(answerText).filter(Boolean).join(", ");
  return "";
}

/**
 * The booking's answers (CsmBooking.answers, JSON) as question and answer pairs. Takes an object of
 * `{ question: answer }` or a list of `{ question | label, answer | value }`; anything unreadable or
 * empty is left out rather than failing the brief.
 */
export function parseAnswers(json: string | null | undefined): Answer[] {
  let value: unknown;
  try {
    value = JSON.parse(json || "{}");
  } catch {
    return [];
  }
  const pairs: Answer[] = [];
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (!entry || typeof entry !== "object") continue;
      const record = entry as Record<string, unknown>;
      const question = answerText(record.question ?? record.label);
      const answer = answerText(record.answer ?? record.value);
      if (question && answer) pairs.push({ question, answer });
    }
  } else if (value && typeof value === "object") {
    for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
      const answer = answerText(raw);
      if (answer) pairs.push({ question: humanize(key), answer });
    }
  }
  return pairs.slice(0, 20);
}

// ---------------------------------------------------------------------------------------------
// What the customer did: engagement events counted per kind, in words.

/** One group of engagement events: how many of `kind` were recorded about `subjectId`. */
export type ActivityCount = { kind: string; subjectId: string | null; count: number };

// What a CSM wants to know before the call, in the order they want to read it. Events about the
// same subject count once (a video watched in five sittings is one video watched).
const ACTIVITY_PHRASES: ReadonlyArray<readonly [kind: string, one: string, many: (n: number) => string]> = [
  ["session.attended", "attended 1 session", (n) => `attended ${n} sessions`],
  ["session.registered", "registered for 1 session", (n) => `registered for ${n} sessions`],
  ["session.no_show", "missed 1 session", (n) => `missed ${n} sessions`],
  ["video.watched", "watched 1 video", (n) => `watched ${n} videos`],
  ["video.completed", "finished 1 video", (n) => `finished ${n} videos`],
  ["document.opened", "opened 1 document", (n) => `opened ${n} documents`],
  ["path.completed", "completed 1 learning path", (n) => `completed ${n} learning paths`],
  ["csm_hour.attended", "had 1 CSM hour", (n) => `had ${n} CSM hours`],
  ["csm_hour.no_show", "missed 1 CSM hour", (n) => `missed ${n} CSM hours`],
  ["newsletter.opened", "opened 1 newsletter", (n) => `opened ${n} newsletters`],
];

/** How many distinct things of each kind: events without a subject count one each. */
export function countActivity(rows: readonly ActivityCount[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.kind, (totals.get(row.kind) ?? 0) + (row.subjectId === null ? row.count : 1));
  return totals;
}

/** The activity as phrases, most telling first: ["attended 2 sessions", "watched 1 video"]. */
export function activityPhrases(rows: readonly ActivityCount[]): string[] {
  const totals = countActivity(rows);
  return ACTIVITY_PHRASES.flatMap(([kind, one, many]) => {
    const n = totals.get(kind) ?? 0;
    return n === 0 ? [] : [n === 1 ? one : many(n)];
  });
}

/** "Attended 2 sessions, watched 1 video and opened 3 documents." or what to say when there is nothing. */
export function activityInWords(rows: readonly ActivityCount[], emptyText: string): string {
  const phrases = activityPhrases(rows);
  if (phrases.length === 0) return emptyText;
  const list = phrases.length === 1 ? phrases[0]! : `${phrases.slice(0, -1).join(", ")} and ${phrases.at(-1)}`;
  return `${list[0]!.toUpperCase()}${list.slice(1)}.`;
}

/** A registration as the CSM reads it: "Attended (45 min)", "Missed it", "Registered". */
export function registrationInWords(
  registration: { status: RegistrationStatus; attendance: AttendanceStatus; minutesAttended: number | null; sessionStartsAt: Date },
  now: Date,
): string {
  if (registration.status === "CANCELLED") return "Cancelled their seat";
  if (registration.status === "WAITLISTED") return "On the waitlist";
  if (registration.status === "OFFERED") return "Offered a seat";
  if (registration.attendance === "ATTENDED") {
    return registration.minutesAttended ? `Attended (${registration.minutesAttended} min)` : "Attended";
  }
  if (registration.attendance === "NO_SHOW") return "Missed it";
  return registration.sessionStartsAt.getTime() > now.getTime() ? "Registered" : "Registered; attendance not recorded";
}

/** Library progress as the CSM reads it: "Finished", "Watched 40%", "Opened 3 times, downloaded". */
export function progressInWords(progress: {
  kind: ContentKind;
  percent: number;
  opens: number;
  downloads: number;
  completedAt: Date | null;
}): string {
  if (progress.kind === "VIDEO") {
    if (progress.completedAt) return "Finished";
    const percent = Math.round(progress.percent);
    return percent > 0 ? `Watched ${percent}%` : "Started";
  }
  const opened = progress.opens === 1 ? "Opened once" : progress.opens > 1 ? `Opened ${progress.opens} times` : "Opened";
  return progress.downloads > 0 ? `${opened}, downloaded` : opened;
}

/** A note or purpose cut to fit a list, at a word boundary where there is one. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
