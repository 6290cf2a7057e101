import Papa from "papaparse";
import { DomainError } from "~/modules/auth/errors.ts";
import { zonedLocalToUtc } from "./schedule.ts";

// The pure half of "import attendance": a meeting provider's participant report (Zoom, Google Meet,
// Teams) in, one line per person out. Providers name their columns differently and list a person once
// per connection, so columns are matched loosely and rejoins are folded together here.

export const MAX_ATTENDANCE_BYTES = 2 * 1024 * 1024;
/** A cap far above any real meeting, so a hostile file cannot make one request do unbounded work. */
export const MAX_ATTENDANCE_ROWS = 20_000;

export type ReportedAttendee = {
  /** Lower-cased, as registrations are matched on it. */
  email: string;
  /** Earliest join across the person's rows; null when no row had a readable time. */
  joinedAt: Date | null;
  /** Sum over the person's rows, whole minutes. */
  minutes: number;
};

export type AttendanceReport = {
  attendees: ReportedAttendee[];
  /** Data rows in the file (blank lines excluded). */
  totalRows: number;
  /** Rows without an email address: guests who joined by phone or without signing in. */
  skippedRows: number;
};

type Column = "email" | "join" | "leave" | "minutes";

// Compared after lower-casing and dropping everything but letters, so "User Email", "user_email" and
// "Duration (Minutes)" all match. Order matters: the first header that matches a column wins.
const COLUMN_NAMES: Record<Column, string[]> = {
  email: ["useremail", "email", "attendeeemail", "emailaddress", "participantemail"],
  join: ["jointime", "joined", "firstjoin", "jointimestamp"],
  leave: ["leavetime", "left", "lastleave", "leavetimestamp"],
  minutes: ["durationminutes", "duration", "minutes", "timeinmeetingminutes", "inmeetingduration"],
};

const normalizeHeader = (header: string) => header.toLowerCase().replace(/[^a-z]/g, "");

function mapColumns(headers: string[]): Partial<Record<Column, string>> {
  const normalized = headers.map((header) => ({ header, key: normalizeHeader(header) }));
  const mapped: Partial<Record<Column, string>> = {};
  for (const column of Object.keys(COLUMN_NAMES) as Column[]) {
    for (const name of COLUMN_NAMES[column]) {
      const match = normalized.find((entry) => entry.key === name);
      if (match) {
        mapped[column] = match.header;
        break;
      }
    }
  }
  return mapped;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;
const US_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2})(?::\d{2})?(?: ?([AP])\.?M\.?)?$/i;

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * A report time. Providers usually write wall-clock times without a zone (in the zone of the account
 * that exported the report), so those are read in `timeZone`, the session's own zone. Unreadable → null.
 */
export function parseReportTime(text: string, timeZone: string): Date | null {
  const value = text.trim();
  if (!value) return null;
  if (WITH_ZONE.test(value)) {
    const date = new Date(value.replace(" ", "T"));
    return Number.isNaN(date.getTime()) ? null : date;
  }
  let parts: { year: number; month: number; day: number; hour: number; minute: number } | null = null;
  const iso = ISO_LOCAL.exec(value);
  if (iso) parts = { year: +iso[1]!, month: +iso[2]!, day: +iso[3]!, hour: +iso[4]!, minute: +iso[5]! };
  const us = US_LOCAL.exec(value);
  if (us) {
    let hour = +us[4]!;
    const meridiem = us[6]?.toUpperCase();
    if (meridiem && (hour < 1 || hour > 12)) return null;
    if (meridiem === "A" && hour === 12) hour = 0;
    if (meridiem === "P" && hour !== 12) hour += 12;
    parts = { year: +us[3]!, month: +us[1]!, day: +us[2]!, hour, minute: +us[5]! };
  }
  if (!parts || parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31 || parts.hour > 23 || parts.minute > 59) {
    return null;
  }
  try {
    return zonedLocalToUtc(`${parts.year}-${pad(parts.month)}-${pad(parts.day)}`, `${pad(parts.hour)}:${pad(parts.minute)}`, timeZone);
  } catch {
    return null;
  }
}

const HMS = /^(?:(\d+(?:\.\d+)?)\s*h[a-z]*)?\s*(?:(\d+(?:\.\d+)?)\s*m[a-z]*)?\s*(?:(\d+(?:\.\d+)?)\s*s[a-z]*)?$/i;
const CLOCK = /^(\d+):(\d{2})(?::(\d{2}))?$/;

/** Minutes from "42", "42.5", "1h 5m 30s" (Teams) or "01:05:30" (Meet). Unreadable → null. */
export function parseReportMinutes(text: string): number | null {
  const value = text.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const clock = CLOCK.exec(value);
  if (clock) return clock[3] === undefined ? +clock[1]! * 60 + +clock[2]! : +clock[1]! * 60 + +clock[2]! + +clock[3]! / 60;
  const hms = HMS.exec(value);
  if (hms && (hms[1] || hms[2] || hms[3])) return Number(hms[1] ?? 0) * 60 + Number(hms[2] ?? 0) + Number(hms[3] ?? 0) / 60;
  return null;
}

/**
 * Reads a participant report. Throws a 400 DomainError on `file` when the file is not a usable
 * report (no email column, no rows, too many rows), so the route can show it next to the upload field.
 */
export function parseAttendanceCsv(text: string, { timeZone = "UTC" }: { timeZone?: string } = {}): AttendanceReport {
  // Excel and Teams write a byte-order mark; Papa would keep it in the first header.
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (header) => header.trim(),
  });
  const headers = parsed.meta.fields ?? [];
  const columns = mapColumns(headers);
  if (!columns.email) {
    throw new DomainError(
      400,
      "This file has no email column. Export the participant report with attendee emails (a column named “Email” or “User Email”).",
      "file",
    );
  }
  if (parsed.data.length === 0) throw new DomainError(400, "This file has no participant rows.", "file");
  if (parsed.data.length > MAX_ATTENDANCE_ROWS) {
    throw new DomainError(400, `This file has more than ${MAX_ATTENDANCE_ROWS.toLocaleString("en-US")} rows.`, "file");
  }

  const byEmail = new Map<string, ReportedAttendee>();
  let skippedRows = 0;
  for (const row of parsed.data) {
    const email = (row[columns.email] ?? "").trim().toLowerCase();
    if (!EMAIL.test(email)) {
      skippedRows++;
      continue;
    }
    const joinedAt = columns.join ? parseReportTime(row[columns.join] ?? "", timeZone) : null;
    const leftAt = columns.leave ? parseReportTime(row[columns.leave] ?? "", timeZone) : null;
    let minutes = columns.minutes ? parseReportMinutes(row[columns.minutes] ?? "") : null;
    // Reports without a duration column still have join and leave times to measure the stay by.
    if (minutes === null && joinedAt && leftAt && leftAt > joinedAt) minutes = (leftAt.getTime() - joinedAt.getTime()) / 60_000;
    const known = byEmail.get(email);
    if (!known) {
      byEmail.set(email, { email, joinedAt, minutes: minutes ?? 0 });
      continue;
    }
    known.minutes += minutes ?? 0;
    if (joinedAt && (!known.joinedAt || joinedAt < known.joinedAt)) known.joinedAt = joinedAt;
  }
  // Rounded once at the end, so several short reconnections do not each lose their fraction.
  const attendees = [...byEmail.values()].map((attendee) => ({ ...attendee, minutes: Math.round(attendee.minutes) }));
  return { attendees, totalRows: parsed.data.length, skippedRows };
}
