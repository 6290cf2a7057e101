// Formatting for people: money from integer cents, instants in the viewer's zone with the zone named.
// Every function falls back rather than throws, because a bad stored zone or currency must not turn a
// page into a 500.

const DEFAULT_LOCALE = "en-US";

// Building an Intl formatter loads locale and zone data and costs far more than formatting with it
// (a catalogue page formats dozens of instants), so formatters are made once per locale, zone and
// style and reused. The keys come from stored zones and locales, a small set in practice; the
// bound only keeps odd input from growing the map without end.
const FORMATTER_CACHE_LIMIT = 500;
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const zoneValidity = new Map<string, boolean>();

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= FORMATTER_CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/** A shared `Intl.DateTimeFormat`; throws as its constructor does for a bad zone or locale. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return remember(dateTimeFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function isValidTimeZone(timeZone: string): boolean {
  return remember(zoneValidity, timeZone, () => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone });
      return true;
    } catch {
      return false;
    }
  });
}

function safeZone(timeZone: string | null | undefined) {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : "UTC";
}

const canonicalLocales = new Map<string, string>();

function safeLocale(locale: string | null | undefined) {
  return remember(canonicalLocales, locale ?? DEFAULT_LOCALE, () => {
    try {
      return Intl.getCanonicalLocales(locale ?? DEFAULT_LOCALE)[0] ?? DEFAULT_LOCALE;
    } catch {
      return DEFAULT_LOCALE;
    }
  });
}

/** 12_345_600 USD cents → "$123,456"; cents are shown only when there are some. */
export function formatMoney(cents: number, currency: string, locale?: string | null): string {
  const amount = cents / 100;
  const whole = Number.isInteger(amount);
  try {
    return new Intl.NumberFormat(safeLocale(locale), {
      style: "currency",
      currency,
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    }).format(amount);
  } catch {
    return `${amount.toFixed(whole ? 0 : 2)} ${currency}`;
  }
}

function toDate(value: Date | string) {
  return typeof value === "string" ? new Date(value) : value;
}

/** The day an instant falls on in `timeZone`, e.g. "Mar 8, 2026". */
export function formatDate(date: Date | string, timeZone: string, locale?: string | null): string {
  return dateTimeFormat(safeLocale(locale), { dateStyle: "medium", timeZone: safeZone(timeZone) }).format(toDate(date));
}

/**
 * A calendar date with no time of day (a renewal or contract date), stored as midnight UTC. It must
 * not move with the viewer's zone: 1 March is 1 March in New York too, not 28 February.
 */
export function formatCalendarDate(date: Date | string, locale?: string | null): string {
  return formatDate(date, "UTC", locale);
}

/**
 * Date and time in `timeZone`, with the zone's abbreviation so nobody guesses:
 * "Mar 8, 2026, 1:30 AM EST", or "… GMT+1" where the locale has no abbreviation.
 */
export function formatDateTime(date: Date | string, timeZone: string, locale?: string | null): string {
  return dateTimeFormat(safeLocale(locale), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    timeZone: safeZone(timeZone),
  }).format(toDate(date));
}

/** "YYYY-MM-DD" of a calendar date stored as midnight UTC, for `<input type="date">`. */
export function toDateInputValue(date: Date | string | null | undefined): string {
  return date ? toDate(date).toISOString().slice(0, 10) : "";
}
