// What the availability screens turn form fields into, and the small checks they run before saving.
// Stored shapes (prisma/schema.prisma, queue section):
//   CsmAvailability.weeklyHours  { mon: [{ start: "09:00", end: "12:00" }], tue: [...], ..., sun: [] }
//   AvailabilityOverride.ranges  [{ start: "09:00", end: "12:00" }]   ([] = unavailable all day)
// Times are wall-clock HH:MM in the CSM's zone; "24:00" is allowed as an end (midnight at the end of the
// day). `rangeProblems` is deliberately small so it can later give way to the slot engine's validator.
import { utcToZonedParts, zonedLocalToUtc } from "~/modules/sessions/schedule.ts";
import { minutesOfDay, WEEKDAYS, type TimeRange, type Weekday, type WeeklyHours } from "./availability.ts";

// The slot engine's shapes are the stored ones; the screens use them as they are.
export { WEEKDAYS, type TimeRange, type Weekday, type WeeklyHours };

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export const MAX_RANGES_PER_DAY = 6;
/** Rows the no-JavaScript editor shows per day (more only when more are stored). */
export const FORM_RANGE_ROWS = 3;

const START_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** "13:30" → 810; "24:00" → 1440. Expects a time that passed the patterns above. */
export const minutesOf = minutesOfDay;

/** "09:00–12:00" with an en dash, as every message and list shows a range. */
export function formatRange(range: TimeRange): string {
  return `${range.start}–${range.end}`;
}

export type RangeProblem = { index: number; message: string };

/**
 * What is wrong with one day's ranges: HH:MM times, each start before its end, no two overlapping
 * (touching, like 09:00–12:00 and 12:00–13:00, is fine), at most MAX_RANGES_PER_DAY. `index` points at
 * the range to mark; messages carry no day name, so callers prefix their own.
 */
export function rangeProblems(ranges: readonly TimeRange[]): RangeProblem[] {
  const problems: RangeProblem[] = [];
  if (ranges.length > MAX_RANGES_PER_DAY) {
    problems.push({ index: MAX_RANGES_PER_DAY, message: `use at most ${MAX_RANGES_PER_DAY} ranges a day` });
  }
  const wellFormed: { index: number; range: TimeRange }[] = [];
  ranges.forEach((range, index) => {
    if (!START_TIME.test(range.start)) {
      problems.push({ index, message: `“${range.start}” is not a start time; use HH:MM, like 09:30` });
    } else if (!END_TIME.test(range.end)) {
      problems.push({ index, message: `“${range.end}” is not an end time; use HH:MM, like 17:00` });
    } else if (minutesOf(range.start) === minutesOf(range.end)) {
      problems.push({ index, message: `${formatRange(range)} is empty: it ends when it starts` });
    } else if (minutesOf(range.start) > minutesOf(range.end)) {
      problems.push({ index, message: `${formatRange(range)} ends before it starts` });
    } else {
      wellFormed.push({ index, range });
    }
  });
  const byStart = [...wellFormed].sort((a, b) => minutesOf(a.range.start) - minutesOf(b.range.start));
  for (let i = 1; i < byStart.length; i++) {
    const earlier = byStart[i - 1]!;
    const later = byStart[i]!;
    if (minutesOf(later.range.start) < minutesOf(earlier.range.end)) {
      problems.push({ index: later.index, message: `${formatRange(earlier.range)} overlaps ${formatRange(later.range)}` });
    }
  }
  return problems;
}

export function sortRanges(ranges: readonly TimeRange[]): TimeRange[] {
  return [...ranges].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
}

/** One row of start/end inputs as the form posts it: blank inputs are absent. */
// Rows come from forms before validation: a repeated field arrives as an array, so sides are unknown.
export type RangeRow = { start?: unknown; end?: unknown } | null | undefined;
export type RowsResult = { ranges: TimeRange[]; problems: RangeProblem[] };

// A `<input type="time">` with a seconds step posts "09:30:00"; whole minutes are all we keep.
function normaliseTime(text: unknown) {
  if (typeof text !== "string") return "";
  const trimmed = text.trim();
  return /^\d{2}:\d{2}:00$/.test(trimmed) ? trimmed.slice(0, 5) : trimmed;
}

/**
 * Form rows → sorted ranges, or the problems that stop it. Blank rows are skipped; a row with only one
 * side filled is a problem. An end of 00:00 after a later start means midnight at the end of the day
 * (a time input cannot show 24:00), so it is stored as "24:00".
 */
export function rangesFromRows(rows: readonly RangeRow[] | undefined): RowsResult {
  const filled: { index: number; range: TimeRange }[] = [];
  const problems: RangeProblem[] = [];
  (rows ?? []).forEach((row, index) => {
    const start = normaliseTime(row?.start);
    let end = normaliseTime(row?.end);
    if (!start && !end) return;
    if (!start || !end) {
      problems.push({ index, message: `range ${index + 1} needs ${start ? "an end" : "a start"} time too` });
      return;
    }
    if (end === "00:00" && start !== "00:00") end = "24:00";
    filled.push({ index, range: { start, end } });
  });
  for (const problem of rangeProblems(filled.map((entry) => entry.range))) {
    problems.push({ index: filled[problem.index]?.index ?? problem.index, message: problem.message });
  }
  return { ranges: problems.length ? [] : sortRanges(filled.map((entry) => entry.range)), problems };
}

/** Monday to Friday, 09:00–12:00 and 13:00–17:00: what a CSM who never saved their hours offers. */
export function defaultWeeklyHours(): WeeklyHours {
  const workday = () => [
    { start: "09:00", end: "12:00" },
    { start: "13:00", end: "17:00" },
  ];
  return { mon: workday(), tue: workday(), wed: workday(), thu: workday(), fri: workday(), sat: [], sun: [] };
}

export function emptyWeeklyHours(): WeeklyHours {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

function isRangeList(value: unknown): value is TimeRange[] {
  return (
    Array.isArray(value) &&
    value.every((item) => item !== null && typeof item === "object" && typeof item.start === "string" && typeof item.end === "string") &&
    rangeProblems(value).length === 0
  );
}

/** Stored ranges JSON → ranges; anything malformed reads as null, so a bad row cannot break a page. */
export function readRangesJson(text: string): TimeRange[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRangeList(value) ? value.map(({ start, end }) => ({ start, end })) : null;
  } catch {
    return null;
  }
}

/** Stored weekly hours JSON → all seven days; a missing day is an empty one, a malformed value null. */
export function readWeeklyHoursJson(text: string): WeeklyHours | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
    const week = emptyWeeklyHours();
    for (const day of WEEKDAYS) {
      const ranges = (value as Record<string, unknown>)[day] ?? [];
      if (!isRangeList(ranges)) return null;
      week[day] = ranges.map(({ start, end }) => ({ start, end }));
    }
    return week;
  } catch {
    return null;
  }
}

/** Stable JSON with the days in calendar order, exactly the stored shape. */
export function weeklyHoursJson(week: WeeklyHours): string {
  return JSON.stringify(Object.fromEntries(WEEKDAYS.map((day) => [day, week[day].map(({ start, end }) => ({ start, end }))])));
}

export function rangesJson(ranges: readonly TimeRange[]): string {
  return JSON.stringify(ranges.map(({ start, end }) => ({ start, end })));
}

/** Minutes offered in a week, for "35 hours a week". */
export function weeklyMinutes(week: WeeklyHours): number {
  return WEEKDAYS.reduce(
    (total, day) => total + week[day].reduce((sum, range) => sum + minutesOf(range.end) - minutesOf(range.start), 0),
    0,
  );
}

/** A time input shows 00:00 for a stored end of 24:00 (its own range stops at 23:59). */
export function timeInputValue(time: string): string {
  return time === "24:00" ? "00:00" : time;
}

// ---------------------------------------------------------------------------------------------
// Time off: local date-times in the CSM's zone → UTC instants.
//
// Worked example, America/New_York 2026:
//   8 March, clocks jump 02:00 → 03:00: "2026-03-08T02:30" never happens there, so it is refused with
//   the suggestion 03:30 (sessions quietly move such a time forward; time off is about when a person is
//   away, so we ask rather than guess).
//   1 November, clocks fall back 02:00 → 01:00: "2026-11-01T01:30" happens twice. A start takes the
//   first (01:30 EDT = 05:30Z) and an end the second (01:30 EST = 06:30Z), so time off always covers
//   everything the CSM could have meant and never lets a booking into that hour.

export const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::00(?:\.0+)?)?$/;

export type LocalInstant =
  | { ok: true; instant: Date; ambiguous: boolean }
  | { ok: false; reason: "nonexistent"; suggestion: string }
  | { ok: false; reason: "malformed" };

function sameWallTime(instant: Date, date: string, time: string, timeZone: string) {
  const parts = utcToZonedParts(instant, timeZone);
  return parts.date === date && parts.time === time;
}

/**
 * The UTC instant of a local "YYYY-MM-DDTHH:MM" in `timeZone`. A wall time skipped by a spring-forward
 * gap is refused with the time it would have become; a time that happens twice resolves to the
 * earlier instant for `prefer: "earlier"` and the later one for `prefer: "later"`.
 */
export function localDateTimeToUtc(localDateTime: string, timeZone: string, prefer: "earlier" | "later"): LocalInstant {
  const match = LOCAL_DATE_TIME.exec(localDateTime.trim());
  if (!match) return { ok: false, reason: "malformed" };
  const [, date, time] = match as unknown as [string, string, string];
  let earliest: Date;
  try {
    earliest = zonedLocalToUtc(date, time, timeZone);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!sameWallTime(earliest, date, time, timeZone)) {
    return { ok: false, reason: "nonexistent", suggestion: utcToZonedParts(earliest, timeZone).time };
  }
  // A fall-back repeats the hour before it: the second reading lies the offset change later.
  for (const minutes of [30, 60, 120]) {
    const later = new Date(earliest.getTime() + minutes * 60_000);
    if (sameWallTime(later, date, time, timeZone)) {
      return { ok: true, instant: prefer === "later" ? later : earliest, ambiguous: true };
    }
  }
  return { ok: true, instant: earliest, ambiguous: false };
}
