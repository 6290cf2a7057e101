import { otherClient } from "#test/db-clients.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { isPostgres, prisma, type Db } from "~/utils/db.server.ts";
import { bookHour, chooseCsm, findSlots, NO_HOURS_LEFT, SLOT_TAKEN } from "./booking.server.ts";

// Friday noon UTC; the slots below are on the Monday after.
const NOW = new Date("2026-11-20T12:00:00Z");
const MONDAY_10 = new Date("2026-11-23T10:00:00Z");
const MONDAY_11 = new Date("2026-11-23T11:00:00Z");
const ALL_DAY = [{ start: "08:00", end: "18:00" }];
const WEEK = JSON.stringify({ mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: [], sun: [] });

// Separate clients are separate database connections: the races below are settled by the database.
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

/** A CSM in the pool working 08:00–18:00 UTC on weekdays, no buffers or notice, for clear arithmetic. */
async function createCsm({ inPool = true } = {}) {
  const csm = await createUser({ role: "CSM" });
  await prisma.csmAvailability.create({
    data: {
      userId: csm.id,
      timeZone: "UTC",
      weeklyHours: WEEK,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 0,
      maxHoursPerDay: 8,
      horizonDays: 60,
      inPool,
    },
  });
  return csm.id;
}

async function createCustomer(
  tier: "HIGH" | "LOW" | "TECH" = "LOW",
  { ownerCsmId = null as string | null, hours = null as number | null } = {},
) {
  const account = await createAccount({ tier, ownerCsmId });
  if (hours !== null) {
    await prisma.entitlementOverride.create({ data: { accountId: account.id, csmHoursPerPeriod: hours, reason: "test" } });
  }
  const member = await createUser({ role: "MEMBER", accountId: account.id });
  return { accountId: account.id, actor: { id: member.id, role: member.role, accountId: account.id } satisfies Actor };
}

/** Bookings are confined to the CSMs a test creates: earlier tests' CSMs leave the pool. */
async function onlyInPool(csmIds: string[]) {
  await prisma.csmAvailability.updateMany({ where: { userId: { notIn: csmIds } }, data: { inPool: false } });
}

async function outcome(promise: Promise<unknown>) {
  try {
    await promise;
    return "booked";
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}

const request = (startsAt: Date) => ({ startsAt, purpose: "Plan our rollout to two more teams", timeZone: "Europe/Paris" });

describe("chooseCsm", () => {
  it("takes the account's own CSM when free, else the least booked that week, ties by id", () => {
    const load = new Map([
      ["b", 1],
      ["c", 3],
    ]);
    expect(chooseCsm(["a", "b", "c"], "c", load)).toBe("c");
    expect(chooseCsm(["b", "c"], "z", load)).toBe("b");
    expect(chooseCsm(["c", "a"], null, load)).toBe("a");
    expect(chooseCsm([], "a", load)).toBeNull();
  });
});

describe("finding and booking an hour", () => {
  it("lists free times across the pool and books the least-booked CSM, drawing one hour", async () => {
    const [busy, quiet] = [await createCsm(), await createCsm()];
    await onlyInPool([busy, quiet]);
    const { actor, accountId } = await createCustomer("LOW");
    const other = await createCustomer("LOW");
    await bookHour(other.actor, request(MONDAY_11), { now: NOW }); // one of them now has a booking that week

    const slots = await findSlots(actor, { from: MONDAY_10, to: new Date("2026-11-23T12:00:00Z") }, { now: NOW });
    expect(slots.map((slot) => [slot.start.toISOString(), slot.csmIds.length])).toEqual([
      ["2026-11-23T10:00:00.000Z", 2],
      ["2026-11-23T11:00:00.000Z", 1],
    ]);
    const first = await prisma.csmBooking.findFirstOrThrow({ where: { accountId: other.accountId } });
    const { booking, manageToken } = await bookHour(actor, request(MONDAY_10), { now: NOW });
    expect(booking.csmId).not.toBe(first.csmId);
    expect(booking).toMatchObject({ startsAt: MONDAY_10, endsAt: MONDAY_11, drawsHours: true });
    expect(manageToken.length).toBeGreaterThan(20);
    const stored = await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } });
    expect(stored.manageTokenHash).not.toContain(manageToken);
    expect(await prisma.hourLedger.findMany({ where: { bookingId: booking.id }, select: { kind: true, hours: true } })).toEqual([
      { kind: "DRAW", hours: -1 },
    ]);
    expect(await prisma.engagementEvent.count({ where: { kind: "csm_hour.booked", subjectId: booking.id, accountId } })).toBe(1);
  });

  it("lets high-touch accounts book their own CSM without drawing, and refuses staff and empty balances", async () => {
    const own = await createCsm({ inPool: false });
    const pool = await createCsm();
    await onlyInPool([pool]);
    const high = await createCustomer("HIGH", { ownerCsmId: own });
    const { booking } = await bookHour(high.actor, request(MONDAY_10), { now: NOW });
    expect(booking).toMatchObject({ csmId: own, drawsHours: false });
    expect(await prisma.hourLedger.count({ where: { bookingId: booking.id } })).toBe(0);

    const tech = await createCustomer("TECH", { hours: 0 });
    expect(await outcome(bookHour(tech.actor, request(MONDAY_10), { now: NOW }))).toBe(NO_HOURS_LEFT);
    expect(await prisma.csmBooking.count({ where: { accountId: tech.accountId } })).toBe(0);

    const staff = await createUser({ role: "CSM" });
    expect(await outcome(bookHour({ id: staff.id, role: "CSM", accountId: null }, request(MONDAY_10), { now: NOW }))).toMatch(
      /Only customers/,
    );
  });
});

describe("races settled by the database", () => {
  it("one slot, one CSM, twenty customers at once: exactly one booking", async () => {
    const csm = await createCsm();
    await onlyInPool([csm]);
    const customers = await Promise.all(Array.from({ length: 20 }, () => createCustomer("LOW")));
    const results = await Promise.all(
      customers.map((customer, i) => outcome(bookHour(customer.actor, request(MONDAY_10), { db: clientFor(i), now: NOW }))),
    );
    expect(results.filter((result) => result === "booked")).toHaveLength(1);
    expect(results.filter((result) => result === SLOT_TAKEN)).toHaveLength(19);
    expect(await prisma.csmBooking.count({ where: { csmId: csm, startsAt: MONDAY_10 } })).toBe(1);
    // Only the winner drew an hour.
    const accounts = customers.map((customer) => customer.accountId);
    expect(await prisma.hourLedger.count({ where: { accountId: { in: accounts }, kind: "DRAW" } })).toBe(1);
  });

  it("an account's last hour, wanted by two colleagues for different times at once: exactly one booking", async () => {
    const csm = await createCsm();
    await onlyInPool([csm]);
    const { accountId, actor } = await createCustomer("LOW", { hours: 1 });
    const colleague = await createUser({ role: "MEMBER", accountId });
    const actors: Actor[] = [actor, { id: colleague.id, role: "MEMBER", accountId }];
    const times = [MONDAY_10, MONDAY_11, new Date("2026-11-23T13:00:00Z"), new Date("2026-11-23T14:00:00Z")];
    const results = await Promise.all(
      times.map((time, i) => outcome(bookHour(actors[i % 2]!, request(time), { db: clientFor(i), now: NOW }))),
    );
    expect(results.filter((result) => result === "booked")).toHaveLength(1);
    expect(results.filter((result) => result === NO_HOURS_LEFT)).toHaveLength(3);
    expect(await prisma.csmBooking.count({ where: { accountId } })).toBe(1);
    const balance = await prisma.hourBalance.findFirstOrThrow({ where: { accountId } });
    expect(balance).toMatchObject({ granted: 1, used: 1 });
  });
});
