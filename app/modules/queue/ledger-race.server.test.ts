import { otherClient } from "#test/db-clients.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTierPolicies, createUser } from "#test/factories.ts";
import { createBookings, createCustomer } from "#test/ledger-factories.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { isPostgres, prisma, writeTransaction, type Db } from "~/utils/db.server.ts";
import { drawHours, ensurePeriodGrant, forfeitHours, refundHours, topUpHours } from "./ledger.server.ts";

const NOW = new Date("2026-11-20T12:00:00Z");
const Q4 = new Date("2026-10-01T00:00:00Z");

// Separate clients are separate database connections, so these races are settled by the database's
// own locking, not by one client's queue. As in the registration race tests, on SQLite they fail fast
// on a held lock (busy timeout 0) and writeTransaction retries, since a synchronous driver busy-waiting
// would freeze the event loop the lock holder needs to finish; on PostgreSQL it retries a lost conflict.
const clients: Db[] = [];
const clientFor = (i: number) => clients[i % clients.length]!;
let admin: Actor;

beforeAll(async () => {
  // SQLite only: WAL lets readers and one writer overlap; PostgreSQL has no PRAGMA and needs none.
  if (!isPostgres) await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  for (let i = 0; i < 4; i++) {
    const client = otherClient();
    if (!isPostgres) await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    clients.push(client as unknown as Db);
  }
  await createTierPolicies();
  const user = await createUser({ role: "ADMIN" });
  admin = { id: user.id, role: user.role, accountId: null };
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
});

const draw = (i: number, accountId: string, bookingId: string) =>
  writeTransaction(clientFor(i), (tx) => drawHours(tx, { accountId, bookingId, hours: 1, now: NOW }));

/** The balance row agrees with its lines and never shows more used than granted. */
async function expectConsistent(accountId: string) {
  const balance = await prisma.hourBalance.findUniqueOrThrow({ where: { accountId_periodStart: { accountId, periodStart: Q4 } } });
  const lines = await prisma.hourLedger.findMany({ where: { accountId, periodStart: Q4 } });
  const sum = (...kinds: string[]) => lines.filter((line) => kinds.includes(line.kind)).reduce((total, line) => total + line.hours, 0);
  expect(balance.used).toBeGreaterThanOrEqual(0);
  expect(balance.used).toBeLessThanOrEqual(balance.granted);
  expect(balance.used).toBe(0 - sum("DRAW") - sum("REFUND"));
  expect(balance.granted).toBe(sum("GRANT", "TOPUP"));
  expect(balance.entitled).toBe(sum("GRANT"));
  return { balance, lines };
}

/** Only expected refusals are allowed; anything else (SQLITE_BUSY, a unique violation) fails the test. */
function refusalsOnly(results: PromiseSettledResult<unknown>[]) {
  const unexpected = results.flatMap((result) =>
    result.status === "rejected" && !(result.reason instanceof DomainError) ? [result.reason] : [],
  );
  expect(unexpected).toEqual([]);
  return results.filter((result) => result.status === "rejected").map((result) => (result.reason as DomainError).status);
}

describe("the database settles races for hours", () => {
  it("40 concurrent first reads on 4 connections grant the period once", async () => {
    const { account } = await createCustomer("LOW");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => writeTransaction(clientFor(i), (tx) => ensurePeriodGrant(tx, account.id, NOW))),
    );
    expect(results.every((result) => result.granted === 4 && result.used === 0)).toBe(true);
    expect(await prisma.hourBalance.count({ where: { accountId: account.id } })).toBe(1);
    expect(await prisma.hourLedger.count({ where: { accountId: account.id, kind: "GRANT" } })).toBe(1);
  });

  it("a changed entitlement applied by 40 concurrent calls is granted once", async () => {
    const { account } = await createCustomer("LOW");
    await writeTransaction(prisma, (tx) => ensurePeriodGrant(tx, account.id, NOW));
    await prisma.entitlementOverride.create({ data: { accountId: account.id, csmHoursPerPeriod: 7, reason: "Expansion" } });
    await Promise.all(Array.from({ length: 40 }, (_, i) => writeTransaction(clientFor(i), (tx) => ensurePeriodGrant(tx, account.id, NOW))));
    const { balance, lines } = await expectConsistent(account.id);
    expect(balance.granted).toBe(7);
    expect(lines.map((line) => [line.kind, line.hours])).toEqual([
      ["GRANT", 4],
      ["GRANT", 3],
    ]);
  });

  it("40 concurrent bookings for an account with 4 hours: exactly 4 draw, the balance never goes negative", async () => {
    const { account } = await createCustomer("LOW");
    const bookings = await createBookings(account.id, 40);
    // Nothing granted yet: the grant races too.
    const results = await Promise.all(bookings.map((booking, i) => draw(i, account.id, booking.id)));

    const winners = bookings.filter((_, i) => results[i]).map((booking) => booking.id);
    expect(winners).toHaveLength(4);
    const { balance, lines } = await expectConsistent(account.id);
    expect(balance).toMatchObject({ granted: 4, used: 4 });
    const drawn = lines.filter((line) => line.kind === "DRAW");
    expect(drawn.map((line) => line.bookingId).sort()).toEqual(winners.sort());
    expect(lines.filter((line) => line.kind === "GRANT")).toHaveLength(1);
  });

  it("30 concurrent bookings for an account's last hour: exactly one wins", async () => {
    const { account } = await createCustomer("LOW");
    const bookings = await createBookings(account.id, 33);
    for (const booking of bookings.slice(0, 3)) expect(await draw(0, account.id, booking.id)).toBe(true);

    const results = await Promise.all(bookings.slice(3).map((booking, i) => draw(i, account.id, booking.id)));

    expect(results.filter(Boolean)).toHaveLength(1);
    const { balance } = await expectConsistent(account.id);
    expect(balance).toMatchObject({ granted: 4, used: 4 });
  });

  it("the same booking drawn 20 times at once draws one hour", async () => {
    const { account } = await createCustomer("LOW");
    const [booking] = await createBookings(account.id, 1);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => draw(i, account.id, booking!.id)));
    expect(results.every(Boolean)).toBe(true);
    const { balance, lines } = await expectConsistent(account.id);
    expect(balance.used).toBe(1);
    expect(lines.filter((line) => line.kind === "DRAW")).toHaveLength(1);
  });

  it("draws, refunds, no-shows, top-ups and take-backs at once keep the balance and its lines in step", async () => {
    const { account } = await createCustomer("LOW");
    const held = await createBookings(account.id, 4);
    for (const booking of held) expect(await draw(0, account.id, booking.id)).toBe(true);
    const fresh = await createBookings(account.id, 20);

    let i = 0;
    const on = () => clientFor(i++);
    const results = await Promise.allSettled([
      // Two refunds of one booking and a no-show of another, twice each: one of each pair lands.
      writeTransaction(on(), (tx) => refundHours(tx, { bookingId: held[0]!.id, now: NOW, reason: "rescheduled" })),
      writeTransaction(on(), (tx) => refundHours(tx, { bookingId: held[0]!.id, now: NOW, reason: "rescheduled" })),
      writeTransaction(on(), (tx) => forfeitHours(tx, { bookingId: held[1]!.id, now: NOW })),
      writeTransaction(on(), (tx) => forfeitHours(tx, { bookingId: held[1]!.id, now: NOW })),
      // A refund racing a no-show for the same booking: exactly one of them.
      writeTransaction(on(), (tx) => refundHours(tx, { bookingId: held[2]!.id, now: NOW, reason: "cancelled" })),
      writeTransaction(on(), (tx) => forfeitHours(tx, { bookingId: held[2]!.id, now: NOW })),
      topUpHours(admin, account.id, { hours: 2, reason: "Onboarding push" }, NOW, { db: on() }),
      topUpHours(admin, account.id, { hours: -3, reason: "Correction" }, NOW, { db: on() }),
      topUpHours(admin, account.id, { hours: -6, reason: "Too much" }, NOW, { db: on() }),
      ...fresh.map((booking) => draw(i++, account.id, booking.id)),
    ]);

    const statuses = refusalsOnly(results);
    expect(statuses.every((status) => status === 409)).toBe(true);
    const value = (n: number) => (results[n]!.status === "fulfilled" ? (results[n] as PromiseFulfilledResult<unknown>).value : "refused");
    expect([value(0), value(1)].filter((result) => result === true)).toHaveLength(1);
    expect([value(2), value(3)].filter((result) => result === true)).toHaveLength(1);
    expect([value(4), value(5)].filter((result) => result === true)).toHaveLength(1);
    // Taking back 6 of at most 6 granted with 3 or more used can never pass.
    expect(value(8)).toBe("refused");

    const { balance, lines } = await expectConsistent(account.id);
    const drawnNow = results.slice(9).filter((result) => result.status === "fulfilled" && result.value === true).length;
    expect(lines.filter((line) => line.kind === "DRAW")).toHaveLength(4 + drawnNow);
    const refunded = lines.filter((line) => line.kind === "REFUND").length;
    expect(balance.used).toBe(4 + drawnNow - refunded);
  });
});
