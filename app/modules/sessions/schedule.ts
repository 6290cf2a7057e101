// Session time math. A host picks a wall-clock date and time in their own IANA zone; we store the UTC
// instant plus that zone. Everything here uses Intl only, so the zone rules are whatever the runtime's
// ICU data says (the same data that later formats the time for viewers).
//
// Worked example, America/New_York in 2026 (EST = UTC−5, EDT = UTC−4):
//   8 March 02:00 EST the clocks jump to 03:00 EDT, so 02:30 does not exist that day.
//     zonedLocalToUtc("2026-03-08", "02:30", NY) → 07:30Z, which reads 03:30 EDT: moved forward by the
//     one-hour gap, the way a person would shift a meeting that fell into the hole.
//   1 November 02:00 EDT the clocks fall back to 01:00 EST, so 01:30 happens twice.
//     zonedLocalToUtc("2026-11-01", "01:30", NY) → 05:30Z (01:30 EDT), the first of the two. Picking
//     the earlier instant means nobody arrives an hour after a session started.

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Upper bound for one series, so a bad form value cannot make us build thousands of rows. */
export const MAX_SERIES_OCCURRENCES = 52;

export type ZonedParts = { date: string; time: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? NaN,
    month: parts.month ?? NaN,
    day: parts.day ?? NaN,
    // Some ICU versions print midnight as 24 even with h23.
    hour: (parts.hour ?? NaN) % 24,
    minute: parts.minute ?? NaN,
    second: parts.second ?? NaN,
  };
}

/** Milliseconds to add to UTC to get the zone's wall clock at that instant (EDT → −4 h). */
function offsetAt(epochMs: number, timeZone: string): number {
  const wall = wallClockAt(epochMs, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

function parseLocalDate(localDate: string) {
  const match = LOCAL_DATE.exec(localDate);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC happily rolls 30 February into March; a date that does not round-trip is not a date.
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`Expected a date as YYYY-MM-DD, got "${localDate}"`);
}

function parseLocalTime(localTime: string) {
  const match = LOCAL_TIME.exec(localTime);
  if (match) {
    const [hour, minute] = [Number(match[1]), Number(match[2])];
    if (hour < 24 && minute < 60) return { hour, minute };
  }
  throw new RangeError(`Expected a time as HH:MM (24-hour), got "${localTime}"`);
}

function pad(value: number, width = 2) {
  return String(value).padStart(width, "0");
}

function formatLocalDate(year: number, month: number, day: number) {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The UTC instant at which `timeZone`'s clocks read `localDate` `localTime`.
 * A time skipped by a spring-forward gap moves forward by the gap's length; a time that happens twice
 * at a fall-back resolves to the first (earlier) occurrence. Throws RangeError for malformed input or
 * an unknown zone.
 */
export function zonedLocalToUtc(localDate: string, localTime: string, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(localDate);
  const { hour, minute } = parseLocalTime(localTime);
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);

  // Real offsets lie within ±14 h, so a day either side of the wall time brackets any transition that
  // could touch it: `before` is the offset in force before it, `after` the one after.
  const before = offsetAt(wallAsUtc - DAY_MS, timeZone);
  const after = offsetAt(wallAsUtc + DAY_MS, timeZone);

  const candidates = [wallAsUtc - before, wallAsUtc - after]
    .filter((instant) => offsetAt(instant, timeZone) === wallAsUtc - instant)
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);

  // No instant shows this wall time: it is in a gap. Reading it with the pre-gap offset lands the same
  // distance past the jump, i.e. 02:30 in a 02:00→03:00 gap becomes 03:30.
  return new Date(wallAsUtc - before);
}

/** The wall-clock date and time of `date` in `timeZone`, for `<input type="date">` and `type="time"`. */
export function utcToZonedParts(date: Date, timeZone: string): ZonedParts {
  const wall = wallClockAt(date.getTime(), timeZone);
  return { date: formatLocalDate(wall.year, wall.month, wall.day), time: `${pad(wall.hour)}:${pad(wall.minute)}` };
}

/** `localDate` plus `days` calendar days, as YYYY-MM-DD (no zone involved: calendar days do not shift). */
export function addLocalDays(localDate: string, days: number): string {
  const { year, month, day } = parseLocalDate(localDate);
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return formatLocalDate(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

export type SeriesInput = {
  firstDate: string;
  time: string;
  timeZone: string;
  intervalWeeks: number;
  occurrences: number;
};

/**
 * Start instants of a repeating session. Each occurrence keeps the host's wall time (10:00 stays 10:00
 * in New York after the clocks change), so the gap between instants is not always a whole number of
 * weeks in UTC.
 */
export function seriesStarts({ firstDate, time, timeZone, intervalWeeks, occurrences }: SeriesInput): Date[] {
  if (!Number.isInteger(intervalWeeks) || intervalWeeks < 1) {
    throw new RangeError(`intervalWeeks must be a positive whole number, got ${intervalWeeks}`);
  }
  if (!Number.isInteger(occurrences) || occurrences < 1 || occurrences > MAX_SERIES_OCCURRENCES) {
    throw new RangeError(`occurrences must be between 1 and ${MAX_SERIES_OCCURRENCES}, got ${occurrences}`);
  }
  return Array.from({ length: occurrences }, (_, index) =>
    zonedLocalToUtc(addLocalDays(firstDate, index * intervalWeeks * 7), time, timeZone),
  );
}

export function sessionEnd(start: Date, durationMinutes: number): Date {
  return new Date(start.getTime() + durationMinutes * MINUTE_MS);
}

export function hasStarted(start: Date, now: Date = new Date()): boolean {
  return now.getTime() >= start.getTime();
}
