import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { BUILT_IN_QUESTION, SessionFormSchema, type SessionValues } from "./session.schema.ts";
import {
  cancelSession,
  createSessions,
  getSessionForEdit,
  publishSession,
  sessionEditorOptions,
  updateSession,
} from "./sessions.server.ts";

// A fixed clock: 1 March 2027, before New York's spring-forward on 14 March.
const NOW = new Date("2027-03-01T12:00:00Z");

let publisher: Actor;
let csm: Actor;
let member: Actor;

function values(overrides: Record<string, unknown> = {}): SessionValues {
  return SessionFormSchema.parse({
    kind: "EXPERT",
    title: "Scaling support",
    hostIds: [publisher.id],
    startDate: "2027-03-08",
    startTime: "09:30",
    timeZone: "America/New_York",
    durationMinutes: 45,
    meetingUrl: "https://meet.google.com/abc-defg-hij",
    seatCap: 5,
    questions: [{ label: "Your CRM?" }],
    feedbackKind: "CSAT",
    ...overrides,
  });
}

async function expectRefusal(promise: Promise<unknown>, status: number, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  const actual = error instanceof Response ? error.status : (error as { status?: number } | null)?.status;
  expect(actual).toBe(status);
  if (message) expect((error as Error).message).toMatch(message);
}

beforeAll(async () => {
  publisher = await createUser({ role: "PUBLISHER" });
  csm = await createUser({ role: "CSM" });
  const account = await createAccount({ tier: "TECH" });
  member = await createUser({ role: "MEMBER", accountId: account.id });
  await createUser({ role: "ADMIN", deactivatedAt: new Date(), name: "Gone Admin" });
});

describe("createSessions", () => {
  it("keeps 09:30 New York time for every occurrence across the spring-forward", async () => {
    const { ids, seriesId } = await createSessions(publisher, values({ repeat: true, repeatEveryWeeks: 1, occurrences: 3 }), NOW);
    expect(ids).toHaveLength(3);
    const sessions = await prisma.liveSession.findMany({ where: { seriesId: seriesId! }, orderBy: { startsAt: "asc" } });
    expect(sessions.map((session) => session.startsAt.toISOString())).toEqual([
      "2027-03-08T14:30:00.000Z", // EST, UTC−5
      "2027-03-15T13:30:00.000Z", // EDT, UTC−4 from 14 March
      "2027-03-22T13:30:00.000Z",
    ]);
  });

  it("every two weeks across the autumn fall-back", async () => {
    const { ids } = await createSessions(
      publisher,
      values({ startDate: "2027-10-25", startTime: "16:00", repeat: true, repeatEveryWeeks: 2, occurrences: 2 }),
      NOW,
    );
    const sessions = await prisma.liveSession.findMany({ where: { id: { in: ids } }, orderBy: { startsAt: "asc" } });
    // New York falls back on 7 November 2027.
    expect(sessions.map((session) => session.startsAt.toISOString())).toEqual(["2027-10-25T20:00:00.000Z", "2027-11-08T21:00:00.000Z"]);
  });

  it("gives every occurrence of a series the feedback kind chosen", async () => {
    const { seriesId } = await createSessions(
      publisher,
      values({ startDate: "2027-05-03", feedbackKind: "NPS", repeat: true, repeatEveryWeeks: 1, occurrences: 3 }),
      NOW,
    );
    const kinds = await prisma.liveSession.findMany({ where: { seriesId: seriesId! }, select: { feedbackKind: true } });
    expect(kinds.map((row) => row.feedbackKind)).toEqual(["NPS", "NPS", "NPS"]);
  });

  it("refuses without sessions.manage, and refuses a start in the past", async () => {
    await expectRefusal(createSessions(csm, values(), NOW), 403);
    await expectRefusal(createSessions(member, values(), NOW), 403);
    await expectRefusal(createSessions(publisher, values({ startDate: "2027-02-28" }), NOW), 400, /future/);
  });
});

describe("updateSession", () => {
  it("adds the built-in question when a webinar becomes an expert session and removes it the other way", async () => {
    const {
      ids: [id],
    } = await createSessions(publisher, values({ kind: "WEBINAR", seatCap: undefined }), NOW);
    const labels = async () =>
      (await prisma.registrationQuestion.findMany({ where: { sessionId: id! }, orderBy: { position: "asc" } })).map(
        (row) => `${row.position}:${row.label}`,
      );
    expect(await labels()).toEqual(["0:Your CRM?"]);
    const { defaults } = await getSessionForEdit(publisher, id!);
    const crm = defaults.questions[0]!;
    await updateSession(publisher, id!, values({ questions: [{ id: crm.id, label: crm.label }] }), NOW);
    expect(await labels()).toEqual([`0:${BUILT_IN_QUESTION}`, "1:Your CRM?"]);
    await updateSession(
      publisher,
      id!,
      values({ kind: "WEBINAR", seatCap: undefined, questions: [{ id: crm.id, label: crm.label }] }),
      NOW,
    );
    expect(await labels()).toEqual(["0:Your CRM?"]);
    expect((await prisma.registrationQuestion.findFirstOrThrow({ where: { sessionId: id! } })).id).toBe(crm.id);
  });

  it("switches the feedback kind both ways and shows it to the editor", async () => {
    const {
      ids: [id],
    } = await createSessions(publisher, values({ feedbackKind: "NPS" }), NOW);
    expect((await getSessionForEdit(publisher, id!)).defaults.feedbackKind).toBe("NPS");
    await updateSession(publisher, id!, values({ feedbackKind: "CSAT" }), NOW);
    expect((await getSessionForEdit(publisher, id!)).defaults.feedbackKind).toBe("CSAT");
    await publishSession(publisher, id!, {}, NOW);
    // Not something attendees' calendars show: no new SEQUENCE, nobody emailed.
    expect(await updateSession(publisher, id!, values({ feedbackKind: "NPS" }), NOW)).toEqual({ change: null, offered: 0 });
    expect(await prisma.liveSession.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ feedbackKind: "NPS", sequence: 0 });
  });

  it("does not raise the sequence of a draft, nor of a published session for a change nobody's calendar shows", async () => {
    const {
      ids: [id],
    } = await createSessions(publisher, values(), NOW);
    expect(await updateSession(publisher, id!, values({ startTime: "10:00" }), NOW)).toEqual({ change: null, offered: 0 });
    await publishSession(publisher, id!, {}, NOW);
    expect(await updateSession(publisher, id!, values({ startTime: "10:00", description: "More detail" }), NOW)).toEqual({
      change: null,
      offered: 0,
    });
    expect(await updateSession(publisher, id!, values({ startTime: "10:00", meetingUrl: "https://zoom.us/j/9" }), NOW)).toMatchObject({
      change: "updated",
    });
    expect(await updateSession(publisher, id!, values({ startTime: "10:30", meetingUrl: "https://zoom.us/j/9" }), NOW)).toMatchObject({
      change: "rescheduled",
    });
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id: id! } })).sequence).toBe(2);
  });

  it("lets a past session be edited without moving it, but not moved into the past", async () => {
    const {
      ids: [id],
    } = await createSessions(publisher, values(), NOW);
    const later = new Date("2027-04-01T00:00:00Z");
    expect(await updateSession(publisher, id!, values({ title: "Scaling support (recap)" }), later)).toMatchObject({ change: null });
    await expectRefusal(updateSession(publisher, id!, values({ startDate: "2027-03-20" }), later), 400, /future/);
  });

  it("refuses hosts who are not active staff, but keeps one already hosting", async () => {
    const {
      ids: [id],
    } = await createSessions(publisher, values(), NOW);
    await expectRefusal(updateSession(publisher, id!, values({ hostIds: [member.id] }), NOW), 400, /active staff/);
    await updateSession(publisher, id!, values({ hostIds: [publisher.id, csm.id] }), NOW);
    await prisma.user.update({ where: { id: csm.id }, data: { deactivatedAt: NOW } });
    try {
      await updateSession(publisher, id!, values({ hostIds: [publisher.id, csm.id], title: "Still hosted" }), NOW);
      const options = await sessionEditorOptions(publisher, [csm.id]);
      expect(options.staff.map((person) => person.id)).toContain(csm.id);
      expect(options.staff.map((person) => person.name)).not.toContain("Gone Admin");
      expect(options.staff.every((person) => person.id !== member.id)).toBe(true);
    } finally {
      await prisma.user.update({ where: { id: csm.id }, data: { deactivatedAt: null } });
    }
  });
});

describe("publishSession and cancelSession", () => {
  it("refuses to publish a session whose start has passed", async () => {
    const {
      ids: [id],
    } = await createSessions(publisher, values(), NOW);
    await expectRefusal(publishSession(publisher, id!, {}, new Date("2027-03-09T00:00:00Z")), 409, /start has passed/);
    expect(await publishSession(publisher, id!, {}, NOW)).toBe(1);
  });

  it("refuses to cancel a session that has already ended, and a second cancel", async () => {
    const {
      ids: [id],
    } = await createSessions(publisher, values(), NOW);
    await publishSession(publisher, id!, {}, NOW);
    await expectRefusal(cancelSession(publisher, id!, new Date("2027-03-08T15:15:00Z")), 409, /already taken place/);
    // While it runs it can still be called off.
    await cancelSession(publisher, id!, new Date("2027-03-08T14:45:00Z"));
    const session = await prisma.liveSession.findUniqueOrThrow({ where: { id: id! } });
    expect(session).toMatchObject({ status: "CANCELLED", sequence: 1 });
    expect(session.cancelledAt?.toISOString()).toBe("2027-03-08T14:45:00.000Z");
    await expectRefusal(cancelSession(publisher, id!, NOW), 409, /already cancelled/);
    await expectRefusal(cancelSession(csm, id!, NOW), 403);
  });

  it("answers 404 for a session that does not exist", async () => {
    await expectRefusal(publishSession(publisher, "missing", {}, NOW), 404);
    await expectRefusal(cancelSession(publisher, "missing", NOW), 404);
    await expectRefusal(updateSession(publisher, "missing", values(), NOW), 404);
  });
});
