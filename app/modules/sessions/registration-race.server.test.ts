import { otherClient } from "#test/db-clients.ts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { isPostgres, prisma, type Db } from "~/utils/db.server.ts";
import { claimOffer, declineOffer, expireOffer, OFFER_TTL_MS } from "./offers.server.ts";
import { cancelRegistration, registerForSession } from "./registration.server.ts";

const offerTokens = new Map<string, string>();
vi.mock(import("./notifications.server.ts"), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    notifySeatOffered: vi.fn(async (tx, registrationId: string, token: string, expiresAt: Date) => {
      offerTokens.set(registrationId, token);
      await original.notifySeatOffered(tx, registrationId, token, expiresAt);
    }),
  };
});

const HOUR_MS = 60 * 60 * 1000;
const NOW = new Date();
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

// Separate clients are separate database connections, so the races below are settled by the
// database's own locking, not by one client's queue. On SQLite the driver is synchronous: a connection
// busy-waiting for the lock would freeze the event loop that the lock holder needs to finish, so
// these connections fail fast (busy timeout 0) and the engine retries asynchronously. On PostgreSQL a
// SERIALIZABLE transaction that loses a conflict is retried the same way.
const clients: Db[] = [];

beforeAll(async () => {
  // SQLite only: WAL lets readers and one writer overlap; PostgreSQL has no PRAGMA and needs none.
  if (!isPostgres) await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  for (let i = 0; i < 4; i++) {
    const client = otherClient();
    if (!isPostgres) await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    clients.push(client as unknown as Db);
  }
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
});

const clientFor = (i: number) => clients[i % clients.length]!;

async function createLiveSession(data: Partial<Prisma.LiveSessionUncheckedCreateInput>) {
  return prisma.liveSession.create({
    data: {
      kind: "EXPERT",
      status: "PUBLISHED",
      title: "Forecasting clinic",
      startsAt: at(7 * 24 * 60 * 60 * 1000),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/clinic",
      ...data,
    },
  });
}

/** `perAccount` customers in each of `accounts` accounts. */
async function customers(accounts: number, perAccount: number): Promise<Actor[]> {
  const actors: Actor[] = [];
  for (let a = 0; a < accounts; a++) {
    const account = await createAccount({ tier: "LOW" });
    for (let u = 0; u < perAccount; u++) {
      const user = await createUser({ role: "MEMBER", accountId: account.id });
      actors.push({ id: user.id, role: user.role, accountId: account.id });
    }
  }
  return actors;
}

async function counts(sessionId: string) {
  const [session, groups, tallies, held] = await Promise.all([
    prisma.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { seatsTaken: true, seatCap: true, perAccountCap: true } }),
    prisma.registration.groupBy({ by: ["status"], where: { sessionId }, _count: true }),
    prisma.liveSessionAccountSeats.findMany({ where: { sessionId } }),
    prisma.registration.groupBy({ by: ["accountId"], where: { sessionId, status: { in: ["CONFIRMED", "OFFERED"] } }, _count: true }),
  ]);
  const byStatus = Object.fromEntries(groups.map((group) => [group.status, group._count]));
  const heldByAccount = new Map(held.map((group) => [group.accountId!, group._count]));
  return { ...session, byStatus, tallies, heldByAccount };
}

/** Seats counted equal seats held, never above the caps, per session and per account. */
async function expectConsistent(sessionId: string) {
  const { seatsTaken, seatCap, perAccountCap, byStatus, tallies, heldByAccount } = await counts(sessionId);
  expect(seatsTaken).toBe((byStatus.CONFIRMED ?? 0) + (byStatus.OFFERED ?? 0));
  if (seatCap !== null) expect(seatsTaken).toBeLessThanOrEqual(seatCap);
  for (const tally of tallies) {
    expect(tally.seatsTaken).toBe(heldByAccount.get(tally.accountId) ?? 0);
    if (perAccountCap !== null) expect(tally.seatsTaken).toBeLessThanOrEqual(perAccountCap);
  }
  for (const [accountId, heldSeats] of heldByAccount) {
    expect(tallies.find((tally) => tally.accountId === accountId)?.seatsTaken).toBe(heldSeats);
  }
}

/** Only expected refusals are allowed; anything else (SQLITE_BUSY, a 500) fails the test. */
function refusalsOnly(results: PromiseSettledResult<unknown>[]) {
  const unexpected = results.flatMap((result) =>
    result.status === "rejected" && !(result.reason instanceof DomainError) ? [result.reason] : [],
  );
  expect(unexpected).toEqual([]);
  return results.filter((result) => result.status === "rejected").map((result) => (result.reason as DomainError).status);
}

describe("never oversold", () => {
  it("200 concurrent registrations on 4 connections confirm exactly the 5 seats", async () => {
    const session = await createLiveSession({ kind: "WEBINAR", seatCap: 5 });
    const registrants = await customers(40, 5);

    const results = await Promise.all(registrants.map((actor, i) => registerForSession(actor, session.id, {}, { db: clientFor(i) })));

    expect(results.filter((result) => result.status === "CONFIRMED")).toHaveLength(5);
    expect(results.filter((result) => result.status === "WAITLISTED")).toHaveLength(195);
    const { seatsTaken, byStatus } = await counts(session.id);
    expect(seatsTaken).toBe(5);
    expect(byStatus).toEqual({ CONFIRMED: 5, WAITLISTED: 195 });
    expect(await prisma.engagementEvent.count({ where: { subjectId: session.id, kind: "session.registered" } })).toBe(5);
    await expectConsistent(session.id);
  });

  it("200 concurrent registrations from 5 accounts never give an account more than its 2 seats", async () => {
    const session = await createLiveSession({ seatCap: 20, perAccountCap: 2 });
    const registrants = await customers(5, 40);

    const results = await Promise.all(registrants.map((actor, i) => registerForSession(actor, session.id, {}, { db: clientFor(i) })));

    const confirmed = results.flatMap((result, i) => (result.status === "CONFIRMED" ? [registrants[i]!.accountId] : []));
    expect(confirmed).toHaveLength(10);
    expect(new Set(confirmed).size).toBe(5);
    const { seatsTaken, byStatus, tallies } = await counts(session.id);
    expect(seatsTaken).toBe(10);
    expect(byStatus).toEqual({ CONFIRMED: 10, WAITLISTED: 190 });
    expect(tallies.map((tally) => tally.seatsTaken)).toEqual([2, 2, 2, 2, 2]);
    await expectConsistent(session.id);
  });

  it("50 concurrent submits by one user leave one registration and one seat", async () => {
    const session = await createLiveSession({ seatCap: 3 });
    const [actor] = await customers(1, 1);

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => registerForSession(actor!, session.id, {}, { db: clientFor(i) })),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(refusalsOnly(results)).toEqual(Array(49).fill(409));
    expect(await prisma.registration.count({ where: { sessionId: session.id } })).toBe(1);
    expect((await counts(session.id)).seatsTaken).toBe(1);
    await expectConsistent(session.id);
  });

  it("concurrent cancels, claims, declines, expiries and new registrations keep the counters exact", async () => {
    const session = await createLiveSession({ seatCap: 10, perAccountCap: 3 });
    const registrants = await customers(6, 6);
    const extra = await customers(3, 4);
    const registered = new Map<string, { actor: Actor; id: string; status: string }>();
    for (const [i, actor] of registrants.entries()) {
      const result = await registerForSession(actor, session.id, {}, { now: at(i * 1_000) });
      registered.set(actor.id, { actor, id: result.id, status: result.status });
    }
    const confirmed = [...registered.values()].filter((entry) => entry.status === "CONFIRMED");
    const waitlisted = [...registered.values()].filter((entry) => entry.status === "WAITLISTED");
    expect(confirmed).toHaveLength(10);

    // Four seats freed one by one: four open offers to race on.
    for (const entry of confirmed.slice(0, 4)) await cancelRegistration(entry.actor, session.id, { now: at(HOUR_MS) });
    const offers = [...offerTokens.entries()];
    expect(offers).toHaveLength(4);
    const actorOf = (registrationId: string) => [...registered.values()].find((entry) => entry.id === registrationId)!.actor;
    const later = at(2 * HOUR_MS);
    const expired = at(HOUR_MS + OFFER_TTL_MS);

    let i = 0;
    const db = () => ({ db: clientFor(i++), now: later });
    const [[, t1], [o2, t2], [, t3], [o4]] = offers as [[string, string], [string, string], [string, string], [string, string]];
    const results = await Promise.allSettled([
      // The same offer claimed twice and declined at once: exactly one of these wins.
      claimOffer(t1, db()),
      claimOffer(t1, db()),
      declineOffer(t1, db()),
      // A claim racing the offeree's own cancellation.
      claimOffer(t2, db()),
      cancelRegistration(actorOf(o2), session.id, db()),
      // A decline racing a claim.
      declineOffer(t3, db()),
      claimOffer(t3, db()),
      // An offer expiring (the job runs late) while others move seats around.
      expireOffer(o4, { db: clientFor(i++), now: expired }),
      ...confirmed.slice(4, 8).map((entry) => cancelRegistration(entry.actor, session.id, db())),
      ...waitlisted.slice(-4).map((entry) => cancelRegistration(entry.actor, session.id, db())),
      ...extra.map((actor) => registerForSession(actor, session.id, {}, db())),
    ]);

    expect(refusalsOnly(results).every((status) => status === 409 || status === 410)).toBe(true);
    const [claimA, claimB, declineA, , , declineB, claimC] = results;
    expect([claimA, claimB, declineA].filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect([declineB, claimC].filter((result) => result.status === "fulfilled")).toHaveLength(1);
    await expectConsistent(session.id);

    // Every freed seat is either held again or was released: seats never exceed the cap.
    const open = await prisma.registration.findMany({ where: { sessionId: session.id, status: "OFFERED" }, select: { id: true } });
    const claims = await Promise.allSettled(open.map(({ id }, n) => claimOffer(offerTokens.get(id)!, { db: clientFor(n), now: later })));
    expect(refusalsOnly(claims)).toEqual([]);
    await expectConsistent(session.id);
    expect((await counts(session.id)).byStatus.OFFERED).toBeUndefined();
  });
});
