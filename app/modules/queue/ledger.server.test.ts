import { beforeAll, describe, expect, it } from "vitest";
import { createTierPolicies, createUser } from "#test/factories.ts";
import { createBookings, createCustomer } from "#test/ledger-factories.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { drawHours, ensurePeriodGrant, forfeitHours, getBalance, listLedger, refundHours, topUpHours } from "./ledger.server.ts";

// A fixed clock in Q4 2026 (the default policies grant per quarter).
const NOW = new Date("2026-11-20T12:00:00Z");
const Q4 = new Date("2026-10-01T00:00:00Z");
const Q1 = new Date("2027-01-01T00:00:00Z");
const NEXT_QUARTER = new Date("2027-01-15T09:00:00Z");

let admin: Actor & { name: string };
let csm: Actor;

beforeAll(async () => {
  await createTierPolicies();
  const adminUser = await createUser({ role: "ADMIN", name: "Ada Admin" });
  admin = { id: adminUser.id, role: "ADMIN", accountId: null, name: adminUser.name };
  const csmUser = await createUser({ role: "CSM" });
  csm = { id: csmUser.id, role: "CSM", accountId: null };
});

const grant = (accountId: string, now = NOW) => writeTransaction(prisma, (tx) => ensurePeriodGrant(tx, accountId, now));
const draw = (accountId: string, bookingId: string, now = NOW, hours = 1) =>
  writeTransaction(prisma, (tx) => drawHours(tx, { accountId, bookingId, hours, now }));
const refund = (bookingId: string, now = NOW, reason = "cancelled two days ahead") =>
  writeTransaction(prisma, (tx) => refundHours(tx, { bookingId, now, reason }));
const forfeit = (bookingId: string, now = NOW) => writeTransaction(prisma, (tx) => forfeitHours(tx, { bookingId, now }));

async function state(accountId: string, periodStart = Q4) {
  const [balance, lines] = await Promise.all([
    prisma.hourBalance.findUnique({ where: { accountId_periodStart: { accountId, periodStart } } }),
    prisma.hourLedger.findMany({ where: { accountId, periodStart }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  return { balance, lines: lines.map((line) => ({ kind: line.kind, hours: line.hours, reason: line.reason, bookingId: line.bookingId })) };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("ensurePeriodGrant", () => {
  it("grants the period once, however often it is called", async () => {
    const { account } = await createCustomer("LOW");
    const first = await grant(account.id);
    expect(first).toMatchObject({ period: "QUARTER", periodStart: Q4, periodEnd: Q1, granted: 4, entitled: 4, used: 0, tier: "LOW" });
    await grant(account.id);
    await grant(account.id, new Date("2026-12-31T23:59:59.999Z"));
    const { balance, lines } = await state(account.id);
    expect(balance).toMatchObject({ granted: 4, entitled: 4, used: 0 });
    expect(lines).toEqual([{ kind: "GRANT", hours: 4, reason: "Low touch plan: 4 hours per quarter", bookingId: null }]);
  });

  it("applies a changed policy or override mid-period once, with the difference and why", async () => {
    const { account } = await createCustomer("TECH");
    await prisma.tierPolicy.update({ where: { tier: "TECH" }, data: { csmHoursPerPeriod: 1 } });
    try {
      await grant(account.id);
      await prisma.tierPolicy.update({ where: { tier: "TECH" }, data: { csmHoursPerPeriod: 3 } });
      await grant(account.id);
      await grant(account.id);
      await prisma.entitlementOverride.create({ data: { accountId: account.id, csmHoursPerPeriod: 2, reason: "Pilot" } });
      await grant(account.id);
      await grant(account.id);
    } finally {
      await prisma.tierPolicy.update({ where: { tier: "TECH" }, data: { csmHoursPerPeriod: 0 } });
    }
    const { balance, lines } = await state(account.id);
    expect(lines.map(({ hours, reason }) => [hours, reason])).toEqual([
      [1, "Tech touch plan: 1 hour per quarter"],
      [2, "entitlement changed from 1 to 3"],
      [-1, "entitlement changed from 3 to 2"],
    ]);
    expect(balance).toMatchObject({ granted: 2, entitled: 2 });
  });

  it("keeps top-ups when the entitlement changes", async () => {
    const { account } = await createCustomer("LOW");
    await grant(account.id);
    await topUpHours(admin, account.id, { hours: 3, reason: "Renewal goodwill" }, NOW);
    await prisma.entitlementOverride.create({ data: { accountId: account.id, csmHoursPerPeriod: 6, reason: "Bigger plan" } });
    expect(await grant(account.id)).toMatchObject({ granted: 9, entitled: 6 });
  });

  it("starts a fresh period with a fresh grant and leaves the old one as it was", async () => {
    const { account } = await createCustomer("LOW");
    const [booking] = await createBookings(account.id, 1);
    expect(await draw(account.id, booking!.id)).toBe(true);
    const next = await grant(account.id, NEXT_QUARTER);
    expect(next).toMatchObject({ periodStart: Q1, granted: 4, used: 0 });
    expect((await state(account.id, Q4)).balance).toMatchObject({ granted: 4, used: 1 });
  });

  it("is a 404 for an account that does not exist", async () => {
    expect((await refusal(grant("no-such-account"))).status).toBe(404);
  });
});

describe("drawHours, refundHours and forfeitHours", () => {
  it("draws until the hours run out, then refuses without writing anything", async () => {
    const { account } = await createCustomer("LOW");
    const bookings = await createBookings(account.id, 5);
    const results = [];
    for (const booking of bookings) results.push(await draw(account.id, booking.id));
    expect(results).toEqual([true, true, true, true, false]);
    const { balance, lines } = await state(account.id);
    expect(balance).toMatchObject({ granted: 4, used: 4 });
    expect(lines.filter((line) => line.kind === "DRAW")).toHaveLength(4);
    expect(lines.some((line) => line.bookingId === bookings[4]!.id)).toBe(false);
  });

  it("a retried draw for the same booking is a no-op that still answers true", async () => {
    const { account } = await createCustomer("LOW");
    const [booking] = await createBookings(account.id, 1);
    expect(await draw(account.id, booking!.id)).toBe(true);
    expect(await draw(account.id, booking!.id)).toBe(true);
    const { balance, lines } = await state(account.id);
    expect(balance).toMatchObject({ used: 1 });
    expect(lines.filter((line) => line.kind === "DRAW")).toEqual([{ kind: "DRAW", hours: -1, reason: "", bookingId: booking!.id }]);
  });

  it("draws an offering's cost in one go, or not at all", async () => {
    const { account } = await createCustomer("LOW");
    const [twoHours, alsoTwo, one] = await createBookings(account.id, 3);
    expect(await draw(account.id, twoHours!.id, NOW, 2)).toBe(true);
    expect(await draw(account.id, alsoTwo!.id, NOW, 3)).toBe(false);
    expect(await draw(account.id, one!.id, NOW, 2)).toBe(true);
    expect((await state(account.id)).balance).toMatchObject({ used: 4 });
    await expect(draw(account.id, one!.id, NOW, 0)).rejects.toThrow(RangeError);
  });

  it("refunds once, to the period the hours were drawn from", async () => {
    const { account } = await createCustomer("LOW");
    const [booking, neverDrawn] = await createBookings(account.id, 2);
    await draw(account.id, booking!.id);
    await grant(account.id, NEXT_QUARTER);
    // Cancelled in the next quarter: the hour goes back to Q4, Q1 is untouched.
    expect(await refund(booking!.id, NEXT_QUARTER)).toBe(true);
    expect(await refund(booking!.id, NEXT_QUARTER)).toBe(false);
    expect(await refund(neverDrawn!.id)).toBe(false);
    const q4 = await state(account.id, Q4);
    expect(q4.balance).toMatchObject({ granted: 4, used: 0 });
    expect(q4.lines.map((line) => [line.kind, line.hours, line.reason])).toEqual([
      ["GRANT", 4, "Low touch plan: 4 hours per quarter"],
      ["DRAW", -1, ""],
      ["REFUND", 1, "cancelled two days ahead"],
    ]);
    expect((await state(account.id, Q1)).balance).toMatchObject({ granted: 4, used: 0 });
  });

  it("a no-show is a 0-hour line, the hour stays used, and it can be neither refunded nor forfeited again", async () => {
    const { account } = await createCustomer("LOW");
    const [booking, neverDrawn] = await createBookings(account.id, 2);
    await draw(account.id, booking!.id);
    expect(await forfeit(booking!.id)).toBe(true);
    expect(await forfeit(booking!.id)).toBe(false);
    expect(await refund(booking!.id)).toBe(false);
    expect(await forfeit(neverDrawn!.id)).toBe(false);
    const { balance, lines } = await state(account.id);
    expect(balance).toMatchObject({ used: 1 });
    expect(lines.at(-1)).toEqual({ kind: "FORFEIT", hours: 0, reason: "no-show", bookingId: booking!.id });
  });

  it("an entitlement lowered below what was used leaves nothing to draw, and nothing negative", async () => {
    const { account } = await createCustomer("LOW");
    const bookings = await createBookings(account.id, 4);
    for (const booking of bookings.slice(0, 3)) await draw(account.id, booking.id);
    await prisma.entitlementOverride.create({ data: { accountId: account.id, csmHoursPerPeriod: 2, reason: "Downgrade" } });
    expect(await draw(account.id, bookings[3]!.id)).toBe(false);
    const balance = await getBalance(admin, account.id, NOW);
    expect(balance).toMatchObject({ granted: 2, used: 3, left: 0 });
    expect(balance.explanation).toMatchObject({ total: 2, used: 3, left: 0 });
  });
});

describe("topUpHours", () => {
  it("adds and takes back hours with a reason, never below what is used", async () => {
    const { account } = await createCustomer("LOW");
    const bookings = await createBookings(account.id, 3);
    for (const booking of bookings) await draw(account.id, booking.id);

    expect(await topUpHours(admin, account.id, { hours: 2, reason: "Launch support" }, NOW)).toMatchObject({ granted: 6, used: 3 });
    expect(await topUpHours(admin, account.id, { hours: -3, reason: "Entered twice" }, NOW)).toMatchObject({ granted: 3, used: 3 });
    const tooMuch = await refusal(topUpHours(admin, account.id, { hours: -1, reason: "One more" }, NOW));
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.field).toBeUndefined();
    expect(tooMuch.message).toBe(
      "3 of the 3 hours in Q4 2026 are already used or booked, so none can be taken back now. Cancel a booking first if hours must come back.",
    );

    const { balance, lines } = await state(account.id);
    expect(balance).toMatchObject({ granted: 3, used: 3 });
    const topUps = await prisma.hourLedger.findMany({ where: { accountId: account.id, kind: "TOPUP" }, orderBy: { hours: "desc" } });
    expect(topUps.map((line) => [line.hours, line.reason, line.createdById])).toEqual([
      [2, "Launch support", admin.id],
      [-3, "Entered twice", admin.id],
    ]);
    expect(lines).toHaveLength(6);
  });

  it("is for admins only, and 404 for an unknown account", async () => {
    const { account, member } = await createCustomer("LOW");
    expect((await refusal(topUpHours(csm, account.id, { hours: 1, reason: "Nice" }, NOW))).status).toBe(403);
    const customer = { id: member.id, role: member.role, accountId: account.id };
    expect((await refusal(topUpHours(customer, account.id, { hours: 1, reason: "Nice" }, NOW))).status).toBe(403);
    expect((await refusal(topUpHours(admin, "no-such-account", { hours: 1, reason: "Typo" }, NOW))).status).toBe(404);
    expect((await refusal(topUpHours(admin, account.id, { hours: 0, reason: "Nothing" }, NOW))).status).toBe(400);
    expect(await prisma.hourLedger.count({ where: { accountId: account.id } })).toBe(0);
  });
});

describe("getBalance and listLedger", () => {
  it("a customer reads their own account's balance, explained line by line", async () => {
    const { account, member } = await createCustomer("LOW");
    const customer = { id: member.id, role: member.role, accountId: account.id };
    const [kept, cancelled] = await createBookings(account.id, 2);
    await draw(account.id, kept!.id);
    await draw(account.id, cancelled!.id);
    await refund(cancelled!.id);
    await topUpHours(admin, account.id, { hours: 1, reason: "Thanks for the case study" }, NOW);

    const balance = await getBalance(customer, account.id, NOW);
    expect(balance).toMatchObject({
      period: "QUARTER",
      periodStart: Q4,
      periodEnd: Q1,
      granted: 5,
      used: 1,
      left: 4,
      personalCsm: false,
      explanation: { granted: 4, toppedUp: 1, drawn: 2, refunded: 1, forfeited: 0, total: 5, used: 1, left: 4 },
    });
    expect(balance.lines.map((line) => line.kind)).toEqual(["GRANT", "DRAW", "DRAW", "REFUND", "TOPUP"]);
    expect(balance.lines[1]).toMatchObject({ bookingId: kept!.id, bookingStartsAt: kept!.startsAt });
    // Customers are not told which admin topped up; staff are.
    expect(balance.lines.every((line) => line.createdBy === null)).toBe(true);
    expect((await getBalance(csm, account.id, NOW)).lines.at(-1)?.createdBy).toBe("Ada Admin");
  });

  it("grants on first read, so a balance shows before the first booking", async () => {
    const { account, member } = await createCustomer("LOW");
    const balance = await getBalance({ id: member.id, role: member.role, accountId: account.id }, account.id, NOW);
    expect(balance).toMatchObject({ granted: 4, used: 0, left: 4 });
    expect(balance.lines).toHaveLength(1);
  });

  it("reads an up-to-date period without writing, and still applies a changed entitlement on the next read", async () => {
    const { account, member } = await createCustomer("LOW");
    const customer = { id: member.id, role: member.role, accountId: account.id };
    await getBalance(customer, account.id, NOW);
    const before = await prisma.hourBalance.findUniqueOrThrow({
      where: { accountId_periodStart: { accountId: account.id, periodStart: Q4 } },
    });
    // Later reads of an up-to-date period leave the row as it was (no write, not even updatedAt).
    await getBalance(customer, account.id, new Date(NOW.getTime() + 60_000));
    expect(
      await prisma.hourBalance.findUniqueOrThrow({ where: { accountId_periodStart: { accountId: account.id, periodStart: Q4 } } }),
    ).toEqual(before);
    await prisma.entitlementOverride.create({ data: { accountId: account.id, csmHoursPerPeriod: 6, reason: "Bigger plan" } });
    const after = await getBalance(customer, account.id, NOW);
    expect(after).toMatchObject({ granted: 6, left: 6 });
    expect(after.lines.map((line) => [line.kind, line.hours])).toEqual([
      ["GRANT", 4],
      ["GRANT", 2],
    ]);
  });

  it("high-touch accounts book their own CSM: flagged, not drawn from the pool", async () => {
    const { account, member } = await createCustomer("HIGH");
    const balance = await getBalance({ id: member.id, role: member.role, accountId: account.id }, account.id, NOW);
    expect(balance.personalCsm).toBe(true);
  });

  it("refuses another account's balance to a customer, as if it did not exist", async () => {
    const { account } = await createCustomer("LOW");
    const other = await createCustomer("LOW");
    const outsider = { id: other.member.id, role: other.member.role, accountId: other.account.id };
    for (const read of [() => getBalance(outsider, account.id, NOW), () => listLedger(outsider, account.id)]) {
      const thrown = await read().then(
        () => null,
        (error: unknown) => error,
      );
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
    expect(await prisma.hourBalance.count({ where: { accountId: account.id } })).toBe(0);
    const missing = await getBalance(admin, "no-such-account", NOW).catch((error: unknown) => error);
    expect((missing as Response).status).toBe(404);
  });

  it("lists the ledger across periods, newest first, as many as asked", async () => {
    const { account } = await createCustomer("LOW");
    const [booking] = await createBookings(account.id, 1);
    await draw(account.id, booking!.id);
    await grant(account.id, NEXT_QUARTER);
    const lines = await listLedger(csm, account.id, { take: 10 });
    expect(lines.map((line) => [line.kind, line.periodStart.toISOString()])).toEqual([
      ["GRANT", Q1.toISOString()],
      ["DRAW", Q4.toISOString()],
      ["GRANT", Q4.toISOString()],
    ]);
    expect(await listLedger(csm, account.id, { take: 2 })).toHaveLength(2);
  });
});
