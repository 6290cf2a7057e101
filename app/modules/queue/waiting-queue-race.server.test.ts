import { otherClient } from "#test/db-clients.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { generateSecureRandomString, hashToken } from "~/modules/auth/tokens.ts";
import { isPostgres, prisma, type Db } from "~/utils/db.server.ts";
import { claimQueueOffer, declineQueueOffer } from "./queue-offers.server.ts";
import { joinQueue, offerFreedTime, QUEUE_OFFER_EXPIRE_JOB_KIND } from "./waiting-queue.server.ts";

// Friday noon UTC; the CSM's free hours are on the Monday after.
const NOW = new Date("2026-11-20T12:00:00Z");
const NO_WEEK = JSON.stringify({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
const PURPOSE = "Our goal is to roll out to two more teams before renewal";

// Separate clients are separate database connections: these races are settled by the database, as in
// the booking and ledger race tests (busy timeout 0, writeTransaction retries).
const clients: Db[] = [];
const clientFor = (i: number) => clients[i % clients.length]!;

beforeAll(async () => {
  // SQLite only: WAL lets readers and one writer overlap; PostgreSQL has no PRAGMA and needs none.
  if (!isPostgres) await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  for (let i = 0; i < 4; i++) {
    const client = otherClient();
    if (!isPostgres) await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    clients.push(client as unknown as Db);
  }
  await createTierPolicies();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
});

beforeEach(async () => {
  await prisma.queueEntry.updateMany({ where: { status: { in: ["WAITING", "OFFERED"] } }, data: { status: "CANCELLED" } });
  await prisma.job.deleteMany();
});

/** The only CSM in the pool, free Monday at the given UTC hours ("10:00-12:00" is two slots). */
async function poolWithFreeHours(range: { start: string; end: string }) {
  const csm = await createUser({ role: "CSM" });
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
  await prisma.availabilityOverride.create({ data: { userId: csm.id, date: "2026-11-23", ranges: JSON.stringify([range]) } });
  return csm.id;
}

async function waitingCustomers(count: number) {
  const actors = [];
  for (let i = 0; i < count; i++) {
    const account = await createAccount({ tier: "LOW" });
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    const actor = { id: user.id, role: user.role, accountId: account.id };
    // One second apart, so the order of the queue is the order of the list.
    await joinQueue(actor, { purpose: PURPOSE }, { now: new Date(NOW.getTime() - (count - i) * 1000) });
    actors.push(actor);
  }
  return actors;
}

const offerEmailJobs = () => prisma.job.count({ where: { kind: "email.send", payload: { contains: '"template":"csm-hour-offer"' } } });

/** Only expected refusals are allowed; anything else (SQLITE_BUSY, a stray unique violation) fails the test. */
function outcomes(results: PromiseSettledResult<unknown>[]) {
  const unexpected = results.flatMap((result) =>
    result.status === "rejected" && !(result.reason instanceof DomainError) ? [result.reason] : [],
  );
  expect(unexpected).toEqual([]);
  return results.map((result) => (result.status === "fulfilled" ? "ok" : (result.reason as DomainError).status));
}

describe("the database settles races in the waiting queue", () => {
  it("eight matching runs at once offer one freed slot to exactly one person: the head of the queue", async () => {
    const csmId = await poolWithFreeHours({ start: "10:00", end: "11:00" });
    const [head] = await waitingCustomers(3);

    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => offerFreedTime({ db: clientFor(i), now: NOW })));

    expect(runs.flatMap((run) => run.offered)).toHaveLength(1);
    const offered = await prisma.queueEntry.findMany({ where: { status: "OFFERED" } });
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatchObject({ userId: head!.id, offeredCsmId: csmId, offeredStartsAt: new Date("2026-11-23T10:00:00Z") });
    expect(await offerEmailJobs()).toBe(1);
    expect(await prisma.job.count({ where: { kind: QUEUE_OFFER_EXPIRE_JOB_KIND } })).toBe(1);
  });

  it("two free slots and four runs at once: two offers, one slot each, to the two at the head", async () => {
    await poolWithFreeHours({ start: "10:00", end: "12:00" });
    const [first, second] = await waitingCustomers(3);

    await Promise.all(Array.from({ length: 4 }, (_, i) => offerFreedTime({ db: clientFor(i), now: NOW })));

    const offered = await prisma.queueEntry.findMany({ where: { status: "OFFERED" }, orderBy: { offeredStartsAt: "asc" } });
    expect(offered.map((entry) => [entry.userId, entry.offeredStartsAt?.toISOString()])).toEqual([
      [first!.id, "2026-11-23T10:00:00.000Z"],
      [second!.id, "2026-11-23T11:00:00.000Z"],
    ]);
    expect(await offerEmailJobs()).toBe(2);
  });

  it("the database refuses a second live offer of one slot, whatever the code above it does", async () => {
    const csmId = await poolWithFreeHours({ start: "10:00", end: "11:00" });
    const [a, b] = await waitingCustomers(2);
    const offer = (userId: string) =>
      prisma.queueEntry.updateMany({
        where: { userId, status: "WAITING" },
        data: {
          status: "OFFERED",
          offeredCsmId: csmId,
          offeredStartsAt: new Date("2026-11-23T10:00:00Z"),
          offerTokenHash: hashToken(generateSecureRandomString()),
          offerExpiresAt: new Date("2026-11-21T00:00:00Z"),
        },
      });
    await offer(a!.id);
    await expect(offer(b!.id)).rejects.toMatchObject({ code: "P2002" });
  });

  it("ten joins by one person at once leave one entry; the others are told their place", async () => {
    await poolWithFreeHours({ start: "10:00", end: "11:00" });
    const account = await createAccount({ tier: "LOW" });
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    const actor = { id: user.id, role: user.role, accountId: account.id };

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => joinQueue(actor, { purpose: PURPOSE }, { db: clientFor(i), now: NOW })),
    );

    expect(outcomes(results).sort()).toEqual(["ok", ...Array<number>(9).fill(409)].sort());
    expect(await prisma.queueEntry.count({ where: { userId: user.id } })).toBe(1);
    const refusal = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((refusal.reason as DomainError).message).toMatch(/already in the queue, position 1\b/);
  });

  it("a claim racing a decline of one offer: exactly one of them wins, and the books agree", async () => {
    await poolWithFreeHours({ start: "10:00", end: "11:00" });
    const [head] = await waitingCustomers(1);
    await offerFreedTime({ now: NOW });
    // The token is only in the email; the test writes a known one over the hash.
    const token = generateSecureRandomString();
    await prisma.queueEntry.updateMany({ where: { userId: head!.id, status: "OFFERED" }, data: { offerTokenHash: hashToken(token) } });

    const results = await Promise.allSettled([
      claimQueueOffer(token, { db: clientFor(0), now: NOW }),
      declineQueueOffer(token, { db: clientFor(1), now: NOW }),
      claimQueueOffer(token, { db: clientFor(2), now: NOW }),
      declineQueueOffer(token, { db: clientFor(3), now: NOW }),
    ]);

    expect(outcomes(results).filter((outcome) => outcome === "ok")).toHaveLength(1);
    const entry = await prisma.queueEntry.findFirstOrThrow({ where: { userId: head!.id } });
    const bookings = await prisma.csmBooking.count({ where: { bookedById: head!.id } });
    if (entry.status === "BOOKED") {
      expect(bookings).toBe(1);
      expect(entry.bookingId).not.toBeNull();
    } else {
      expect(entry.status).toBe("CANCELLED");
      expect(bookings).toBe(0);
    }
  });
});
