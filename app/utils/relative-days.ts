import { localDateToDayNumber, utcToZonedParts } from "./zoned-time.ts";

// Whole calendar days and how we say them ("renews in 12 days", "3 days ago"), shared by the CSM's
// brief, My accounts, signals and the digest so a renewal reads the same on every screen. Pure.

/** The YYYY-MM-DD calendar day `at` falls on in `timeZone` (UTC when the zone is unknown). */
export function localDay(at: Date, timeZone = "UTC"): string {
  try {
    return utcToZonedParts(at, timeZone).date;
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/**
 * Whole calendar days from today, as the calendar reads in `timeZone`, to a calendar date stored as
 * midnight UTC (a renewal date): 0 on the day itself, negative once it has passed.
 */
export function daysUntil(calendarDate: Date, now: Date, timeZone = "UTC"): number {
  return localDateToDayNumber(calendarDate.toISOString().slice(0, 10)) - localDateToDayNumber(localDay(now, timeZone));
}

/** Calendar days from `at` back to `now`, as the calendar reads in `timeZone`: 1 = yesterday there. */
export function daysAgo(at: Date, now: Date, timeZone = "UTC"): number {
  return localDateToDayNumber(localDay(now, timeZone)) - localDateToDayNumber(localDay(at, timeZone));
}

/** 0 → "today", 1 → "tomorrow", -1 → "yesterday", 12 → "in 12 days", -3 → "3 days ago". */
export function daysInWords(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** "renews in 12 days", "renews today", "renewal date passed 3 days ago". */
export function renewalInWords(days: number): string {
  if (days >= 0) return `renews ${daysInWords(days)}`;
  return `renewal date passed ${daysInWords(days)}`;
}

/** The same words opening a sentence: "Renews in 12 days". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
