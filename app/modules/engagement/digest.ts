// When a CSM's weekly digest is due, in their own zone. An hourly tick asks `digestDue` for every CSM:
// from Monday 08:00 local time onwards the week's digest is due, and its key (one per CSM per ISO week
// of their local calendar) makes every later tick that week — and an admin's "send now" — a no-op.
//
// Worked example: at 2026-11-23T07:30Z it is Monday 08:30 in Paris (due, week 2026-W48) and Sunday
// 23:30 in Los Angeles (not due; its W48 digest goes out at Monday 08:00 Pacific, 16:00Z).
import { wallClockAt } from "~/utils/zoned-time.ts";

export const DIGEST_SEND_HOUR = 8;
export const DIGEST_TICK_MS = 60 * 60 * 1000;

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number };

export function localParts(instant: Date, timeZone: string): LocalParts {
  try {
    const { year, month, day, hour, minute } = wallClockAt(instant.getTime(), timeZone);
    return { year, month, day, hour, minute };
  } catch {
    return localParts(instant, "UTC");
  }
}

/** ISO 8601 week of a calendar date: "2026-W48". Weeks start on Monday; week 1 holds the first Thursday. */
export function isoWeek(year: number, month: number, day: number): { key: string; weekday: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return { key: `${weekYear}-W${String(week).padStart(2, "0")}`, weekday };
}

/** The ISO week the CSM is living in, and whether this week's digest is due (Monday 08:00 local or later). */
export function digestDue(now: Date, timeZone: string): { weekKey: string; due: boolean } {
  const local = localParts(now, timeZone);
  const { key, weekday } = isoWeek(local.year, local.month, local.day);
  return { weekKey: key, due: weekday > 1 || local.hour >= DIGEST_SEND_HOUR };
}

export function digestIdempotencyKey(csmId: string, weekKey: string) {
  return `email:csm-weekly-digest:${csmId}:${weekKey}`;
}

/** The next tick: the top of the next UTC hour, so every process agrees on the tick's key. */
export function nextDigestTick(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DIGEST_TICK_MS) * DIGEST_TICK_MS + DIGEST_TICK_MS);
}
