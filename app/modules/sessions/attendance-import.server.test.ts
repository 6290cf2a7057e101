import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { importAttendance } from "./attendance-import.server.ts";
import { setAttendance } from "./registration.server.ts";

const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-11-23T12:00:00Z");
const STARTED = new Date("2026-11-23T09:00:00Z");

let publisher: Actor;
let host: Actor;
let otherCsm: Actor;
let customerActor: Actor;
let accountId: string;

const actorOf = (user: { id: string; role: Actor["role"]; accountId: string | null }): Actor => ({
  id: user.id,
  role: user.role,
  accountId: user.accountId,
});

beforeAll(async () => {
  publisher = actorOf(await createUser({ role: "PUBLISHER" }));
  host = actorOf(await createUser({ role: "CSM" }));
  otherCsm = actorOf(await createUser({ role: "CSM" }));
  accountId = (await createAccount({ domains: ["acme-attendance.example"] })).id;
  customerActor = actorOf(await createUser({ role: "MEMBER", accountId, email: "someone@acme-attendance.example" }));
});

async function createSession(data: Partial<Prisma.LiveSessionUncheckedCreateInput> = {}) {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: "Reporting 101",
      startsAt: STARTED,
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/r101",
      hosts: { create: [{ userId: host.id }] },
      ...data,
    },
  });
}

let sequence = 0;
async function registrant(
  sessionId: string,
  status: "CONFIRMED" | "WAITLISTED" | "CANCELLED" = "CONFIRMED",
  extra: Partial<Prisma.RegistrationUncheckedCreateInput> = {},
) {
  const email = `person${++sequence}@acme-attendance.example`;
  const user = await createUser({ role: "MEMBER", accountId, email });
  const registration = await prisma.registration.create({
    data: { sessionId, userId: user.id, accountId, status, joinCode: `code-${sequence}-${sessionId}`, ...extra },
  });
  return { email, registration };
}

const csvOf = (rows: [string, string, number][]) =>
  ["User Email,Join Time,Duration (Minutes)", ...rows.map(([email, join, minutes]) => `${email},${join},${minutes}`)].join("\n");

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe("importAttendance", () => {
  it("marks matched registrants, lists unregistered emails, leaves the rest alone, and records events once", async () => {
    const session = await createSession();
    const ada = await registrant(session.id);
    const absent = await registrant(session.id);
    const waitlisted = await registrant(session.id, "WAITLISTED");
    const csv = csvOf([
      [ada.email.toUpperCase(), "2026-11-23 09:05", 20],
      [ada.email, "2026-11-23 09:01", 15],
      ["stranger@elsewhere.example", "2026-11-23 09:10", 30],
      [waitlisted.email, "2026-11-23 09:10", 30],
      ["", "2026-11-23 09:10", 30],
    ]);
    const result = await importAttendance(publisher, session.id, { csv, markRestNoShow: false }, { now: NOW });
    expect(result).toMatchObject({ totalRows: 5, skippedRows: 1, markedNoShow: 0 });
    expect(result.matched).toEqual([expect.objectContaining({ registrationId: ada.registration.id, email: ada.email, minutes: 35 })]);
    expect(result.notRegistered.map((row) => row.email).sort()).toEqual(["stranger@elsewhere.example", waitlisted.email].sort());

    const adaRow = await prisma.registration.findUniqueOrThrow({ where: { id: ada.registration.id } });
    expect(adaRow).toMatchObject({ attendance: "ATTENDED", minutesAttended: 35, joinedAt: new Date("2026-11-23T09:01:00Z") });
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: absent.registration.id } })).toMatchObject({ attendance: "UNKNOWN" });
    expect(await prisma.user.count({ where: { email: "stranger@elsewhere.example" } })).toBe(0);

    const events = await prisma.engagementEvent.findMany({ where: { subjectId: session.id } });
    expect(events).toEqual([
      expect.objectContaining({
        kind: "session.attended",
        userId: adaRow.userId,
        value: 35,
        dedupeKey: `session.attended:${ada.registration.id}`,
      }),
    ]);

    // The same report again changes nothing and records nothing new.
    await importAttendance(publisher, session.id, { csv, markRestNoShow: false }, { now: NOW });
    expect(await prisma.engagementEvent.count({ where: { subjectId: session.id } })).toBe(1);
  });

  it("keeps the earliest join and the longest stay already known, sharing the join link's event key", async () => {
    const session = await createSession();
    const early = new Date("2026-11-23T08:55:00Z");
    const ada = await registrant(session.id, "CONFIRMED", { attendance: "ATTENDED", joinedAt: early, minutesAttended: 50 });
    await prisma.engagementEvent.create({
      data: {
        kind: "session.attended",
        accountId,
        userId: ada.registration.userId,
        occurredAt: early,
        dedupeKey: `session.attended:${ada.registration.id}`,
      },
    });
    const result = await importAttendance(
      host,
      session.id,
      { csv: csvOf([[ada.email, "2026-11-23 09:10", 20]]), markRestNoShow: false },
      { now: NOW },
    );
    expect(result.matched[0]?.minutes).toBe(50);
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: ada.registration.id } })).toMatchObject({
      joinedAt: early,
      minutesAttended: 50,
    });
    expect(await prisma.engagementEvent.count({ where: { dedupeKey: `session.attended:${ada.registration.id}` } })).toBe(1);
  });

  it("marks the rest as no-show when asked, but never someone already marked as attended", async () => {
    const session = await createSession();
    const came = await registrant(session.id);
    const missing = await registrant(session.id);
    const clickedJoin = await registrant(session.id, "CONFIRMED", { attendance: "ATTENDED" });
    const cancelled = await registrant(session.id, "CANCELLED");
    const result = await importAttendance(
      publisher,
      session.id,
      { csv: csvOf([[came.email, "2026-11-23 09:00", 60]]), markRestNoShow: true },
      { now: NOW },
    );
    expect(result.markedNoShow).toBe(1);
    const rows = await prisma.registration.findMany({ where: { sessionId: session.id }, select: { id: true, attendance: true } });
    const attendance = Object.fromEntries(rows.map((row) => [row.id, row.attendance]));
    expect(attendance).toEqual({
      [came.registration.id]: "ATTENDED",
      [missing.registration.id]: "NO_SHOW",
      [clickedJoin.registration.id]: "ATTENDED",
      [cancelled.registration.id]: "UNKNOWN",
    });
    const noShow = await prisma.engagementEvent.findFirstOrThrow({ where: { kind: "session.no_show", subjectId: session.id } });
    expect(noShow.dedupeKey).toBe(`session.no_show:${missing.registration.id}`);
    // The host's sheet later uses the same key: no second event.
    await setAttendance(publisher, missing.registration.id, "NO_SHOW", { now: NOW });
    expect(await prisma.engagementEvent.count({ where: { kind: "session.no_show", subjectId: session.id } })).toBe(1);
  });

  it("refuses customers (404), staff who neither publish nor host (403), sessions not started or cancelled (409), bad files (400)", async () => {
    const session = await createSession();
    const csv = csvOf([["a@acme-attendance.example", "2026-11-23 09:00", 5]]);
    const input = { csv, markRestNoShow: false };
    expect(await refusal(importAttendance(customerActor, session.id, input, { now: NOW }))).toMatchObject({ status: 404 });
    expect(await refusal(importAttendance(otherCsm, session.id, input, { now: NOW }))).toMatchObject({ status: 403 });
    expect(await refusal(importAttendance(publisher, "missing", input, { now: NOW }))).toMatchObject({ status: 404 });
    const future = await createSession({ startsAt: new Date(NOW.getTime() + HOUR) });
    expect(await refusal(importAttendance(publisher, future.id, input, { now: NOW }))).toMatchObject({ status: 409 });
    const cancelled = await createSession({ status: "CANCELLED", cancelledAt: NOW });
    expect(await refusal(importAttendance(publisher, cancelled.id, input, { now: NOW }))).toMatchObject({ status: 409 });
    expect(
      await refusal(importAttendance(publisher, session.id, { csv: "Name\nAda\n", markRestNoShow: false }, { now: NOW })),
    ).toMatchObject({
      status: 400,
      field: "file",
    });
  });
});
