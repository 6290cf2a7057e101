import { dateTimeFormat, isValidTimeZone } from "~/utils/format.ts";

// What a newsletter says about the sessions and library items it features, decided at render time so
// a session renamed, moved or cancelled after the newsletter was written is shown as it is now.

export type SessionState = "upcoming" | "cancelled" | "over";

export function sessionStateAt(session: { status: string; startsAt: Date; durationMinutes: number }, now: Date): SessionState {
  if (session.status === "CANCELLED") return "cancelled";
  return session.startsAt.getTime() + session.durationMinutes * 60_000 <= now.getTime() ? "over" : "upcoming";
}

/**
 * A session's start in one zone, with the zone named twice so nobody guesses:
 * 2026-12-01T15:00Z in Europe/Paris → "Tue 1 Dec, 16:00 CET (Europe/Paris)";
 * in America/New_York → "Tue 1 Dec, 10:00 EST (America/New_York)";
 * in Asia/Tokyo → "Wed 2 Dec, 00:00 GMT+9 (Asia/Tokyo)" (the day moves too).
 * The year is added when it is not the year the email is rendered in.
 */
export function formatSessionTime(startsAt: Date, timeZone: string, now: Date): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const yearOf = (at: Date) => dateTimeFormat("en-GB", { year: "numeric", timeZone: zone }).format(at);
  const sameYear = yearOf(startsAt) === yearOf(now);
  const date = dateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: sameYear ? undefined : "numeric",
    timeZone: zone,
  }).format(startsAt);
  const time = dateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(startsAt);
  return `${date.replace(/,/g, "")}, ${time} ${zoneAbbreviation(startsAt, zone)} (${zone})`;
}

// en-GB knows CET/BST, en-US knows EST/PST; each writes "GMT+1" for what it has no name for.
function zoneAbbreviation(at: Date, zone: string): string {
  const names = ["en-GB", "en-US"].map(
    (locale) =>
      dateTimeFormat(locale, { timeZoneName: "short", timeZone: zone })
        .formatToParts(at)
        .find((part) => part.type === "timeZoneName")?.value ?? "",
  );
  return names.find((name) => /^[A-Z]{2,5}$/.test(name)) ?? names[0] ?? zone;
}

export const SESSION_KIND_LABEL: Record<string, string> = { WEBINAR: "Webinar", EXPERT: "Expert session" };

export const CONTENT_KIND_LABEL: Record<string, { label: string; action: string }> = {
  VIDEO: { label: "Video", action: "Watch" },
  ONE_PAGER: { label: "One-pager", action: "Read" },
  EBOOK: { label: "E-book", action: "Read" },
};

/** "Acme CS <cs@acme.example>" → "Acme CS": the sender's name is the company the reader hears from. */
export function senderName(emailFrom: string): string {
  const match = /^\s*"?([^"<]+?)"?\s*</.exec(emailFrom);
  return match?.[1]?.trim() || "Lyceum";
}
