import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import type { RegistrationStatus } from "~/generated/prisma/client.ts";
import { EMAIL_JOB_KIND, handleSendEmailJob } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { createWorker } from "~/modules/jobs/worker.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import {
  FOLLOW_UP_JOB_KIND,
  notifyRegistration,
  notifySeatOffered,
  notifySessionChanged,
  REGISTRATION_NOTICE_JOB_KIND,
  REMINDER_JOB_KIND,
} from "./notifications.server.ts";
import { handleFollowUpJob, registerSessionEmailJobs } from "./session-email-jobs.server.ts";

const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-03-02T09:00:00.000Z");
// Five days ahead, before Europe/Paris and America/New_York change their clocks.
const STARTS_AT = new Date("2026-03-07T15:00:00.000Z");

const cleanups: (() => unknown)[] = [];
let counter = 0;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  cleanups.push(registerJobHandler(EMAIL_JOB_KIND, (payload, job) => handleSendEmailJob(payload, job)));
  cleanups.push(registerSessionEmailJobs());
  await prisma.job.deleteMany();
  await prisma.outboxMessage.deleteMany();
  // Earlier tests' sessions would compete as "the next session on this topic".
  await prisma.liveSession.deleteMany();
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  vi.useRealTimers();
});

/** Runs every due job, including the email jobs the session jobs queue. */
async function drainJobs() {
  const worker = createWorker({ pollMs: 60_000, concurrency: 8 });
  while ((await worker.runOnce()) > 0);
  await worker.stop();
  const failed = await prisma.job.findMany({ where: { OR: [{ lastError: { not: null } }, { failedAt: { not: null } }] } });
  expect(failed.map((job) => job.lastError)).toEqual([]);
}

async function createScene(overrides: { startsAt?: Date; seriesId?: string; replayUrl?: string | null } = {}) {
  const account = await createAccount({ tier: "LOW" });
  const host = await createUser({ role: "PUBLISHER", name: "Grace Hopper", timeZone: "America/New_York" });
  const session = await prisma.liveSession.create({
    data: {
      kind: "EXPERT",
      status: "PUBLISHED",
      title: "Dashboards deep dive",
      description: "Bring your own dashboard.",
      startsAt: overrides.startsAt ?? STARTS_AT,
      durationMinutes: 60,
      timeZone: "America/New_York",
      meetingUrl: "https://meet.example/j/123",
      seatCap: 10,
      seriesId: overrides.seriesId ?? null,
      replayUrl: overrides.replayUrl ?? null,
      publishedAt: NOW,
      hosts: { create: [{ userId: host.id }] },
      topics: { create: [{ topic: "dashboards" }] },
    },
  });
  return { account, host, session };
}

async function register(
  scene: Awaited<ReturnType<typeof createScene>>,
  status: RegistrationStatus = "CONFIRMED",
  person: { name?: string; timeZone?: string } = {},
) {
  const user = await createUser({
    role: "MEMBER",
    accountId: scene.account.id,
    name: person.name ?? "Ada Lovelace",
    timeZone: person.timeZone ?? "Europe/Paris",
  });
  const registration = await prisma.registration.create({
    data: {
      sessionId: scene.session.id,
      userId: user.id,
      accountId: scene.account.id,
      status,
      joinCode: `join-${++counter}-${Math.random().toString(36).slice(2)}`,
      waitlistedAt: status === "WAITLISTED" ? NOW : null,
    },
  });
  return { user, registration };
}

async function emailJobs() {
  const jobs = await prisma.job.findMany({ where: { kind: EMAIL_JOB_KIND }, orderBy: { createdAt: "asc" } });
  return jobs.map((job) => ({ ...job, payload: JSON.parse(job.payload) as Record<string, unknown> }));
}

async function outboxFor(to: string) {
  const rows = await prisma.outboxMessage.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({
    ...row,
    attachments: JSON.parse(row.attachments) as { filename: string; contentType: string; content: string }[],
  }));
}

function readIcs(content: string) {
  const calendar = new ICAL.Component(ICAL.parse(content));
  const event = calendar.getFirstSubcomponent("vevent");
  if (!event) throw new Error("no VEVENT");
  const start = event.getFirstPropertyValue("dtstart");
  if (!(start instanceof ICAL.Time)) throw new Error("DTSTART is not a time");
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    start: start.toJSDate(),
    sequence: event.getFirstPropertyValue("sequence"),
    status: event.getFirstPropertyValue("status"),
  };
}

const uidOf = (sessionId: string) => `session-${sessionId}@localhost`;

describe("notifyRegistration: confirmed", () => {
  test("queues the confirmation with an invite and plans reminders and the follow-up", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene);

    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));

    const [email, ...others] = await emailJobs();
    expect(others).toEqual([]);
    expect(email!.idempotencyKey).toMatch(new RegExp(`^email:session-confirmation:${registration.id}:0:`));
    expect(email!.payload).toMatchObject({ template: "session-confirmation", to: user.email });
    const reminders = await prisma.job.findMany({ where: { kind: REMINDER_JOB_KIND }, orderBy: { runAt: "asc" } });
    expect(reminders.map((job) => [job.idempotencyKey, job.runAt, JSON.parse(job.payload)])).toEqual([
      [
        `reminder:${registration.id}:0:24h`,
        new Date(STARTS_AT.getTime() - 24 * HOUR),
        { registrationId: registration.id, sessionId: scene.session.id, sequence: 0, lead: "24h" },
      ],
      [
        `reminder:${registration.id}:0:1h`,
        new Date(STARTS_AT.getTime() - HOUR),
        { registrationId: registration.id, sessionId: scene.session.id, sequence: 0, lead: "1h" },
      ],
    ]);
    const followUps = await prisma.job.findMany({ where: { kind: FOLLOW_UP_JOB_KIND } });
    expect(followUps.map((job) => [job.idempotencyKey, job.runAt, JSON.parse(job.payload)])).toEqual([
      [`follow-up:${scene.session.id}:0`, new Date(STARTS_AT.getTime() + 3 * HOUR), { sessionId: scene.session.id, sequence: 0 }],
    ]);

    await drainJobs();

    const [message, ...more] = await outboxFor(user.email);
    expect(more).toEqual([]);
    const parisTime = formatDateTime(STARTS_AT, "Europe/Paris", "en-US");
    expect(parisTime).toContain("4:00 PM GMT+1");
    expect(message!.subject).toBe(`Confirmed: Dashboards deep dive · ${parisTime}`);
    expect(message!.text).toContain(parisTime);
    expect(message!.text).toContain("Grace Hopper");
    expect(message!.text).toContain(`http://localhost:3000/join/${registration.joinCode}`);
    expect(message!.html).toContain("https://calendar.google.com/calendar/render?action=TEMPLATE");
    expect(message!.html).toContain("https://outlook.live.com/calendar/0/deeplink/compose");
    expect(message!.attachments).toHaveLength(1);
    expect(message!.attachments[0]).toMatchObject({ filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST" });
    expect(readIcs(message!.attachments[0]!.content)).toEqual({
      method: "REQUEST",
      uid: uidOf(scene.session.id),
      start: STARTS_AT,
      sequence: 0,
      status: "CONFIRMED",
    });
  });

  test("a second call for the same change queues nothing new; reminders already due are skipped", async () => {
    const scene = await createScene({ startsAt: new Date(NOW.getTime() + 5 * HOUR) });
    const { registration } = await register(scene);

    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));
    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));

    expect(await emailJobs()).toHaveLength(1);
    const reminders = await prisma.job.findMany({ where: { kind: REMINDER_JOB_KIND } });
    expect(reminders.map((job) => job.idempotencyKey)).toEqual([`reminder:${registration.id}:0:1h`]);
    expect(await prisma.job.count({ where: { kind: FOLLOW_UP_JOB_KIND } })).toBe(1);
  });

  test("rolls back with the registration write", async () => {
    const scene = await createScene();
    const { registration } = await register(scene);

    await expect(
      prisma.$transaction(async (tx) => {
        await notifyRegistration(tx, registration.id, "confirmed");
        throw new Error("seat write failed");
      }),
    ).rejects.toThrow("seat write failed");

    expect(await prisma.job.count()).toBe(0);
  });
});

describe("reminders", () => {
  test("the 24h and 1h reminders are sent once each while the seat and the session still hold", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene);
    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));
    await drainJobs();

    vi.setSystemTime(new Date(STARTS_AT.getTime() - 24 * HOUR + 1000));
    await drainJobs();
    vi.setSystemTime(new Date(STARTS_AT.getTime() - HOUR + 1000));
    await drainJobs();

    const subjects = (await outboxFor(user.email)).map((message) => message.subject);
    const when = formatDateTime(STARTS_AT, "Europe/Paris", "en-US");
    expect(subjects).toEqual([
      `Confirmed: Dashboards deep dive · ${when}`,
      `Starting tomorrow: Dashboards deep dive · ${when}`,
      `Starting in 1 hour: Dashboards deep dive · ${when}`,
    ]);
    const reminder = (await outboxFor(user.email))[2]!;
    expect(reminder.text).toContain(`http://localhost:3000/join/${registration.joinCode}`);
    expect(reminder.idempotencyKey).toBe(`email:session-reminder:${registration.id}:0:1h`);
  });

  test("a reminder planned before a reschedule sends nothing; the re-planned one sends", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene);
    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));
    await drainJobs();

    const movedTo = new Date(STARTS_AT.getTime() + 2 * HOUR);
    await prisma.$transaction(async (tx) => {
      await tx.liveSession.update({ where: { id: scene.session.id }, data: { startsAt: movedTo, sequence: { increment: 1 } } });
      await notifySessionChanged(tx, scene.session.id, "rescheduled");
    });
    const reminders = await prisma.job.findMany({ where: { kind: REMINDER_JOB_KIND }, orderBy: [{ runAt: "asc" }] });
    expect(reminders.map((job) => job.idempotencyKey)).toEqual([
      `reminder:${registration.id}:0:24h`,
      `reminder:${registration.id}:1:24h`,
      `reminder:${registration.id}:0:1h`,
      `reminder:${registration.id}:1:1h`,
    ]);
    expect(await prisma.job.findUnique({ where: { idempotencyKey: `follow-up:${scene.session.id}:1` } })).toMatchObject({
      runAt: new Date(movedTo.getTime() + 3 * HOUR),
    });

    // The old 24h reminder is due now, the new one is not yet.
    vi.setSystemTime(new Date(STARTS_AT.getTime() - 24 * HOUR + 1000));
    await drainJobs();
    expect(await prisma.outboxMessage.count({ where: { template: "session-reminder" } })).toBe(0);
    expect(await prisma.job.findUnique({ where: { idempotencyKey: `reminder:${registration.id}:0:24h` } })).toMatchObject({
      completedAt: expect.any(Date),
    });

    vi.setSystemTime(new Date(movedTo.getTime() - 24 * HOUR + 1000));
    await drainJobs();
    const reminders24h = await prisma.outboxMessage.findMany({ where: { template: "session-reminder", to: user.email } });
    expect(reminders24h.map((message) => message.idempotencyKey)).toEqual([`email:session-reminder:${registration.id}:1:24h`]);
    expect(reminders24h[0]!.subject).toContain(formatDateTime(movedTo, "Europe/Paris", "en-US"));
  });

  test("a cancelled seat gets no reminder", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene);
    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));
    await prisma.registration.update({ where: { id: registration.id }, data: { status: "CANCELLED", cancelledAt: NOW } });

    vi.setSystemTime(new Date(STARTS_AT.getTime() - HOUR + 1000));
    await drainJobs();

    expect((await outboxFor(user.email)).map((message) => message.template)).toEqual(["session-confirmation"]);
  });
});

describe("notifySessionChanged", () => {
  test("an update re-sends the invite with the raised SEQUENCE to confirmed and offered registrants", async () => {
    const scene = await createScene();
    const confirmed = await register(scene, "CONFIRMED", { name: "Ada Lovelace" });
    const offered = await register(scene, "OFFERED", { name: "Alan Turing", timeZone: "Asia/Tokyo" });
    const waiting = await register(scene, "WAITLISTED", { name: "Edsger Dijkstra" });

    await prisma.$transaction(async (tx) => {
      await tx.liveSession.update({ where: { id: scene.session.id }, data: { title: "Dashboards, deeper", sequence: 3 } });
      await notifySessionChanged(tx, scene.session.id, "updated");
    });

    const jobs = await emailJobs();
    expect(jobs.map((job) => [job.payload.template, job.payload.to, job.idempotencyKey])).toEqual([
      ["session-updated", confirmed.user.email, `email:session-updated:${confirmed.registration.id}:3`],
      ["session-updated", offered.user.email, `email:session-updated:${offered.registration.id}:3`],
    ]);
    // Only a confirmed seat gets reminders.
    const reminderKeys = (await prisma.job.findMany({ where: { kind: REMINDER_JOB_KIND } })).map((job) => job.idempotencyKey).sort();
    expect(reminderKeys).toEqual([`reminder:${confirmed.registration.id}:3:1h`, `reminder:${confirmed.registration.id}:3:24h`]);

    await drainJobs();

    const [message] = await outboxFor(offered.user.email);
    expect(message!.subject).toBe(`Updated: Dashboards, deeper · ${formatDateTime(STARTS_AT, "Asia/Tokyo", "en-US")}`);
    expect(readIcs(message!.attachments[0]!.content)).toMatchObject({ method: "REQUEST", uid: uidOf(scene.session.id), sequence: 3 });
    expect(await outboxFor(waiting.user.email)).toEqual([]);
  });

  test("a reschedule tells each registrant the new time in their zone", async () => {
    const scene = await createScene();
    const { user } = await register(scene, "CONFIRMED", { timeZone: "America/Los_Angeles" });
    const movedTo = new Date("2026-03-09T17:00:00.000Z");

    await prisma.$transaction(async (tx) => {
      await tx.liveSession.update({ where: { id: scene.session.id }, data: { startsAt: movedTo, sequence: 1 } });
      await notifySessionChanged(tx, scene.session.id, "rescheduled");
    });
    await drainJobs();

    const [message] = await outboxFor(user.email);
    const when = formatDateTime(movedTo, "America/Los_Angeles", "en-US");
    expect(when).toContain("PDT");
    expect(message!.subject).toBe(`Rescheduled: Dashboards deep dive · now ${when}`);
    expect(readIcs(message!.attachments[0]!.content)).toMatchObject({ method: "REQUEST", start: movedTo, sequence: 1 });
  });

  test("a cancellation sends METHOD:CANCEL invites, tells the waitlist, and drops the reminders", async () => {
    const scene = await createScene();
    const confirmed = await register(scene);
    const waiting = await register(scene, "WAITLISTED", { name: "Edsger Dijkstra" });
    await prisma.$transaction((tx) => notifyRegistration(tx, confirmed.registration.id, "confirmed"));
    // The confirmation has gone out by the time the session is cancelled, a minute later (drained
    // together, the two emails could be written in either order, and the outbox sorts by time).
    await drainJobs();
    vi.setSystemTime(new Date(NOW.getTime() + 60_000));

    await prisma.$transaction(async (tx) => {
      await tx.liveSession.update({
        where: { id: scene.session.id },
        data: { status: "CANCELLED", cancelledAt: new Date(), sequence: { increment: 1 } },
      });
      await notifySessionChanged(tx, scene.session.id, "cancelled");
    });
    await drainJobs();

    const [, cancellation] = await outboxFor(confirmed.user.email);
    expect(cancellation!.subject).toBe(`Cancelled: Dashboards deep dive · ${formatDateTime(STARTS_AT, "Europe/Paris", "en-US")}`);
    expect(cancellation!.attachments[0]!.contentType).toBe("text/calendar; charset=utf-8; method=CANCEL");
    expect(readIcs(cancellation!.attachments[0]!.content)).toEqual({
      method: "CANCEL",
      uid: uidOf(scene.session.id),
      start: STARTS_AT,
      sequence: 1,
      status: "CANCELLED",
    });
    const [waitlistNotice] = await outboxFor(waiting.user.email);
    expect(waitlistNotice!.template).toBe("session-cancelled");
    expect(waitlistNotice!.attachments).toEqual([]);
    expect(waitlistNotice!.text).not.toContain("invite.ics");

    for (const at of [STARTS_AT.getTime() - 24 * HOUR, STARTS_AT.getTime() - HOUR, STARTS_AT.getTime() + 4 * HOUR]) {
      vi.setSystemTime(new Date(at + 1000));
      await drainJobs();
    }
    expect((await outboxFor(confirmed.user.email)).map((message) => message.template)).toEqual([
      "session-confirmation",
      "session-cancelled",
    ]);
    expect(await prisma.job.count({ where: { kind: { in: [REMINDER_JOB_KIND, FOLLOW_UP_JOB_KIND] }, completedAt: null } })).toBe(0);
  });

  test("seats released in the same transaction before the call still hear about the cancellation", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene);

    await prisma.$transaction(async (tx) => {
      const at = new Date();
      await tx.liveSession.update({ where: { id: scene.session.id }, data: { status: "CANCELLED", cancelledAt: at, sequence: 1 } });
      await tx.registration.update({ where: { id: registration.id }, data: { status: "CANCELLED", cancelledAt: at } });
      await notifySessionChanged(tx, scene.session.id, "cancelled");
    });
    await drainJobs();

    const [message] = await outboxFor(user.email);
    expect(readIcs(message!.attachments[0]!.content)).toMatchObject({ method: "CANCEL", sequence: 1 });
  });
});

describe("waitlist, offers and one's own cancellation", () => {
  test("a waitlisted registrant is told so, without an invite", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene, "WAITLISTED");

    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "waitlisted"));
    await drainJobs();

    const [message, ...more] = await outboxFor(user.email);
    expect(more).toEqual([]);
    expect(message!.subject).toBe("You are on the waitlist: Dashboards deep dive");
    expect(message!.attachments).toEqual([]);
    expect(message!.text).toContain(`http://localhost:3000/portal/sessions/${scene.session.id}`);
    expect(await prisma.job.count({ where: { kind: REMINDER_JOB_KIND } })).toBe(0);
  });

  test("an offer carries claim and decline links and the expiry in the recipient's zone", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene, "OFFERED", { timeZone: "Asia/Kolkata" });
    const expiresAt = new Date(NOW.getTime() + 12 * HOUR);

    await prisma.$transaction((tx) => notifySeatOffered(tx, registration.id, "tok_offer_123", expiresAt));
    await drainJobs();

    const [message] = await outboxFor(user.email);
    expect(message!.subject).toBe(`A seat opened up: Dashboards deep dive · ${formatDateTime(STARTS_AT, "Asia/Kolkata", "en-US")}`);
    expect(message!.html).toContain('href="http://localhost:3000/offers/tok_offer_123"');
    expect(message!.html).toContain('href="http://localhost:3000/offers/tok_offer_123?decline=1"');
    const expiry = formatDateTime(expiresAt, "Asia/Kolkata", "en-US");
    expect(expiry).toContain("GMT+5:30");
    expect(message!.text).toContain(expiry);
    expect(message!.idempotencyKey).toBe(`email:session-offer:${registration.id}:${expiresAt.getTime()}`);
  });

  test("cancelling one's own seat sends a short notice with METHOD:CANCEL", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene);
    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));
    // The confirmation has gone out by the time the person cancels, a minute later.
    await drainJobs();

    vi.setSystemTime(new Date(NOW.getTime() + 60_000));
    await prisma.$transaction(async (tx) => {
      await tx.registration.update({ where: { id: registration.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
      await notifyRegistration(tx, registration.id, "cancelled");
    });
    await drainJobs();

    const messages = await outboxFor(user.email);
    expect(messages.map((message) => message.subject)).toEqual([
      `Confirmed: Dashboards deep dive · ${formatDateTime(STARTS_AT, "Europe/Paris", "en-US")}`,
      "Your registration is cancelled: Dashboards deep dive",
    ]);
    expect(readIcs(messages[1]!.attachments[0]!.content)).toMatchObject({
      method: "CANCEL",
      uid: uidOf(scene.session.id),
      status: "CANCELLED",
    });

    // Registering again is a new confirmation, not a duplicate of the first.
    vi.setSystemTime(new Date(NOW.getTime() + 120_000));
    await prisma.$transaction(async (tx) => {
      await tx.registration.update({ where: { id: registration.id }, data: { status: "CONFIRMED", cancelledAt: null } });
      await notifyRegistration(tx, registration.id, "confirmed");
    });
    await drainJobs();
    expect((await outboxFor(user.email)).map((message) => message.template)).toEqual([
      "session-confirmation",
      "session-cancelled",
      "session-confirmation",
    ]);
  });
});

describe("follow-up", () => {
  test("attendees get thanks and feedback, no-shows the replay and the next occurrence, once each", async () => {
    const series = await prisma.liveSessionSeries.create({ data: { title: "Dashboards", intervalWeeks: 1, occurrences: 2 } });
    const scene = await createScene({ seriesId: series.id, replayUrl: "/library/dashboards-replay" });
    const nextStart = new Date(STARTS_AT.getTime() + 7 * 24 * HOUR);
    const next = await prisma.liveSession.create({
      data: {
        kind: "EXPERT",
        status: "PUBLISHED",
        title: "Dashboards deep dive (2)",
        startsAt: nextStart,
        durationMinutes: 60,
        timeZone: "America/New_York",
        meetingUrl: "https://meet.example/j/124",
        seriesId: series.id,
      },
    });
    const attendee = await register(scene, "CONFIRMED", { name: "Ada Lovelace" });
    const joined = await register(scene, "CONFIRMED", { name: "Alan Turing" });
    const absent = await register(scene, "CONFIRMED", { name: "Edsger Dijkstra", timeZone: "Europe/Berlin" });
    const gone = await register(scene, "CANCELLED", { name: "Barbara Liskov" });
    await prisma.$transaction(async (tx) => {
      for (const { registration } of [attendee, joined, absent]) await notifyRegistration(tx, registration.id, "confirmed");
    });
    expect(await prisma.job.count({ where: { kind: FOLLOW_UP_JOB_KIND } })).toBe(1);
    await prisma.registration.update({ where: { id: attendee.registration.id }, data: { attendance: "ATTENDED" } });
    await prisma.registration.update({ where: { id: joined.registration.id }, data: { joinedAt: STARTS_AT } });
    await prisma.registration.update({ where: { id: absent.registration.id }, data: { attendance: "NO_SHOW" } });

    vi.setSystemTime(new Date(STARTS_AT.getTime() + 3 * HOUR + 1000));
    await drainJobs();
    // A retried run (say after a crash half-way) must not send anyone a second email.
    await handleFollowUpJob({ sessionId: scene.session.id, sequence: 0 });
    await drainJobs();

    for (const person of [attendee, joined]) {
      const followUps = (await outboxFor(person.user.email)).filter((message) => message.template === "session-follow-up");
      expect(followUps).toHaveLength(1);
      expect(followUps[0]!.subject).toBe("Thanks for joining Dashboards deep dive");
      expect(followUps[0]!.text).toContain(`http://localhost:3000/feedback/${person.registration.joinCode}`);
      expect(followUps[0]!.text).toContain("http://localhost:3000/library/dashboards-replay");
    }
    const noShow = (await outboxFor(absent.user.email)).filter((message) => message.template === "session-follow-up");
    expect(noShow).toHaveLength(1);
    expect(noShow[0]!.subject).toBe("Sorry we missed you at Dashboards deep dive");
    expect(noShow[0]!.html).toContain('href="http://localhost:3000/library/dashboards-replay"');
    expect(noShow[0]!.text).toContain(`http://localhost:3000/portal/sessions/${next.id}`);
    expect(noShow[0]!.text).toContain(formatDateTime(nextStart, "Europe/Berlin", "en-US"));
    expect(noShow[0]!.text).not.toContain("/feedback/");
    expect(await outboxFor(gone.user.email)).toEqual([]);
  });

  test("a no-show is pointed to the next session on a shared topic when there is no series", async () => {
    const scene = await createScene();
    const onTopic = await prisma.liveSession.create({
      data: {
        kind: "WEBINAR",
        status: "PUBLISHED",
        title: "Dashboards for admins",
        startsAt: new Date(STARTS_AT.getTime() + 3 * 24 * HOUR),
        durationMinutes: 45,
        timeZone: "Europe/London",
        meetingUrl: "https://meet.example/j/200",
        topics: { create: [{ topic: "dashboards" }] },
      },
    });
    // Not open to this account's tier, though sooner.
    await prisma.liveSession.create({
      data: {
        kind: "WEBINAR",
        status: "PUBLISHED",
        title: "Dashboards for enterprise",
        startsAt: new Date(STARTS_AT.getTime() + 24 * HOUR),
        durationMinutes: 45,
        timeZone: "Europe/London",
        meetingUrl: "https://meet.example/j/201",
        audienceTiers: "HIGH",
        topics: { create: [{ topic: "dashboards" }] },
      },
    });
    const { user, registration } = await register(scene);
    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));

    vi.setSystemTime(new Date(STARTS_AT.getTime() + 3 * HOUR + 1000));
    await drainJobs();

    const [followUp] = (await outboxFor(user.email)).filter((message) => message.template === "session-follow-up");
    expect(followUp!.text).toContain(`http://localhost:3000/portal/sessions/${onTopic.id}`);
    expect(followUp!.text).toContain("Dashboards for admins");
    expect(followUp!.text).not.toContain("enterprise");
    expect(followUp!.text).toContain("We will share the replay once it is ready.");
  });

  test("a follow-up planned before a reschedule sends nothing", async () => {
    const scene = await createScene();
    const { user, registration } = await register(scene);
    await prisma.$transaction((tx) => notifyRegistration(tx, registration.id, "confirmed"));
    await prisma.liveSession.update({ where: { id: scene.session.id }, data: { sequence: 1 } });

    await handleFollowUpJob({ sessionId: scene.session.id, sequence: 0 });
    await drainJobs();

    expect((await outboxFor(user.email)).map((message) => message.template)).toEqual(["session-confirmation"]);
  });
});

describe("registration notices (the engine queues a job; the job writes the email)", () => {
  async function registerThroughEngine(scene: Awaited<ReturnType<typeof createScene>>) {
    const user = await createUser({ role: "MEMBER", accountId: scene.account.id, name: "Ada Lovelace", timeZone: "Europe/Paris" });
    const { registerForSession } = await import("./registration.server.ts");
    const registration = await registerForSession(user, scene.session.id, {});
    return { user, registration };
  }

  test("registering writes one notice job and no email; the job then sends the confirmation and plans reminders", async () => {
    const scene = await createScene();
    const { user } = await registerThroughEngine(scene);
    const notices = await prisma.job.findMany({ where: { kind: REGISTRATION_NOTICE_JOB_KIND } });
    expect(notices).toHaveLength(1);
    expect(await emailJobs()).toEqual([]);

    await drainJobs();
    const [confirmation, ...others] = await outboxFor(user.email);
    expect(others).toEqual([]);
    expect(confirmation?.template).toBe("session-confirmation");
    expect(await prisma.job.count({ where: { kind: REMINDER_JOB_KIND } })).toBe(2);
  });

  test("a notice superseded by a later change sends nothing: register then cancel before the job ran", async () => {
    const scene = await createScene();
    const { user } = await registerThroughEngine(scene);
    const { cancelRegistration } = await import("./registration.server.ts");
    await cancelRegistration(user, scene.session.id);

    await drainJobs();
    const sent = await outboxFor(user.email);
    expect(sent.map((message) => message.template)).toEqual(["session-cancelled"]);
    expect(await prisma.job.count({ where: { kind: REMINDER_JOB_KIND } })).toBe(0);
  });

  test("a retried notice job sends its email once; registering again after cancelling is a new email", async () => {
    const scene = await createScene();
    const { user } = await registerThroughEngine(scene);
    const [notice] = await prisma.job.findMany({ where: { kind: REGISTRATION_NOTICE_JOB_KIND } });
    await drainJobs();
    // The same payload again, as after a crash between sending and completing.
    await prisma.job.create({ data: { kind: REGISTRATION_NOTICE_JOB_KIND, payload: notice!.payload } });
    await drainJobs();
    expect((await outboxFor(user.email)).map((message) => message.template)).toEqual(["session-confirmation"]);

    // A minute between each step: with the clock frozen, emails written in the same instant tie in
    // the outbox, which sorts by time (on PostgreSQL they then came back in either order).
    const { cancelRegistration, registerForSession } = await import("./registration.server.ts");
    vi.setSystemTime(new Date(NOW.getTime() + 60_000));
    await cancelRegistration(user, scene.session.id);
    await drainJobs();
    vi.setSystemTime(new Date(NOW.getTime() + 120_000));
    await registerForSession(user, scene.session.id, {});
    await drainJobs();
    expect((await outboxFor(user.email)).map((message) => message.template)).toEqual([
      "session-confirmation",
      "session-cancelled",
      "session-confirmation",
    ]);
  });
});
