import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTierPolicies, createUser } from "#test/factories.ts";
import { bookAt, createBooker, drainJobs, tokenFromConfirmation, type Booker } from "#test/lifecycle-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { EMAIL_JOB_KIND, handleSendEmailJob } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { registerBookingEmailJobs } from "~/modules/queue/booking-emails.server.ts";
import { registerQueueJobs } from "~/modules/queue/queue-jobs.server.ts";
import { SLOT_FREED_JOB_KIND } from "~/modules/queue/queue-jobs.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as bookAction } from "./_app.portal.book.tsx";
import { action as briefAction } from "./_app.console.bookings.$bookingId.tsx";
import { action as manageAction, loader as manageLoader } from "./bookings.$token.tsx";
import { action as offerAction } from "./queue.offers.$token.tsx";

// The four pieces of the queue together, with the handlers the app registers at start (no stand-ins):
// the manage link frees time, the slot-freed job reaches the waiting queue, its offer email goes out,
// the claim books through the booking transaction and sends the booking's confirmations.

const NOW = new Date("2026-11-20T12:00:00.000Z");
const MONDAY_10 = new Date("2026-11-23T10:00:00.000Z");
const MONDAY_11 = new Date("2026-11-23T11:00:00.000Z");
const NO_WEEK = JSON.stringify({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
const PURPOSE = "Our goal is to roll out to two more teams before renewal";

const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  await createTierPolicies();
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  cleanups.push(
    registerJobHandler(EMAIL_JOB_KIND, (payload, job) => handleSendEmailJob(payload, job)),
    registerBookingEmailJobs(),
    registerQueueJobs(),
  );
  await prisma.queueEntry.updateMany({ where: { status: { in: ["WAITING", "OFFERED"] } }, data: { status: "CANCELLED" } });
  await prisma.job.deleteMany();
  await prisma.outboxMessage.deleteMany();
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  vi.useRealTimers();
});

/** The only pool CSM, free on Monday at the given UTC hours only (one-hour ranges, no buffers or notice). */
async function csmFreeAt(hours: string[]) {
  const csm = await createUser({ role: "CSM", name: "Casey Morgan", timeZone: "America/New_York" });
  await prisma.csmAvailability.updateMany({ data: { inPool: false } });
  await prisma.csmAvailability.create({
    data: {
      userId: csm.id,
      timeZone: "UTC",
      weeklyHours: NO_WEEK,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 0,
      maxHoursPerDay: 8,
      horizonDays: 60,
    },
  });
  const ranges = hours.map((start) => ({ start, end: `${String(Number(start.slice(0, 2)) + 1).padStart(2, "0")}:00` }));
  await prisma.availabilityOverride.create({ data: { userId: csm.id, date: "2026-11-23", ranges: JSON.stringify(ranges) } });
  return csm;
}

async function joinQueue(booker: Booker) {
  const cookie = await sessionCookieFor(booker.member.id);
  const response = await invoke(bookAction, buildRequest("/portal/book", { cookie, form: { intent: "join-queue", purpose: PURPOSE } }));
  expect(response.status).toBe(200);
  return cookie;
}

async function outbox(to: string, template: string) {
  return prisma.outboxMessage.findMany({ where: { to, template }, orderBy: { createdAt: "asc" } });
}

function claimToken(text: string) {
  return /\/queue\/offers\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? null;
}

describe("the booking lifecycle and the waiting queue together", () => {
  it("a cancel through the manage link frees the slot, the slot-freed job offers it to the head of the queue, and the claim confirms it", async () => {
    const csm = await csmFreeAt(["10:00"]);
    const holder = await createBooker({ name: "Hana Holder" });
    await bookAt(holder, MONDAY_10, NOW);
    const manageToken = await tokenFromConfirmation(holder.member.email);
    const waiter = await createBooker({ name: "Wes Waiter", timeZone: "Europe/Berlin" });
    await joinQueue(waiter);
    await drainJobs();
    expect(await outbox(waiter.member.email, "csm-hour-offer")).toHaveLength(0);

    const cancelled = await invoke(manageAction, buildRequest(`/bookings/${manageToken}`, { form: { intent: "cancel", reason: "" } }), {
      token: manageToken,
    });
    expect(cancelled.status).toBe(303);
    const freed = await prisma.job.findMany({ where: { kind: SLOT_FREED_JOB_KIND } });
    expect(freed.map((job) => JSON.parse(job.payload))).toEqual([{ csmId: csm.id, startsAt: MONDAY_10.toISOString() }]);

    await drainJobs();
    expect((await prisma.job.findFirstOrThrow({ where: { kind: SLOT_FREED_JOB_KIND } })).completedAt).toBeInstanceOf(Date);
    const [offer, ...more] = await outbox(waiter.member.email, "csm-hour-offer");
    expect(more).toHaveLength(0);
    // In the waiter's zone: 10:00 UTC is 11:00 in Berlin.
    expect(offer!.text).toContain("Nov 23, 2026, 11:00 AM");
    const token = claimToken(offer!.text)!;
    expect(token).toBeTruthy();

    const claimed = await invoke(offerAction, buildRequest(`/queue/offers/${token}`, { form: { intent: "claim" } }), { token });
    expect(claimed.status).toBe(303);
    await drainJobs();
    const booking = await prisma.csmBooking.findFirstOrThrow({ where: { bookedById: waiter.member.id, status: "CONFIRMED" } });
    expect(booking).toMatchObject({ csmId: csm.id, startsAt: MONDAY_10, timeZone: "Europe/Berlin" });
    // The claim sends the booking's confirmations, once each, and nothing that says otherwise.
    expect(await outbox(waiter.member.email, "csm-hour-confirmation")).toHaveLength(1);
    // The CSM's: the holder's hour, then the waiter's.
    const csmConfirmations = await outbox(csm.email, "csm-hour-confirmation");
    expect(csmConfirmations).toHaveLength(2);
    expect(csmConfirmations[1]!.text).toContain("Wes Waiter");
    expect(await outbox(waiter.member.email, "csm-hour-offer")).toHaveLength(1);
    expect(await outbox(waiter.member.email, "csm-hour-cancelled")).toHaveLength(0);
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: waiter.member.id } })).toMatchObject({
      status: "BOOKED",
      bookingId: booking.id,
    });
  });

  it("a no-show frees nothing: the hour is in the past, no slot-freed job is written and the queue is not offered it", async () => {
    const csm = await csmFreeAt(["10:00"]);
    const holder = await createBooker({ name: "Hana Holder" });
    const { booking } = await bookAt(holder, MONDAY_10, NOW);
    const waiter = await createBooker({ name: "Wes Waiter" });
    await joinQueue(waiter);
    await drainJobs();

    vi.setSystemTime(new Date("2026-11-23T10:20:00.000Z"));
    const cookie = await sessionCookieFor(csm.id);
    const marked = await invoke(
      briefAction,
      buildRequest(`/console/bookings/${booking.id}`, { cookie, form: { intent: "mark", outcome: "NO_SHOW" } }),
      { bookingId: booking.id },
    );
    expect(marked.status).toBe(200);
    expect((await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("NO_SHOW");
    expect(await prisma.job.count({ where: { kind: SLOT_FREED_JOB_KIND } })).toBe(0);
    await drainJobs();
    expect(await outbox(waiter.member.email, "csm-hour-offer")).toHaveLength(0);
    expect((await prisma.queueEntry.findFirstOrThrow({ where: { userId: waiter.member.id } })).status).toBe("WAITING");
  });

  it("a time held for the head of the queue is not offered to a reschedule, nor taken by one", async () => {
    await csmFreeAt(["10:00", "11:00"]);
    const holder = await createBooker({ name: "Hana Holder", timeZone: "UTC" });
    await bookAt(holder, MONDAY_10, NOW);
    const manageToken = await tokenFromConfirmation(holder.member.email);
    // Joining matches at once: the free 11:00 is held for the waiter.
    const waiter = await createBooker({ name: "Wes Waiter" });
    await joinQueue(waiter);
    await drainJobs();
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: waiter.member.id } })).toMatchObject({
      status: "OFFERED",
      offeredStartsAt: MONDAY_11,
    });

    const page = await invoke(manageLoader, buildRequest(`/bookings/${manageToken}?step=reschedule`), { token: manageToken });
    expect(page.status).toBe(200);
    const days = (page.body as { days: { slots: { value: string }[] }[] }).days;
    expect(days.flatMap((day) => day.slots.map((slot) => slot.value))).not.toContain(MONDAY_11.toISOString());

    const moved = await invoke(
      manageAction,
      buildRequest(`/bookings/${manageToken}`, { form: { intent: "reschedule", startsAt: MONDAY_11.toISOString() } }),
      { token: manageToken },
    );
    expect(moved.status).toBe(409);
    const kept = await prisma.csmBooking.findFirstOrThrow({ where: { bookedById: holder.member.id } });
    expect(kept.startsAt).toEqual(MONDAY_10);
  });
});
