import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTierPolicies } from "#test/factories.ts";
import { bookAt, createBooker, createPoolCsm, drainJobs, onlyInPool, registerLifecycleHandlers } from "#test/lifecycle-factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { BOOKING_REMINDER_JOB_KIND, handleBookingReminderJob } from "./booking-emails.server.ts";
import { cancelBooking, rescheduleBooking } from "./manage-booking.server.ts";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const MONDAY_15 = new Date("2026-11-23T15:00:00.000Z");
const TUESDAY_15 = new Date("2026-11-24T15:00:00.000Z");
const DAY_BEFORE = new Date("2026-11-22T15:00:00.000Z");
const HOUR_BEFORE = new Date("2026-11-23T14:00:00.000Z");

let handlers: ReturnType<typeof registerLifecycleHandlers>;

beforeAll(async () => {
  await createTierPolicies();
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  handlers = registerLifecycleHandlers();
  await prisma.job.deleteMany();
  await prisma.outboxMessage.deleteMany();
});

afterEach(() => {
  handlers.remove();
  vi.useRealTimers();
});

async function scene() {
  const csm = await createPoolCsm();
  await onlyInPool([csm.id]);
  const booker = await createBooker();
  const { booking, manageToken } = await bookAt(booker, MONDAY_15, NOW);
  await drainJobs(); // the confirmations: what follows counts only what the reminders queue
  await prisma.outboxMessage.deleteMany();
  await prisma.job.deleteMany({ where: { kind: "email.send" } });
  const reminders = await prisma.job.findMany({ where: { kind: BOOKING_REMINDER_JOB_KIND }, orderBy: { runAt: "asc" } });
  return { csm, booker, booking, manageToken, payloads: reminders.map((job) => JSON.parse(job.payload) as unknown) };
}

async function remindersSent() {
  const messages = await prisma.outboxMessage.findMany({ where: { template: "csm-hour-reminder" }, orderBy: { createdAt: "asc" } });
  return messages.map((message) => ({ to: message.to, subject: message.subject }));
}

describe("reminders for a booked hour", () => {
  it("the worker sends the day-ahead one to the customer and the hour-ahead one to both, once each, when they fall due", async () => {
    const { csm, booker } = await scene();

    vi.setSystemTime(DAY_BEFORE);
    await drainJobs();
    expect(await remindersSent()).toEqual([
      { to: booker.member.email, subject: "Starting tomorrow: One hour with a CSM · Nov 23, 2026, 8:30 PM GMT+5:30" },
    ]);

    vi.setSystemTime(HOUR_BEFORE);
    await drainJobs();
    const sent = await remindersSent();
    expect(sent).toHaveLength(3);
    expect(
      sent
        .slice(1)
        .map((message) => message.to)
        .sort(),
    ).toEqual([booker.member.email, csm.email].sort());
    expect(sent.find((message) => message.to === csm.email)?.subject).toBe(
      `Starting in 1 hour: your hour with Ada Lovelace (${booker.account.name})`,
    );
    const customer = await prisma.outboxMessage.findFirstOrThrow({ where: { template: "csm-hour-reminder", to: booker.member.email } });
    expect(customer.text).toContain("/portal/bookings/");
  });

  it("a retried reminder job queues nothing twice", async () => {
    const { payloads } = await scene();
    await handleBookingReminderJob(payloads[1], HOUR_BEFORE);
    await handleBookingReminderJob(payloads[1], HOUR_BEFORE);
    const emails = await prisma.job.findMany({ where: { kind: "email.send" } });
    expect(emails.filter((job) => job.payload.includes("csm-hour-reminder"))).toHaveLength(2);
  });

  it("reminders planned before a move say nothing; the re-planned ones speak for the new time", async () => {
    const { booker, manageToken, payloads } = await scene();
    await rescheduleBooking({ kind: "token", token: manageToken }, { startsAt: TUESDAY_15 }, { now: NOW });
    await handleBookingReminderJob(payloads[0], DAY_BEFORE);
    await handleBookingReminderJob(payloads[1], HOUR_BEFORE);
    expect(await prisma.job.count({ where: { kind: "email.send", payload: { contains: "csm-hour-reminder" } } })).toBe(0);

    vi.setSystemTime(new Date("2026-11-23T15:00:00.000Z"));
    await drainJobs();
    expect(await remindersSent()).toEqual([
      { to: booker.member.email, subject: "Starting tomorrow: One hour with a CSM · Nov 24, 2026, 8:30 PM GMT+5:30" },
    ]);
  });

  it("a cancelled hour gets no reminder, and a day-ahead reminder running late stays quiet", async () => {
    const { payloads, manageToken } = await scene();
    await handleBookingReminderJob(payloads[0], new Date("2026-11-23T14:30:00.000Z"));
    expect(await prisma.job.count({ where: { kind: "email.send" } })).toBe(0);

    await cancelBooking({ kind: "token", token: manageToken }, { reason: "" }, { now: NOW });
    vi.setSystemTime(HOUR_BEFORE);
    await drainJobs();
    expect(await remindersSent()).toEqual([]);
  });

  it("a deactivated customer gets no reminder; the CSM still does", async () => {
    const { csm, booker, payloads } = await scene();
    await prisma.user.update({ where: { id: booker.member.id }, data: { deactivatedAt: NOW } });
    await handleBookingReminderJob(payloads[1], HOUR_BEFORE);
    const emails = await prisma.job.findMany({ where: { kind: "email.send" } });
    expect(emails.map((job) => (JSON.parse(job.payload) as { to: string }).to)).toEqual([csm.email]);
  });
});
