// Wall-clock time in an IANA zone ↔ UTC instants. Used by sessions (a host's chosen start) and by the
// queue's slot engine (a CSM's weekly hours). Intl only, so the zone rules are whatever the runtime's
// ICU data says (the same data that later formats the time for viewers).
//
// Worked example, America/New_York in 2026 (EST = UTC−5, EDT = UTC−4):
//   8 March 02:00 EST the clocks jump to 03:00 EDT, so 02:30 does not exist that day.
//     zonedLocalToUtc("2026-03-08", "02:30", NY) → 07:30Z, which reads 03:30 EDT: moved forward by the
//     one-hour gap, the way a person would shift a meeting that fell into the hole.
//   1 November 02:00 EDT the clocks fall back to 01:00 EST, so 01:30 happens twice.
//     zonedLocalToUtc("2026-11-01", "01:30", NY) → 05:30Z (01:30 EDT), the first of the two. Picking
//     the earlier instant means nobody arrives an hour after a session started.
//
// A "wall" value below is a wall-clock reading encoded as if it were UTC: 2026-03-08 02:30 in any zone is
// Date.UTC(2026, 2, 8, 2, 30). It is not an instant; subtracting the zone's offset makes it one.

import { dateTimeFormat } from "./format.ts";

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

export type ZonedParts = { date: string; time: string };

const WALL_CLOCK: Intl.DateTimeFormatOptions = {
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
};

// Throws RangeError for an unknown zone, which is what callers should see.
const formatterFor = (timeZone: string) => dateTimeFormat("en-US", { ...WALL_CLOCK, timeZone });

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The wall-clock reading in `timeZone` at an instant; throws RangeError for an unknown zone. */
export function wallClockAt(epochMs: number, timeZone: string): WallClock {
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
export function zoneOffsetAt(epochMs: number, timeZone: string): number {
  const wall = wallClockAt(epochMs, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

function parseLocalDateParts(localDate: string) {
  const match = LOCAL_DATE.exec(localDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC happily rolls 30 February into March; a date that does not round-trip is not a date.
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

function parseLocalDate(localDate: string) {
  const parts = parseLocalDateParts(localDate);
  if (!parts) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${localDate}"`);
  return parts;
}

/** True for a real calendar date written YYYY-MM-DD (so not 2026-02-30). */
export function isLocalDate(value: string): boolean {
  return parseLocalDateParts(value) !== null;
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

/** Days since 1970-01-01 of a YYYY-MM-DD calendar date (no zone involved). */
export function localDateToDayNumber(localDate: string): number {
  const { year, month, day } = parseLocalDate(localDate);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The YYYY-MM-DD calendar date `dayNumber` days after 1970-01-01. */
export function dayNumberToLocalDate(dayNumber: number): string {
  const date = new Date(dayNumber * DAY_MS);
  return formatLocalDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export type WallClockResolution = {
  /** The instant. For a wall time that never happens, the instant it is shifted forward to. */
  epochMs: number;
  /** True when the wall time falls in a spring-forward gap and so does not exist that day. */
  skipped: boolean;
};

/**
 * The instant at which a zone's clocks read `wall`, given a way to read the zone's offset.
 * A time that happens twice (fall back) resolves to the earlier instant; a time in a gap (spring forward)
 * is read with the offset in force before the gap, which lands it the gap's length later on the wall
 * (02:30 in a 02:00→03:00 gap becomes 03:30), and is flagged as skipped.
 */
function resolveWallClock(wall: number, offsetAt: (epochMs: number) => number): WallClockResolution {
  // Real offsets lie within ±14 h, so a day either side of the wall time brackets any transition that
  // could touch it: `before` is the offset in force before it, `after` the one after.
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  const early = wall - Math.max(before, after);
  const late = wall - Math.min(before, after);
  if (offsetAt(early) === wall - early) return { epochMs: early, skipped: false };
  if (late !== early && offsetAt(late) === wall - late) return { epochMs: late, skipped: false };
  return { epochMs: wall - before, skipped: true };
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
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  return new Date(resolveWallClock(wall, (epochMs) => zoneOffsetAt(epochMs, timeZone)).epochMs);
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

/**
 * A zone's offsets over a stretch of time, read from Intl once so that many conversions inside it cost
 * arithmetic only (one Intl reading costs about 10 µs; a month of slots needs thousands of conversions).
 * Outside the stretch it asks Intl directly, so answers are always right, only slower.
 */
export type ZoneTimeline = {
  readonly timeZone: string;
  /** Milliseconds to add to UTC to get the wall clock at `epochMs`. */
  offsetAt(epochMs: number): number;
  /** The instant of a wall-clock reading, with the same rules as zonedLocalToUtc. */
  resolve(wall: number): WallClockResolution;
  /** Days since 1970-01-01 of the zone's calendar date at `epochMs`. */
  dayNumberAt(epochMs: number): number;
};

const SECOND_MS = 1000;

// Offsets at UTC midnights, and the second at which the offset changed within a UTC day, per zone. They
// are facts of the runtime's zone data and never change while it runs, so they are kept: after the first
// request for a stretch of days, building a timeline over it costs no Intl reading at all.
const midnightOffsets = new Map<string, Map<number, number>>();
const changeInstants = new Map<string, Map<number, number>>();
const MEMO_LIMIT_PER_ZONE = 50_000;

function remembered(memo: Map<string, Map<number, number>>, timeZone: string, key: number, compute: () => number) {
  let byKey = memo.get(timeZone);
  if (!byKey) memo.set(timeZone, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) {
    value = compute();
    if (byKey.size >= MEMO_LIMIT_PER_ZONE) byKey.clear();
    byKey.set(key, value);
  }
  return value;
}

const offsetAtMidnight = (timeZone: string, dayNumber: number) =>
  remembered(midnightOffsets, timeZone, dayNumber, () => zoneOffsetAt(dayNumber * DAY_MS, timeZone));

/** The first second of UTC day `dayNumber` at which the offset differs from the one at its midnight. */
function changeWithin(timeZone: string, dayNumber: number) {
  return remembered(changeInstants, timeZone, dayNumber, () => {
    const before = offsetAtMidnight(timeZone, dayNumber);
    let [lo, hi] = [dayNumber * DAY_MS, (dayNumber + 1) * DAY_MS]; // `before` at lo, changed at hi
    while (hi - lo > SECOND_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND_MS) * SECOND_MS;
      if (zoneOffsetAt(mid, timeZone) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  });
}

/**
 * Reads the offset at every UTC midnight from two days before `fromMs` to two days after `toMs` (so
 * resolve()'s ±1 day brackets stay inside), and where two midnights differ, bisects to the second at
 * which the offset changed. Like zonedLocalToUtc, this assumes a zone never changes its offset twice
 * within one day.
 */
export function zoneTimeline(timeZone: string, fromMs: number, toMs: number): ZoneTimeline {
  const firstDay = Math.floor(fromMs / DAY_MS) - 2;
  const lastDay = Math.max(firstDay, Math.ceil(toMs / DAY_MS) + 2);
  const [coverFrom, coverTo] = [firstDay * DAY_MS, lastDay * DAY_MS];
  const read = (epochMs: number) => zoneOffsetAt(epochMs, timeZone);

  // changes[i] is the first instant at which offsets[i] applies; offsets[0] applies from coverFrom.
  const changes: number[] = [coverFrom];
  const offsets: number[] = [offsetAtMidnight(timeZone, firstDay)];
  for (let day = firstDay; day < lastDay; day++) {
    const next = offsetAtMidnight(timeZone, day + 1);
    if (next !== offsets[offsets.length - 1]) {
      changes.push(changeWithin(timeZone, day));
      offsets.push(next);
    }
  }

  const offsetAt = (epochMs: number) => {
    if (epochMs < coverFrom || epochMs > coverTo) return read(epochMs);
    let index = changes.length - 1;
    while (index > 0 && changes[index]! > epochMs) index--;
    return offsets[index]!;
  };

  return {
    timeZone,
    offsetAt,
    resolve: (wall) => resolveWallClock(wall, offsetAt),
    dayNumberAt: (epochMs) => Math.floor((epochMs + offsetAt(epochMs)) / DAY_MS),
  };
}
