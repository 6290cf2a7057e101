// "Add to calendar" links for people whose mail client ignores .ics attachments. Both services take
// UTC instants, so the link is right whatever zone the person's calendar is set to.

import { formatIcsUtc } from "./ics.ts";

export type CalendarLinkInput = {
  title: string;
  start: Date;
  end: Date;
  details?: string | null;
  location?: string | null;
};

// Both services reject very long URLs (and some mail clients truncate them); the full description
// lives on the session page anyway.
const MAX_DETAILS_CHARS = 1_000;

function shorten(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const chars = Array.from(text);
  return chars.length > MAX_DETAILS_CHARS ? `${chars.slice(0, MAX_DETAILS_CHARS - 1).join("")}…` : text;
}

function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value) search.set(key, value);
  }
  return `${base}?${search.toString()}`;
}

/** Google Calendar's event template: dates=20260308T140000Z/20260308T150000Z. */
export function googleCalendarUrl({ title, start, end, details, location }: CalendarLinkInput): string {
  return withParams("https://calendar.google.com/calendar/render", {
    action: "TEMPLATE",
    text: title,
    dates: `${formatIcsUtc(start)}/${formatIcsUtc(end)}`,
    details: shorten(details),
    location: location ?? undefined,
  });
}

function outlookUrl(host: string, { title, start, end, details, location }: CalendarLinkInput): string {
  return withParams(`https://${host}/calendar/0/deeplink/compose`, {
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: title,
    startdt: isoUtc(start),
    enddt: isoUtc(end),
    body: shorten(details),
    location: location ?? undefined,
  });
}

/** Outlook.com (personal Microsoft accounts). */
export function outlookCalendarUrl(input: CalendarLinkInput): string {
  return outlookUrl("outlook.live.com", input);
}

/** Outlook on the web for work and school (Microsoft 365) accounts: same deeplink, other host. */
export function office365CalendarUrl(input: CalendarLinkInput): string {
  return outlookUrl("outlook.office.com", input);
}
