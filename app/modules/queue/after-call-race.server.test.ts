import { otherClient } from "#test/db-clients.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTierPolicies, createUser } from "#test/factories.ts";
import { createBooking, createCustomer } from "#test/ledger-factories.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { isPostgres, prisma, writeTransaction, type Db } from "~/utils/db.server.ts";
import { followUpIdempotencyKey, markOutcome, sendFollowUp } from "./after-call.server.ts";
import { drawHours } from "./ledger.server.ts";

const NOW = new Date("2026-11-20T12:00:00Z");

// Separate clients are separate database connections, so these races are settled by the database's own
// locking (see ledger-race.server.test.ts): a CSM's double click, a second tab and an admin marking the
// same hour at once.
const clients: Db[] = [];
const clientFor = (i: number) => clients[i % clients.length]!;
let csm: { id: string; role: "CSM"; accountId: null; timeZone: string; locale: string };
let admin: { id: string; role: "ADMIN"; accountId: null; timeZone: string; locale: string };

beforeAll(async () => {
  // SQLite only: WAL lets readers and one writer overlap; PostgreSQL has no PRAGMA and needs none.
  if (!isPostgres) await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  for (let i = 0; i < 4; i++) {
    const client = otherClient();
    if (!isPostgres) await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    clients.push(client as unknown as Db);
  }
  await createTierPolicies();
  csm = { id: (await createUser({ role: "CSM" })).id, role: "CSM", accountId: null, timeZone: "UTC", locale: "en-US" };
  admin = { id: (await createUser({ role: "ADMIN" })).id, role: "ADMIN", accountId: null, timeZone: "UTC", locale: "en-US" };
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
});

let slot = 0;
async function startedHour() {
  const { account, member } = await createCustomer("LOW");
  const booking = await createBooking({
    accountId: account.id,
    csmId: csm.id,
    bookedById: member.id,
    startsAt: new Date(NOW.getTime() - (2 + slot++) * 60 * 60 * 1000),
  });
  await writeTransaction(prisma, (tx) => drawHours(tx, { accountId: account.id, bookingId: booking.id, hours: 1, now: NOW }));
  return { account, booking };
}

/** Only expected refusals are allowed; anything else (SQLITE_BUSY, a unique violation) fails the test. */
function statuses(results: PromiseSettledResult<unknown>[]) {
  const unexpected = results.flatMap((result) =>
    result.status === "rejected" && !(result.reason instanceof DomainError) ? [result.reason] : [],
  );
  expect(unexpected).toEqual([]);
  return results.map((result) => (result.status === "fulfilled" ? 200 : (result.reason as DomainError).status));
}

describe("the database settles races after the call", () => {
  it("12 concurrent outcomes for one hour, on 4 connections, record exactly one", async () => {
    const { booking } = await startedHour();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        markOutcome(i % 3 === 0 ? admin : csm, booking.id, i % 2 === 0 ? "NO_SHOW" : "COMPLETED", { db: clientFor(i), now: NOW }),
      ),
    );
    const codes = statuses(results);
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(11);
    const winner = results.findIndex((result) => result.status === "fulfilled");
    const outcome = winner % 2 === 0 ? "NO_SHOW" : "COMPLETED";
    expect((await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe(outcome);
    const events = await prisma.engagementEvent.findMany({ where: { subjectId: booking.id }, select: { kind: true } });
    expect(events).toEqual([{ kind: outcome === "NO_SHOW" ? "csm_hour.no_show" : "csm_hour.attended" }]);
    expect(await prisma.hourLedger.count({ where: { bookingId: booking.id, kind: "FORFEIT" } })).toBe(outcome === "NO_SHOW" ? 1 : 0);
  });

  it("12 concurrent follow-ups for one hour, on 4 connections, queue exactly one email", async () => {
    const { booking } = await startedHour();
    await markOutcome(csm, booking.id, "COMPLETED", { now: NOW });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        sendFollowUp(i % 3 === 0 ? admin : csm, booking.id, { items: [], message: `Thanks (${i})` }, { db: clientFor(i), now: NOW }),
      ),
    );
    const codes = statuses(results);
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(11);
    const jobs = await prisma.job.findMany({ where: { idempotencyKey: followUpIdempotencyKey(booking.id) }, select: { payload: true } });
    expect(jobs).toHaveLength(1);
    const winner = results.findIndex((result) => result.status === "fulfilled");
    expect(JSON.parse(jobs[0]!.payload).props.message).toBe(`Thanks (${winner})`);
    expect((await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).followUpSentAt).toEqual(NOW);
  });
});
