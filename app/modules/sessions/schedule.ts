// Session time math. A host picks a wall-clock date and time in their own IANA zone; we store the UTC
// instant plus that zone. The zone conversion itself (and its DST rules, with a worked example) lives in
// utils/zoned-time.ts, shared with the queue's slot engine.
import { MINUTE_MS, addLocalDays, zonedLocalToUtc } from "~/utils/zoned-time.ts";

export { addLocalDays, utcToZonedParts, zonedLocalToUtc, type ZonedParts } from "~/utils/zoned-time.ts";

/** Upper bound for one series, so a bad form value cannot make us build thousands of rows. */
export const MAX_SERIES_OCCURRENCES = 52;

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
