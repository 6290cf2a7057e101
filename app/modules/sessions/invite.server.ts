import { getEnv } from "~/utils/env.server.ts";
import { googleCalendarUrl, outlookCalendarUrl } from "~/modules/calendar/calendar-links.ts";
import { buildIcs, icsUid, type IcsMethod } from "~/modules/calendar/ics.ts";
import { calendarOrganizer } from "~/modules/calendar/organizer.server.ts";
import { sessionEnd } from "./schedule.ts";

// One registrant's invitation to a session, the same wherever it is handed out: the .ics attached to
// emails, the .ics downloaded from the session page, and the Google/Outlook links on both.

export type InviteSession = {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  durationMinutes: number;
  sequence: number;
};

export function appUrl(path: string) {
  return `${getEnv().APP_URL}${path}`;
}

/** The event's description in calendars: the personal join link first, then the session page and the blurb. */
function calendarDetails(session: InviteSession, joinUrl: string, sessionUrl: string) {
  const summary = session.description.trim().slice(0, 1_000);
  return [`Join with your personal link: ${joinUrl}`, `Session page: ${sessionUrl}`, summary].filter(Boolean).join("\n\n");
}

export function inviteLinks(session: InviteSession, joinCode: string) {
  const joinUrl = appUrl(`/join/${joinCode}`);
  const sessionUrl = appUrl(`/portal/sessions/${session.id}`);
  const calendar = {
    title: session.title,
    start: session.startsAt,
    end: sessionEnd(session.startsAt, session.durationMinutes),
    details: calendarDetails(session, joinUrl, sessionUrl),
    location: joinUrl,
  };
  return { joinUrl, sessionUrl, googleCalendarUrl: googleCalendarUrl(calendar), outlookCalendarUrl: outlookCalendarUrl(calendar) };
}

/** The RFC 5545 invitation (REQUEST) or its withdrawal (CANCEL); SEQUENCE is the session's. */
export function inviteIcs(
  session: InviteSession,
  attendee: { name: string; email: string },
  joinCode: string,
  method: IcsMethod,
  dtstamp = new Date(),
) {
  const { joinUrl, sessionUrl } = inviteLinks(session, joinCode);
  return buildIcs({
    method,
    uid: icsUid("session", session.id, getEnv().APP_URL),
    sequence: session.sequence,
    dtstamp,
    start: session.startsAt,
    end: sessionEnd(session.startsAt, session.durationMinutes),
    summary: session.title,
    description: calendarDetails(session, joinUrl, sessionUrl),
    location: joinUrl,
    url: sessionUrl,
    organizer: calendarOrganizer(),
    attendees: [attendee],
  });
}
