// The slot engine of the one-to-many queue: pure code, no database and no clock of its own.
//
//   weekly hours (or that date's override), wall-clock ranges in the CSM's zone
//     → for each local date, candidate starts at range start + k × step, as wall times
//     → each candidate to a UTC instant (gaps skipped, repeated times taken once, at the first reading)
//     → keep those that end inside their range, fall in the window, notice and horizon, miss time off,
//       keep both buffers clear of other meetings, and fit under the day's cap of booked hours.
//
// Worked example, a CSM in America/New_York working 00:00–04:00 on Sunday 1 November 2026 (the clocks
// fall back from 02:00 EDT to 01:00 EST), one-hour offering, 30-minute step:
//   00:00 EDT 04:00Z · 00:30 EDT 04:30Z · 01:00 EDT 05:00Z · 01:30 EDT 05:30Z (ends 06:30Z = 01:30 EST)
//   02:00 EST 07:00Z · 02:30 EST 07:30Z · 03:00 EST 08:00Z (ends 09:00Z = 04:00 EST, the range end)
// 01:00 and 01:30 are offered once, as their first (EDT) reading; 06:00Z and 06:30Z, the second readings,
// are never starts, so nobody sees "01:30" twice in a list. On 8 March (02:00 EST → 03:00 EDT) the
// candidates 02:00 and 02:30 do not exist and are skipped; 01:30 EST lasts a real hour, to 03:30 EDT.
import { type ZoneTimeline, DAY_MS, MINUTE_MS, localDateToDayNumber, zoneTimeline } from "~/utils/zoned-time.ts";
import { type Availability, WEEKDAYS, minutesOfDay } from "./availability.ts";

export const DEFAULT_SLOT_MINUTES = 60;
const MIN_SLOT_MINUTES = 5;
const MAX_SLOT_MINUTES = 24 * 60;

/** Half-open: [start, end). */
export type Interval = { start: Date; end: Date };

/** A CSM and their availability, already validated by AvailabilitySchema (the engine does not re-check). */
export type CsmSchedule = { csmId: string; availability: Availability };

/**
 * What already fills a CSM's time. Bookings are queue hours (any offering): they carry the CSM's buffers
 * and count toward maxHoursPerDay. Other busy time (hosting a webinar, say) only has to stay clear of a
 * new slot and its buffers.
 */
export type BusyTimes = { bookings: readonly Interval[]; other?: readonly Interval[] };

export type SlotRequest = {
  /** Slots starting at or after `from` and before `to`. */
  from: Date;
  to: Date;
  /** The clock, passed in: notice and horizon count from here. */
  now: Date;
  /** Length of the offering in real minutes. Default 60. */
  durationMinutes?: number;
  /** Distance between candidate starts, from each range's start in the CSM's wall clock. Default: the duration. */
  stepMinutes?: number;
};

export type Slot = { start: Date; end: Date; csmId: string };
export type PoolSlot = { start: Date; end: Date; csmIds: string[] };
export type PoolMember = { csm: CsmSchedule; busy: BusyTimes };

type Window = { fromMs: number; toMs: number; nowMs: number; durationMinutes: number; stepMinutes: number };

function minutesParameter(name: string, value: number) {
  if (!Number.isInteger(value) || value < MIN_SLOT_MINUTES || value > MAX_SLOT_MINUTES) {
    throw new RangeError(`${name} must be a whole number from ${MIN_SLOT_MINUTES} to ${MAX_SLOT_MINUTES}, got ${value}`);
  }
  return value;
}

function instant(name: string, value: Date) {
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

function readRequest(request: SlotRequest): Window {
  const durationMinutes = minutesParameter("durationMinutes", request.durationMinutes ?? DEFAULT_SLOT_MINUTES);
  return {
    fromMs: instant("from", request.from),
    toMs: instant("to", request.to),
    nowMs: instant("now", request.now),
    durationMinutes,
    stepMinutes: minutesParameter("stepMinutes", request.stepMinutes ?? durationMinutes),
  };
}

/**
 * Disjoint sorted intervals. Queries come in (almost always) rising order, so a cursor walks forward
 * instead of scanning the whole list for every candidate; a query that goes back re-seeks by bisection.
 */
class IntervalSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private cursor = 0;
  private lastFrom = -Infinity;

  constructor(intervals: Array<[number, number]>) {
    intervals.sort((a, b) => a[0] - b[0]);
    for (const [start, end] of intervals) {
      if (!(start < end)) continue;
      const last = this.ends.length - 1;
      if (last >= 0 && start <= this.ends[last]!) this.ends[last] = Math.max(this.ends[last]!, end);
      else {
        this.starts.push(start);
        this.ends.push(end);
      }
    }
  }

  /** Whether [from, to) meets any interval. */
  overlaps(from: number, to: number): boolean {
    const { starts, ends } = this;
    if (from < this.lastFrom) {
      let [lo, hi] = [0, ends.length];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ends[mid]! <= from) lo = mid + 1;
        else hi = mid;
      }
      this.cursor = lo;
    }
    this.lastFrom = from;
    while (this.cursor < ends.length && ends[this.cursor]! <= from) this.cursor++;
    return this.cursor < starts.length && starts[this.cursor]! < to;
  }
}

type DayRanges = ReadonlyArray<readonly [startMinute: number, endMinute: number]>;

function compileRanges(ranges: ReadonlyArray<{ start: string; end: string }>): DayRanges {
  return ranges.map((range) => [minutesOfDay(range.start), minutesOfDay(range.end)] as const).sort((a, b) => a[0] - b[0]);
}

/** 0 = Monday, matching WEEKDAYS. 1 January 1970 (day 0) was a Thursday. */
function weekdayIndex(dayNumber: number) {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

const toPair = (interval: Interval): [number, number] => [interval.start.getTime(), interval.end.getTime()];

/** How far past `now` a CSM's slots can possibly start: the horizon's last local day ends before this. */
function horizonBound(nowMs: number, horizonDays: number) {
  // The last bookable wall time is under (horizonDays + 1) days after now's wall time; offsets can
  // differ by 26 h between the two instants, so three days of margin covers it.
  return nowMs + (horizonDays + 3) * DAY_MS;
}

/** Rising start instants (ms) of one CSM's free slots. */
function freeStarts(csm: CsmSchedule, busy: BusyTimes, window: Window, timeline: ZoneTimeline): number[] {
  const availability = csm.availability;
  const durationMs = window.durationMinutes * MINUTE_MS;
  const stepMinutes = window.stepMinutes;
  const bufferBeforeMs = availability.bufferBeforeMinutes * MINUTE_MS;
  const bufferAfterMs = availability.bufferAfterMinutes * MINUTE_MS;

  const lo = Math.max(window.fromMs, window.nowMs + availability.minimumNoticeMinutes * MINUTE_MS);
  const hi = Math.min(window.toMs, horizonBound(window.nowMs, availability.horizonDays));
  if (!(lo < hi)) return [];

  const lastDay = timeline.dayNumberAt(window.nowMs) + availability.horizonDays;
  // Local dates are not quite monotonic in instants (Chile falls back from 00:00 to 23:00), so look one
  // day either side of the window and let the instant checks decide.
  const firstDay = timeline.dayNumberAt(lo) - 1;
  const endDay = Math.min(lastDay, timeline.dayNumberAt(hi) + 1);

  const weekly = WEEKDAYS.map((weekday) => compileRanges(availability.weeklyHours[weekday]));
  const overrides = new Map<number, DayRanges>();
  for (const [localDate, ranges] of Object.entries(availability.overrides)) {
    const day = localDateToDayNumber(localDate);
    if (day >= firstDay && day <= endDay) overrides.set(day, compileRanges(ranges));
  }

  const timeOff = new IntervalSet(availability.timeOff.map((range) => [Date.parse(range.start), Date.parse(range.end)]));
  // A booking's own buffers and the new slot's buffers must not overlap (prep for one call and notes
  // from another are separate work), so bookings are widened by the buffers and tested against the
  // widened slot. Other busy time has no buffers of its own.
  const blocked = new IntervalSet([
    ...busy.bookings.map((booking): [number, number] => [booking.start.getTime() - bufferBeforeMs, booking.end.getTime() + bufferAfterMs]),
    ...(busy.other ?? []).map(toPair),
  ]);

  const maxMinutes = availability.maxHoursPerDay === null ? null : availability.maxHoursPerDay * 60;
  const bookedMinutes = new Map<number, number>();
  if (maxMinutes !== null) {
    // A booking counts toward the CSM's local date on which it starts.
    const [countFrom, countTo] = [lo - 3 * DAY_MS, hi + 3 * DAY_MS];
    for (const booking of busy.bookings) {
      const start = booking.start.getTime();
      if (start < countFrom || start > countTo) continue;
      const day = timeline.dayNumberAt(start);
      bookedMinutes.set(day, (bookedMinutes.get(day) ?? 0) + (booking.end.getTime() - start) / MINUTE_MS);
    }
  }

  const starts: number[] = [];
  for (let day = firstDay; day <= endDay; day++) {
    if (maxMinutes !== null && (bookedMinutes.get(day) ?? 0) + window.durationMinutes > maxMinutes) continue;
    const ranges = overrides.get(day) ?? weekly[weekdayIndex(day)]!;
    const dayWall = day * DAY_MS;
    for (const [startMinute, endMinute] of ranges) {
      const rangeEnd = timeline.resolve(dayWall + endMinute * MINUTE_MS).epochMs;
      for (let minute = startMinute; minute < endMinute; minute += stepMinutes) {
        const candidate = timeline.resolve(dayWall + minute * MINUTE_MS);
        if (candidate.skipped) continue;
        const start = candidate.epochMs;
        const end = start + durationMs;
        // Within a range, instants rise with wall times, so nothing later fits either.
        if (end > rangeEnd || start >= hi) break;
        if (start < lo) continue;
        if (timeOff.overlaps(start, end)) continue;
        if (blocked.overlaps(start - bufferBeforeMs, end + bufferAfterMs)) continue;
        starts.push(start);
      }
    }
  }
  // Already rising unless a zone shifts its clock around midnight; sorting a sorted list is cheap.
  return starts.sort((a, b) => a - b);
}

function timelineFor(timeZone: string, window: Window, maxHorizonDays: number) {
  const from = Math.max(window.fromMs, window.nowMs);
  const to = Math.max(from, Math.min(window.toMs, horizonBound(window.nowMs, maxHorizonDays)));
  return zoneTimeline(timeZone, from - DAY_MS, to + DAY_MS);
}

/** One CSM's free slots starting in [from, to), sorted by start. */
export function slotsForCsm(csm: CsmSchedule, busy: BusyTimes, request: SlotRequest): Slot[] {
  const window = readRequest(request);
  const timeline = timelineFor(csm.availability.timeZone, window, csm.availability.horizonDays);
  const durationMs = window.durationMinutes * MINUTE_MS;
  return freeStarts(csm, busy, window, timeline).map((start) => ({
    start: new Date(start),
    end: new Date(start + durationMs),
    csmId: csm.csmId,
  }));
}

/**
 * Free slots across a pool of CSMs: one entry per start time, with every CSM free then, in pool order
 * (so a caller that lists the account's own CSM first finds them first). Sorted by start.
 */
export function poolSlots(pool: readonly PoolMember[], request: SlotRequest): PoolSlot[] {
  const window = readRequest(request);
  const durationMs = window.durationMinutes * MINUTE_MS;

  // CSMs in one zone share one timeline: Intl is read once per zone, not once per CSM.
  const horizonByZone = new Map<string, number>();
  for (const { csm } of pool) {
    const { timeZone, horizonDays } = csm.availability;
    horizonByZone.set(timeZone, Math.max(horizonByZone.get(timeZone) ?? 0, horizonDays));
  }
  const timelines = new Map<string, ZoneTimeline>();
  for (const [timeZone, horizonDays] of horizonByZone) timelines.set(timeZone, timelineFor(timeZone, window, horizonDays));

  const csmIdsByStart = new Map<number, string[]>();
  for (const { csm, busy } of pool) {
    for (const start of freeStarts(csm, busy, window, timelines.get(csm.availability.timeZone)!)) {
      const csmIds = csmIdsByStart.get(start);
      if (csmIds) csmIds.push(csm.csmId);
      else csmIdsByStart.set(start, [csm.csmId]);
    }
  }
  return [...csmIdsByStart.keys()]
    .sort((a, b) => a - b)
    .map((start) => ({ start: new Date(start), end: new Date(start + durationMs), csmIds: csmIdsByStart.get(start)! }));
}

/**
 * Whether one slot can still be booked: exactly when slotsForCsm would list it (same step alignment,
 * notice, horizon, buffers, time off and daily cap). For the booking transaction's re-check with the
 * bookings it has just read; leave out the booking being rescheduled.
 */
export function isBookable(
  csm: CsmSchedule,
  busy: BusyTimes,
  start: Date,
  durationMinutes: number,
  now: Date,
  stepMinutes: number = durationMinutes,
): boolean {
  const startMs = instant("start", start);
  const window = readRequest({ from: start, to: new Date(startMs + 1), now, durationMinutes, stepMinutes });
  const timeline = timelineFor(csm.availability.timeZone, window, csm.availability.horizonDays);
  const starts = freeStarts(csm, busy, window, timeline);
  return starts.length === 1 && starts[0] === startMs;
}
