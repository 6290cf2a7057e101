import { dateTimeFormat, formatDateTime } from "~/utils/format.ts";

function zoneNameAt(date: Date, timeZone: string, locale: string) {
  return dateTimeFormat(locale, { timeZone, timeZoneName: "short" })
    .formatToParts(date)
    .find((part) => part.type === "timeZoneName")?.value;
}

/**
 * "Dec 13, 2026, 9:00 AM – 5:00 PM CST". When the clocks change inside the span, ICU's range format
 * drops the first zone name ("1:30 – 1:45 AM EST" for an EDT start), so both ends are written in full.
 */
export function formatSpan(start: Date, end: Date, timeZone: string, locale: string) {
  try {
    if (zoneNameAt(start, timeZone, locale) === zoneNameAt(end, timeZone, locale)) {
      const format = dateTimeFormat(locale, {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZoneName: "short",
        timeZone,
      });
      return format.formatRange(start, end).replace(/[\u2009\u202f]/g, " ");
    }
  } catch {
    // An unknown zone or locale falls through to the formatter that tolerates both.
  }
  return `${formatDateTime(start, timeZone, locale)} to ${formatDateTime(end, timeZone, locale)}`;
}
