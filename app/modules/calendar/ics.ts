// iCalendar (RFC 5545) invitations attached to emails (sessions, CSM hours), with iTIP (RFC 5546)
// methods so calendar apps treat them as one event that can be updated or cancelled. Updates and
// cancellations must reuse the UID and raise SEQUENCE, or clients file them as a second event.

export type IcsMethod = "REQUEST" | "CANCEL";
export type IcsPerson = { name: string; email: string };
export type IcsParticipationStatus = "NEEDS-ACTION" | "ACCEPTED" | "DECLINED" | "TENTATIVE";
export type IcsAttendee = IcsPerson & { partstat?: IcsParticipationStatus; rsvp?: boolean };

export type IcsEvent = {
  method: IcsMethod;
  uid: string;
  /** 0 for the first invitation; raise it on every change (time, title, cancellation). */
  sequence: number;
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  /** Where to join: the meeting URL, shown by most calendar apps as a clickable place. */
  location?: string | null;
  /** The event's page in Lyceum (a session page, a booking's manage page). */
  url?: string | null;
  organizer: IcsPerson;
  /** Everyone taking part besides the organizer; a recipient finds themselves here by email. */
  attendees?: IcsAttendee[];
};

const PRODID = "-//Lyceum//Calendar 1.0//EN";
const MAX_LINE_OCTETS = 75;
const CRLF = "\r\n";
// Control characters other than tab are not allowed in content lines; newlines are handled before this.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000A-\u001F\u007F]/g;

/**
 * One UID per thing (`session-<id>`, `csm-booking-<id>`), used by every email about it, so each one
 * updates the same calendar entry.
 */
export function icsUid(kind: string, id: string, appHost: string): string {
  let host = appHost.trim();
  try {
    if (host.includes("://")) host = new URL(host).hostname;
  } catch {
    // Not a URL after all; keep what we were given.
  }
  host = host.replace(/:\d+$/, "").toLowerCase() || "lyceum.invalid";
  return `${kind}-${id}@${host}`;
}

/** The MIME type for the attachment; mail clients look for `method` to offer Accept/Update buttons. */
export function icsContentType(method: IcsMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

/** A UTC DATE-TIME: 2026-03-08T14:00:00.000Z → 20260308T140000Z. */
export function formatIcsUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid date in calendar event");
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** TEXT values: backslash, semicolon and comma are escaped, newlines become a literal \n. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\\;,]/g, (char) => `\\${char}`)
    .replace(/\n/g, "\\n")
    .replace(CONTROL_CHARS, "");
}

// Parameter values cannot contain a double quote at all, and are quoted so : ; , may appear.
function quoteParam(value: string): string {
  return `"${value
    .replace(/\r\n?|\n/g, " ")
    .replace(CONTROL_CHARS, "")
    .replace(/"/g, "'")}"`;
}

// URIs are not TEXT: no backslash escaping, but a stray newline would still end the line.
function cleanUri(value: string): string {
  return value
    .replace(/[\r\n]/g, "")
    .replace(CONTROL_CHARS, "")
    .trim();
}

function mailto(email: string): string {
  return `mailto:${cleanUri(email).replace(/\s/g, "")}`;
}

/**
 * Splits a content line so that no physical line exceeds 75 octets of UTF-8, continuing with a single
 * space. Splits fall between code points, never inside a multi-byte character or a surrogate pair.
 */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  const physical: string[] = [];
  let current = "";
  let currentOctets = 0;
  for (const char of line) {
    const octets = encoder.encode(char).length;
    if (currentOctets + octets > MAX_LINE_OCTETS) {
      physical.push(current);
      current = " ";
      currentOctets = 1;
    }
    current += char;
    currentOctets += octets;
  }
  physical.push(current);
  return physical.join(CRLF);
}

export function buildIcs(event: IcsEvent): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`SEQUENCE must be a non-negative whole number, got ${event.sequence}`);
  }
  if (event.end.getTime() <= event.start.getTime()) {
    throw new RangeError("A calendar event must end after it starts");
  }

  const cancelled = event.method === "CANCEL";
  const lines = [
    "BEGIN:VCALENDAR",
    `PRODID:${PRODID}`,
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    `METHOD:${event.method}`,
    "BEGIN:VEVENT",
    `UID:${cleanUri(event.uid)}`,
    `DTSTAMP:${formatIcsUtc(event.dtstamp)}`,
    `DTSTART:${formatIcsUtc(event.start)}`,
    `DTEND:${formatIcsUtc(event.end)}`,
    `SEQUENCE:${event.sequence}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeIcsText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeIcsText(event.location)}`);
  if (event.url) lines.push(`URL:${cleanUri(event.url)}`);
  lines.push(`ORGANIZER;CN=${quoteParam(event.organizer.name)}:${mailto(event.organizer.email)}`);
  for (const attendee of event.attendees ?? []) {
    // A registration or a booking is already a yes, so by default we neither ask for a reply nor show it as pending.
    const partstat = attendee.partstat ?? "ACCEPTED";
    const rsvp = attendee.rsvp ?? false;
    lines.push(
      `ATTENDEE;CN=${quoteParam(attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat};` +
        `RSVP=${rsvp ? "TRUE" : "FALSE"}:${mailto(attendee.email)}`,
    );
  }
  lines.push(`STATUS:${cancelled ? "CANCELLED" : "CONFIRMED"}`, "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR");

  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
