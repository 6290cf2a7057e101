import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { EMAIL_JOB_KIND, handleSendEmailJob } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { createWorker } from "~/modules/jobs/worker.server.ts";
import { bookHour, findSlots } from "~/modules/queue/booking.server.ts";
import { topUpHours } from "~/modules/queue/ledger.server.ts";
import { registerQueueJobs } from "~/modules/queue/queue-jobs.server.ts";
import { SLOT_FREED_JOB_KIND } from "~/modules/queue/queue-jobs.ts";
import { QUEUE_MATCH_JOB_KIND } from "~/modules/queue/waiting-queue.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as bookAction, loader as bookLoader } from "./_app.portal.book.tsx";
import { action as hoursAction, loader as hoursLoader } from "./_app.portal.hours.tsx";
import { action as offerAction, loader as offerLoader } from "./queue.offers.$token.tsx";

// Friday noon UTC. Each scene's CSM has exactly one hour of availability, Monday 10:00–11:00 UTC, and
// a first customer books it: the pool has no free time, so the next customers join the queue.
const NOW = new Date("2026-11-20T12:00:00Z");
const MONDAY_10 = new Date("2026-11-23T10:00:00Z");
const NO_WEEK = JSON.stringify({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
const PURPOSE = "Our goal is to roll out to two more teams before renewal";

type Reply = { step: string; message?: string; tone?: string; days?: unknown[] };

const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  await createTierPolicies();
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  cleanups.push(registerJobHandler(EMAIL_JOB_KIND, (payload, job) => handleSendEmailJob(payload, job)));
  cleanups.push(registerQueueJobs());
  // Earlier scenes' queues and jobs stay out of this one.
  await prisma.queueEntry.updateMany({ where: { status: { in: ["WAITING", "OFFERED"] } }, data: { status: "CANCELLED" } });
  await prisma.job.deleteMany();
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  vi.useRealTimers();
});

/** Runs every due job, the queue's and the emails they queue; fails on any job error. */
async function drainJobs() {
  const worker = createWorker({ pollMs: 60_000, concurrency: 4 });
  while ((await worker.runOnce()) > 0);
  await worker.stop();
  const failed = await prisma.job.findMany({ where: { OR: [{ lastError: { not: null } }, { failedAt: { not: null } }] } });
  expect(failed.map((job) => `${job.kind}: ${job.lastError}`)).toEqual([]);
}

async function customer(options: { timeZone?: string; hours?: number; tier?: "LOW" | "HIGH"; ownerCsmId?: string } = {}) {
  const account = await createAccount({ tier: options.tier ?? "LOW", ownerCsmId: options.ownerCsmId ?? null });
  if (options.hours !== undefined) {
    await prisma.entitlementOverride.create({ data: { accountId: account.id, csmHoursPerPeriod: options.hours, reason: "test" } });
  }
  const user = await createUser({ role: "MEMBER", accountId: account.id, timeZone: options.timeZone ?? "UTC" });
  return {
    accountId: account.id,
    user,
    actor: { id: user.id, role: user.role, accountId: account.id },
    cookie: await sessionCookieFor(user.id),
  };
}

/** A pool of one CSM with one free hour (Monday 10:00 UTC), already booked by someone: nothing is free. */
async function fullPool() {
  const csm = await createUser({ role: "CSM", name: "Casey Morgan" });
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
  await prisma.availabilityOverride.create({
    data: { userId: csm.id, date: "2026-11-23", ranges: JSON.stringify([{ start: "10:00", end: "11:00" }]) },
  });
  const blocker = await customer();
  const { booking } = await bookHour(blocker.actor, { startsAt: MONDAY_10, purpose: PURPOSE, timeZone: "UTC" });
  return { csmId: csm.id, bookingId: booking.id };
}

/** What the lifecycle's cancel does, as far as the queue is concerned: the booking goes and the job is written. */
async function cancelAndFree(bookingId: string) {
  const booking = await prisma.csmBooking.update({ where: { id: bookingId }, data: { status: "CANCELLED", cancelledAt: new Date() } });
  await enqueueJob(prisma, { kind: SLOT_FREED_JOB_KIND, payload: { csmId: booking.csmId, startsAt: booking.startsAt.toISOString() } });
}

const post = async (handler: typeof bookAction | typeof hoursAction, path: string, cookie: string, form: Record<string, string>) => {
  const response = await invoke(handler, buildRequest(path, { cookie, form }));
  return { status: response.status, body: response.body as Reply };
};

const join = (cookie: string) => post(bookAction, "/portal/book", cookie, { intent: "join-queue", purpose: PURPOSE });

async function offerEmail(to: string) {
  const message = await prisma.outboxMessage.findFirst({ where: { to, template: "csm-hour-offer" }, orderBy: { createdAt: "desc" } });
  if (!message) return null;
  const token = /\/queue\/offers\/([a-z0-9]+)/.exec(message.text)?.[1];
  return { message, token: token! };
}

const openOffer = (token: string) => invoke(offerLoader, buildRequest(`/queue/offers/${token}`), { token });
const answerOffer = (token: string, intent: "claim" | "decline") =>
  invoke(offerAction, buildRequest(`/queue/offers/${token}`, { form: { intent } }), { token });

describe("the waiting queue for CSM hours", () => {
  it("lets customers join when nothing is free, one place each, and shows their position", async () => {
    await fullPool();
    const first = await customer();
    const second = await customer();

    const times = await post(bookAction, "/portal/book", first.cookie, { purpose: PURPOSE });
    expect(times.body).toMatchObject({ step: "time", days: [] });

    const joined = await join(first.cookie);
    expect(joined.status).toBe(200);
    expect(joined.body.message).toMatch(/in the queue, position 1\b/);
    expect((await join(second.cookie)).body.message).toMatch(/position 2\b/);

    const again = await join(first.cookie);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already in the queue, position 1\b/);
    expect(await prisma.queueEntry.count({ where: { userId: first.user.id } })).toBe(1);
    // Joining draws nothing and is recorded.
    expect(await prisma.hourLedger.count({ where: { accountId: first.accountId, kind: "DRAW" } })).toBe(0);
    expect(await prisma.engagementEvent.count({ where: { kind: "csm_hour.queued", userId: first.user.id } })).toBe(1);

    const page = await invoke(bookLoader, buildRequest("/portal/book", { cookie: second.cookie }));
    expect(page.body).toMatchObject({ queue: { status: "WAITING", position: 2, purpose: PURPOSE, offer: null } });

    const tooShort = await post(bookAction, "/portal/book", second.cookie, { intent: "join-queue", purpose: "help" });
    expect(tooShort.status).toBe(400);

    // Leaving from the hours page: the second customer is now first in line.
    const left = await post(hoursAction, "/portal/hours", first.cookie, { intent: "leave-queue" });
    expect(left.body.message).toBe("You left the queue.");
    const hours = await invoke(hoursLoader, buildRequest("/portal/hours", { cookie: second.cookie }));
    expect(hours.body).toMatchObject({ queue: { position: 1 } });
    expect((await post(hoursAction, "/portal/hours", first.cookie, { intent: "leave-queue" })).body.message).toBe(
      "You were not in the queue.",
    );
  });

  it("offers a freed slot to the head of the queue by email, holds it from everyone else, and the claim link books it", async () => {
    const { bookingId, csmId } = await fullPool();
    const head = await customer({ timeZone: "Asia/Kolkata" });
    const next = await customer();
    await join(head.cookie);
    await join(next.cookie);

    await cancelAndFree(bookingId);
    await drainJobs();

    const email = await offerEmail(head.user.email);
    expect(email).not.toBeNull();
    // 10:00 UTC is 15:30 in Kolkata: the email speaks the customer's zone.
    expect(email!.message.text).toMatch(/3:30\s?PM GMT\+5:30/);
    expect(email!.message.subject).toMatch(/A CSM hour is free for you/);
    expect(await offerEmail(next.user.email)).toBeNull();
    const entry = await prisma.queueEntry.findFirstOrThrow({ where: { userId: head.user.id } });
    expect(entry).toMatchObject({ status: "OFFERED", offeredCsmId: csmId, offeredStartsAt: MONDAY_10 });
    expect(entry.offerTokenHash).not.toBe(email!.token);

    // Held: nobody else sees it or can book it while the offer stands.
    const slots = await findSlots(next.actor, { from: NOW, to: new Date("2026-11-30T00:00:00Z") });
    expect(slots).toEqual([]);
    await expect(bookHour(next.actor, { startsAt: MONDAY_10, purpose: PURPOSE, timeZone: "UTC" })).rejects.toMatchObject({ status: 409 });

    const page = await openOffer(email!.token);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: "offered", csmName: "Casey Morgan", timeZone: "Asia/Kolkata", hours: { left: 4 } });
    expect((page.body as { when: string }).when).toMatch(/3:30\s?PM/);

    const claimed = await answerOffer(email!.token, "claim");
    expect(claimed.status).toBe(303);
    const booking = await prisma.csmBooking.findFirstOrThrow({ where: { accountId: head.accountId } });
    expect(booking).toMatchObject({ csmId, startsAt: MONDAY_10, status: "CONFIRMED", purpose: PURPOSE, timeZone: "Asia/Kolkata" });
    expect(await prisma.hourBalance.findFirstOrThrow({ where: { accountId: head.accountId } })).toMatchObject({ used: 1 });
    expect(await prisma.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      status: "BOOKED",
      bookingId: booking.id,
    });
    const event = await prisma.engagementEvent.findFirstOrThrow({ where: { kind: "csm_hour.booked", subjectId: booking.id } });
    expect(JSON.parse(event.data ?? "{}")).toEqual({ via: "queue" });

    // The spent link says what became of it; a second claim changes nothing.
    expect((await openOffer(email!.token)).body).toMatchObject({ state: "booked" });
    const twice = await answerOffer(email!.token, "claim");
    expect(twice.status).toBe(410);
    expect(await prisma.csmBooking.count({ where: { accountId: head.accountId } })).toBe(1);
  });

  it("takes a customer out of the queue when they book an hour directly", async () => {
    const { csmId } = await fullPool();
    const waiting = await customer();
    expect((await join(waiting.cookie)).status).toBe(200);
    // A second hour opens that the sweep has not offered yet; they find it on the booking page themselves.
    await prisma.availabilityOverride.updateMany({
      where: { userId: csmId, date: "2026-11-23" },
      data: {
        ranges: JSON.stringify([
          { start: "10:00", end: "11:00" },
          { start: "14:00", end: "15:00" },
        ]),
      },
    });
    const { booking } = await bookHour(waiting.actor, { startsAt: new Date("2026-11-23T14:00:00Z"), purpose: PURPOSE, timeZone: "UTC" });
    const entry = await prisma.queueEntry.findFirstOrThrow({ where: { userId: waiting.user.id }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ status: "BOOKED", bookingId: booking.id });
    await drainJobs();
    expect(await offerEmail(waiting.user.email)).toBeNull();
  });

  it("passes a declined offer to the next in line", async () => {
    const { bookingId } = await fullPool();
    const head = await customer();
    const next = await customer();
    await join(head.cookie);
    await join(next.cookie);
    await cancelAndFree(bookingId);
    await drainJobs();
    const { token } = (await offerEmail(head.user.email))!;

    expect((await answerOffer(token, "decline")).status).toBe(303);
    await drainJobs();

    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: head.user.id } })).toMatchObject({ status: "CANCELLED" });
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: next.user.id } })).toMatchObject({
      status: "OFFERED",
      offeredStartsAt: MONDAY_10,
    });
    expect(await offerEmail(next.user.email)).not.toBeNull();
    expect((await openOffer(token)).body).toMatchObject({ state: "declined" });
    expect((await answerOffer(token, "claim")).status).toBe(410);
  });

  it("lets an unclaimed offer lapse at its expiry: the link answers 410 and the slot moves on", async () => {
    const { bookingId } = await fullPool();
    const head = await customer();
    const next = await customer();
    await join(head.cookie);
    await join(next.cookie);
    await cancelAndFree(bookingId);
    await drainJobs();
    const { token } = (await offerEmail(head.user.email))!;
    const entry = await prisma.queueEntry.findFirstOrThrow({ where: { userId: head.user.id } });
    // Twelve hours from Friday noon, well before Monday's start.
    expect(entry.offerExpiresAt).toEqual(new Date("2026-11-21T00:00:00Z"));

    vi.setSystemTime(new Date("2026-11-21T00:00:01Z"));
    const late = await answerOffer(token, "claim");
    expect(late.status).toBe(410);
    expect(String(late.body)).toMatch(/lapsed/);
    await drainJobs();

    expect(await prisma.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ status: "EXPIRED" });
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: next.user.id } })).toMatchObject({ status: "OFFERED" });
    const page = await openOffer(token);
    expect(page.status).toBe(410);
    expect(String(page.body)).toMatch(/lapsed at Nov 21, 2026/);
    expect(await prisma.csmBooking.count({ where: { accountId: head.accountId } })).toBe(0);
    expect((await openOffer("not-a-token")).status).toBe(404);
  });

  it("answers 409 to a claim without hours left and keeps the offer held until hours are added", async () => {
    const { bookingId } = await fullPool();
    const broke = await customer({ hours: 0 });
    const page = await invoke(bookLoader, buildRequest("/portal/book", { cookie: broke.cookie }));
    // The booking page knows before joining that claiming would need hours (it shows the warning).
    expect(page.body).toMatchObject({ hours: { personalCsm: false, left: 0 } });
    expect((await join(broke.cookie)).status).toBe(200);
    await cancelAndFree(bookingId);
    await drainJobs();
    const { token } = (await offerEmail(broke.user.email))!;
    expect((await openOffer(token)).body).toMatchObject({ state: "offered", hours: { left: 0 } });

    const refused = await answerOffer(token, "claim");
    expect(refused.status).toBe(409);
    expect((refused.body as { error: string }).error).toMatch(/no CSM hours left.*held for you until/);
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: broke.user.id } })).toMatchObject({ status: "OFFERED" });
    expect(await prisma.csmBooking.count({ where: { accountId: broke.accountId } })).toBe(0);

    const admin = await createUser({ role: "ADMIN" });
    await topUpHours({ id: admin.id, role: admin.role, accountId: null }, broke.accountId, { hours: 1, reason: "Renewal call" });
    expect((await answerOffer(token, "claim")).status).toBe(303);
    expect(await prisma.csmBooking.count({ where: { accountId: broke.accountId, status: "CONFIRMED" } })).toBe(1);
  });

  it("offers newly added availability on the next sweep, and gives a leaving head's offer to the next", async () => {
    const { csmId } = await fullPool();
    const head = await customer();
    const next = await customer();
    await join(head.cookie);
    await join(next.cookie);
    await drainJobs();
    expect(await prisma.queueEntry.count({ where: { status: "OFFERED" } })).toBe(0);
    // While people wait, a sweep is planned at the next quarter hour.
    expect(await prisma.job.findUnique({ where: { idempotencyKey: "queue-sweep:2026-11-20T12:15:00.000Z" } })).toMatchObject({
      kind: QUEUE_MATCH_JOB_KIND,
    });

    await prisma.availabilityOverride.create({
      data: { userId: csmId, date: "2026-11-24", ranges: JSON.stringify([{ start: "09:00", end: "10:00" }]) },
    });
    vi.setSystemTime(new Date("2026-11-20T12:15:00Z"));
    await drainJobs();
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: head.user.id } })).toMatchObject({
      status: "OFFERED",
      offeredStartsAt: new Date("2026-11-24T09:00:00Z"),
    });
    const status = await invoke(bookLoader, buildRequest("/portal/book", { cookie: head.cookie }));
    expect(status.body).toMatchObject({ queue: { status: "OFFERED", offer: { when: expect.stringMatching(/Nov 24, 2026/) } } });

    // Leaving while holding an offer gives it up: it goes to the next in line.
    await post(bookAction, "/portal/book", head.cookie, { intent: "leave-queue" });
    await drainJobs();
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: next.user.id } })).toMatchObject({ status: "OFFERED" });
  });

  it("offers a high-touch account only its own CSM's time", async () => {
    const { bookingId, csmId } = await fullPool();
    const other = await createUser({ role: "CSM" });
    const own = await customer({ tier: "HIGH", ownerCsmId: other.id });
    const pooled = await customer();
    await join(own.cookie);
    await join(pooled.cookie);
    await cancelAndFree(bookingId);
    await drainJobs();
    // The freed pool slot skips the high-touch account at the head and goes to the pool customer.
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: own.user.id } })).toMatchObject({ status: "WAITING" });
    expect(await prisma.queueEntry.findFirstOrThrow({ where: { userId: pooled.user.id } })).toMatchObject({
      status: "OFFERED",
      offeredCsmId: csmId,
    });
  });
});
