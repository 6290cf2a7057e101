import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { recordEvents } from "~/modules/engagement/events.server.ts";
import type { EngagementEventInput } from "~/modules/engagement/events.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { parseAttendanceCsv, type ReportedAttendee } from "./attendance-import.ts";
import type { EngineOptions } from "./offers.server.ts";

export type AttendanceImportResult = {
  totalRows: number;
  skippedRows: number;
  matched: { registrationId: string; name: string; email: string; minutes: number }[];
  /** People in the report without a confirmed registration: listed, never created. */
  notRegistered: { email: string; minutes: number }[];
  markedNoShow: number;
};

/** The session an import targets, after the same rights check as the host's sheet (setAttendance). */
export async function getAttendanceTarget(actor: Actor, sessionId: string, { db = prisma }: EngineOptions = {}) {
  if (!can(actor, "sessions.view")) throw new DomainError(404, "This session was not found.");
  const session = await db.liveSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      title: true,
      status: true,
      startsAt: true,
      timeZone: true,
      hosts: { where: { userId: actor.id }, select: { userId: true } },
    },
  });
  if (!session) throw new DomainError(404, "This session was not found.");
  if (!can(actor, "sessions.manage") && session.hosts.length === 0) {
    throw new DomainError(403, "Only this session's hosts and publishers can import attendance.");
  }
  const { hosts: _hosts, ...rest } = session;
  return rest;
}

/**
 * Applies a meeting provider's participant report to a session, in one transaction. Confirmed
 * registrants found in the report become ATTENDED with the earliest join and the longest stay seen so
 * far (a re-import, or a join-link click before it, never lowers either). The events use the same
 * dedupe keys as the join link and the host's sheet, so one registration is counted once however
 * its attendance arrived.
 */
export async function importAttendance(
  actor: Actor,
  sessionId: string,
  input: { csv: string; markRestNoShow: boolean },
  { db = prisma, now = new Date() }: EngineOptions = {},
): Promise<AttendanceImportResult> {
  const session = await getAttendanceTarget(actor, sessionId, { db });
  if (session.status === "CANCELLED") throw new DomainError(409, "This session was cancelled, so there is no attendance to import.");
  if (session.startsAt > now) {
    throw new DomainError(409, "This session has not started yet. Import the participant report once it has taken place.");
  }
  const report = parseAttendanceCsv(input.csv, { timeZone: session.timeZone });
  const reported = new Map<string, ReportedAttendee>(report.attendees.map((attendee) => [attendee.email, attendee]));

  return writeTransaction(db, async (tx) => {
    // Read inside the transaction so a cancellation or a host's mark landing meanwhile is seen.
    const registrations = await tx.registration.findMany({
      where: { sessionId: session.id, status: "CONFIRMED" },
      select: {
        id: true,
        userId: true,
        accountId: true,
        attendance: true,
        joinedAt: true,
        minutesAttended: true,
        user: { select: { name: true, email: true } },
      },
    });
    const events: EngagementEventInput[] = [];
    const matched: AttendanceImportResult["matched"] = [];
    const absent: typeof registrations = [];
    const seen = new Set<string>();
    for (const registration of registrations) {
      const email = registration.user.email.trim().toLowerCase();
      const attendee = reported.get(email);
      if (!attendee) {
        absent.push(registration);
        continue;
      }
      seen.add(email);
      const joinedAt =
        registration.joinedAt && (!attendee.joinedAt || registration.joinedAt < attendee.joinedAt)
          ? registration.joinedAt
          : attendee.joinedAt;
      const minutes = Math.max(registration.minutesAttended ?? 0, attendee.minutes);
      await tx.registration.update({
        where: { id: registration.id },
        data: { attendance: "ATTENDED", joinedAt, minutesAttended: minutes },
      });
      events.push(attendanceEvent(registration, session.id, "session.attended", joinedAt ?? now, minutes));
      matched.push({ registrationId: registration.id, name: registration.user.name, email, minutes });
    }

    let markedNoShow = 0;
    if (input.markRestNoShow) {
      // Someone already marked as attended (join link, host's sheet) may simply be missing from the
      // report, e.g. dialled in by phone: that evidence is kept rather than overwritten.
      const noShows = absent.filter((registration) => registration.attendance !== "ATTENDED");
      if (noShows.length) {
        const updated = await tx.registration.updateMany({
          where: { id: { in: noShows.map((registration) => registration.id) }, status: "CONFIRMED", attendance: { not: "ATTENDED" } },
          data: { attendance: "NO_SHOW" },
        });
        markedNoShow = updated.count;
        for (const registration of noShows) events.push(attendanceEvent(registration, session.id, "session.no_show", now, null));
      }
    }
    await recordEvents(tx, events);

    const notRegistered = report.attendees
      .filter((attendee) => !seen.has(attendee.email))
      .map(({ email, minutes }) => ({ email, minutes }))
      .sort((a, b) => a.email.localeCompare(b.email));
    matched.sort((a, b) => a.name.localeCompare(b.name));
    return { totalRows: report.totalRows, skippedRows: report.skippedRows, matched, notRegistered, markedNoShow };
  });
}

function attendanceEvent(
  registration: { id: string; userId: string; accountId: string | null },
  sessionId: string,
  kind: "session.attended" | "session.no_show",
  occurredAt: Date,
  minutes: number | null,
): EngagementEventInput {
  return {
    kind,
    accountId: registration.accountId,
    userId: registration.userId,
    subjectType: "session",
    subjectId: sessionId,
    value: minutes,
    data: { via: "participant_report" },
    // Must stay equal to registration.server.ts's attendanceEvent key (`${kind}:${registration.id}`).
    dedupeKey: `${kind}:${registration.id}`,
    occurredAt,
  };
}
