import type { EntitlementPeriod, HourLedgerKind, Tier } from "~/generated/prisma/enums.ts";
import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { getEntitlements } from "~/modules/accounts/entitlements.server.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, canReadAccount, isStaffRole, type Actor } from "~/modules/auth/permissions.ts";
import { prisma, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { logger } from "~/utils/logger.server.ts";
import {
  booksOwnCsm,
  entitlementChangeReason,
  explainBalance,
  grantReason,
  hoursText,
  periodEnd,
  periodName,
  periodStart,
  type BalanceExplanation,
} from "./ledger.ts";

// Every function that changes hours runs inside the caller's transaction (a booking draws in the
// same transaction that inserts it) and decides with one conditional write on the HourBalance row,
// so two connections racing for an account's last hour cannot both get it. The ledger lines are the
// explanation; `(bookingId, kind)` is unique, so a booking draws, refunds and forfeits at most once.

export type PeriodBalance = {
  accountId: string;
  tier: Tier;
  period: EntitlementPeriod;
  periodStart: Date;
  periodEnd: Date;
  granted: number;
  /** The part of `granted` that came from the tier policy or override. */
  entitled: number;
  used: number;
};

function balanceKey(accountId: string, start: Date) {
  return { accountId_periodStart: { accountId, periodStart: start } };
}

const BALANCE_SELECT = { granted: true, entitled: true, used: true } as const;
type Entitlements = NonNullable<Awaited<ReturnType<typeof getEntitlements>>>;

function periodBalance(
  accountId: string,
  { tier, period }: Entitlements,
  now: Date,
  row: Pick<PeriodBalance, "granted" | "entitled" | "used">,
) {
  return { accountId, tier, period, periodStart: periodStart(period, now), periodEnd: periodEnd(period, now), ...row };
}

/**
 * The account's balance row for the period containing `now`, created with the account's effective
 * CSM hours (tier policy or override) and a GRANT line the first time. When the entitlement has
 * changed since, the difference is granted (or taken back) once, with a GRANT line saying so.
 * Idempotent: calling it again, from any number of connections at once, changes nothing more.
 * Throws a 404 DomainError for an unknown account.
 */
export async function ensurePeriodGrant(tx: Tx, accountId: string, now: Date): Promise<PeriodBalance> {
  const entitlements = await getEntitlements(accountId, tx);
  if (!entitlements) throw new DomainError(404, "There is no account with that id. It may have been removed.");
  const { period, tier } = entitlements;
  const start = periodStart(period, now);
  const hours = entitlements.csmHours.value;

  // Reading first only spares page views a write; the guarded writes below decide.
  const existing = await tx.hourBalance.findUnique({ where: balanceKey(accountId, start), select: { entitled: true } });
  // The primary key is the guard: of any number of racing calls, exactly one inserts the row, and only
  // that one writes the GRANT line. (ON CONFLICT rather than catching P2002: on PostgreSQL a failed
  // statement would abort the caller's whole transaction.)
  const created = existing
    ? 0
    : await tx.$executeRaw`
        INSERT INTO "HourBalance" ("accountId", "periodStart", "granted", "entitled", "used", "updatedAt")
        VALUES (${accountId}, ${start}, ${hours}, ${hours}, 0, ${now})
        ON CONFLICT ("accountId", "periodStart") DO NOTHING`;
  if (created === 1) {
    await tx.hourLedger.create({
      data: {
        accountId,
        kind: "GRANT",
        hours,
        periodStart: start,
        reason: grantReason({ hours, period, tierLabel: TIER_LABELS[tier], fromOverride: entitlements.csmHours.source === "override" }),
        createdAt: now,
      },
    });
  } else {
    // An admin changed the policy or the override since the period began. The write only lands if
    // `entitled` still holds what was read, so a concurrent caller applying the same change cannot
    // apply it twice; whoever loses reads again and finds nothing left to do.
    for (let attempt = 1; ; attempt++) {
      const row =
        attempt === 1 && existing
          ? existing
          : await tx.hourBalance.findUniqueOrThrow({ where: balanceKey(accountId, start), select: { entitled: true } });
      if (row.entitled === hours) break;
      const changed = await tx.hourBalance.updateMany({
        where: { accountId, periodStart: start, entitled: row.entitled },
        data: { granted: { increment: hours - row.entitled }, entitled: hours, updatedAt: now },
      });
      if (changed.count === 1) {
        await tx.hourLedger.create({
          data: {
            accountId,
            kind: "GRANT",
            hours: hours - row.entitled,
            periodStart: start,
            reason: entitlementChangeReason(row.entitled, hours),
            createdAt: now,
          },
        });
        break;
      }
      if (attempt >= 5) throw new Error(`Could not apply the changed entitlement of account ${accountId}`);
    }
  }
  const row = await tx.hourBalance.findUniqueOrThrow({ where: balanceKey(accountId, start), select: BALANCE_SELECT });
  return periodBalance(accountId, entitlements, now, row);
}

/**
 * The period's balance as it stands, read without a transaction, or null when `ensurePeriodGrant` has
 * something to write (no row for the period yet, or an entitlement changed since). A page view then
 * costs two reads instead of a write transaction, which on SQLite would queue every other request of
 * the process behind it.
 */
async function readPeriodGrant(accountId: string, now: Date): Promise<PeriodBalance | null> {
  const entitlements = await getEntitlements(accountId);
  if (!entitlements) return null;
  const row = await prisma.hourBalance.findUnique({
    where: balanceKey(accountId, periodStart(entitlements.period, now)),
    select: BALANCE_SELECT,
  });
  if (!row || row.entitled !== entitlements.csmHours.value) return null;
  return periodBalance(accountId, entitlements, now, row);
}

function assertWholeHours(hours: number) {
  if (!Number.isInteger(hours) || hours <= 0) throw new RangeError(`A booking draws a positive whole number of hours, not ${hours}`);
}

/**
 * Takes `hours` for the booking from the current period's balance. True when drawn (or when this
 * booking had already drawn: a retry changes nothing); false when too few hours are left, and then
 * nothing was written. The caller's transaction must insert the booking first (the line refers to it).
 */
export async function drawHours(tx: Tx, input: { accountId: string; bookingId: string; hours: number; now: Date }): Promise<boolean> {
  const { accountId, bookingId, hours, now } = input;
  assertWholeHours(hours);
  const already = await tx.hourLedger.findUnique({ where: { bookingId_kind: { bookingId, kind: "DRAW" } }, select: { id: true } });
  if (already) return true;
  const balance = await ensurePeriodGrant(tx, accountId, now);
  // The one statement that decides: it never takes the balance below zero, whoever else is drawing.
  const taken = await tx.$executeRaw`
    UPDATE "HourBalance" SET "used" = "used" + ${hours}, "updatedAt" = ${now}
    WHERE "accountId" = ${accountId} AND "periodStart" = ${balance.periodStart} AND "used" + ${hours} <= "granted"`;
  if (taken !== 1) return false;
  // Unique (bookingId, kind): should a second draw for this booking slip past the check above on
  // another connection, this insert fails and its transaction, draw included, is rolled back.
  await tx.hourLedger.create({
    data: { accountId, kind: "DRAW", hours: -hours, periodStart: balance.periodStart, bookingId, createdAt: now },
  });
  return true;
}

/**
 * The booking's DRAW line, once nothing else has settled it. A refund and a no-show of one booking
 * have different kinds, so the unique key cannot keep them apart: both first write the balance row
 * they would settle against (a no-op update that takes its row lock, held to commit), and only then
 * look for a REFUND or FORFEIT line. A second settler waits for the first and then sees its line.
 */
async function unsettledDraw(tx: Tx, bookingId: string, now: Date) {
  const draw = await tx.hourLedger.findUnique({
    where: { bookingId_kind: { bookingId, kind: "DRAW" } },
    select: { accountId: true, hours: true, periodStart: true },
  });
  if (!draw) return null;
  await tx.hourBalance.updateMany({ where: { accountId: draw.accountId, periodStart: draw.periodStart }, data: { updatedAt: now } });
  const settled = await tx.hourLedger.count({ where: { bookingId, kind: { in: ["REFUND", "FORFEIT"] } } });
  return settled ? null : draw;
}

/**
 * Gives a cancelled booking's hours back to the period they were drawn from (if that period is over,
 * they return to a closed period: unused hours never carry over). True when refunded now; false when
 * the booking drew nothing, or was already refunded or forfeited.
 */
export async function refundHours(tx: Tx, input: { bookingId: string; now: Date; reason: string }): Promise<boolean> {
  const { bookingId, now } = input;
  const draw = await unsettledDraw(tx, bookingId, now);
  if (!draw) return false;
  const hours = -draw.hours;
  const given = await tx.hourBalance.updateMany({
    where: { accountId: draw.accountId, periodStart: draw.periodStart, used: { gte: hours } },
    data: { used: { decrement: hours }, updatedAt: now },
  });
  if (given.count !== 1) throw new Error(`The balance that booking ${bookingId} drew from does not hold its ${hours} used hours`);
  await tx.hourLedger.create({
    data: {
      accountId: draw.accountId,
      kind: "REFUND",
      hours,
      periodStart: draw.periodStart,
      bookingId,
      reason: input.reason.trim().slice(0, 500),
      createdAt: now,
    },
  });
  return true;
}

/**
 * Records that the customer missed a booking that drew hours: a 0-hour FORFEIT line, so the
 * statement shows why those hours stay used. False when the booking drew nothing, or was already
 * refunded or forfeited.
 */
export async function forfeitHours(tx: Tx, input: { bookingId: string; now: Date }): Promise<boolean> {
  const draw = await unsettledDraw(tx, input.bookingId, input.now);
  if (!draw) return false;
  await tx.hourLedger.create({
    data: {
      accountId: draw.accountId,
      kind: "FORFEIT",
      hours: 0,
      periodStart: draw.periodStart,
      bookingId: input.bookingId,
      reason: "no-show",
      createdAt: input.now,
    },
  });
  return true;
}

export type TopUpValues = { hours: number; reason: string };

/**
 * An admin adds hours to the account's current period, or takes some back with negative hours, but
 * never below what is already used (409 then, saying how many could be taken back). 403 for anyone
 * without `hours.manage`, 404 for an unknown account.
 */
export async function topUpHours(
  actor: Actor,
  accountId: string,
  values: TopUpValues,
  now = new Date(),
  { db = prisma }: { db?: Db } = {},
) {
  if (!can(actor, "hours.manage")) throw new DomainError(403, "Only admins add or take back CSM hours.");
  const { hours, reason } = values;
  if (!Number.isInteger(hours) || hours === 0) throw new DomainError(400, "Enter a whole number of hours other than 0.", "hours");
  return writeTransaction(db, async (tx) => {
    const balance = await ensurePeriodGrant(tx, accountId, now);
    const changed = await tx.$executeRaw`
      UPDATE "HourBalance" SET "granted" = "granted" + ${hours}, "updatedAt" = ${now}
      WHERE "accountId" = ${accountId} AND "periodStart" = ${balance.periodStart} AND "granted" + ${hours} >= "used"`;
    if (changed !== 1) {
      const current = await tx.hourBalance.findUniqueOrThrow({
        where: balanceKey(accountId, balance.periodStart),
        select: { granted: true, used: true },
      });
      const unused = Math.max(0, current.granted - current.used);
      const name = periodName(balance.period, balance.periodStart);
      const already = `${current.used} of the ${hoursText(current.granted)} in ${name} ${current.used === 1 ? "is" : "are"} already used or booked`;
      throw new DomainError(
        409,
        unused > 0
          ? `${already}, so at most ${unused} can be taken back. Take back ${unused} or fewer, or cancel a booking first.`
          : `${already}, so none can be taken back now. Cancel a booking first if hours must come back.`,
      );
    }
    await tx.hourLedger.create({
      data: { accountId, kind: "TOPUP", hours, periodStart: balance.periodStart, reason, createdById: actor.id, createdAt: now },
    });
    return { ...balance, granted: balance.granted + hours };
  });
}

export type LedgerLine = {
  id: string;
  kind: HourLedgerKind;
  hours: number;
  reason: string;
  periodStart: Date;
  bookingId: string | null;
  bookingStartsAt: Date | null;
  createdAt: Date;
  /** The admin who topped up; only shown to staff. */
  createdBy: string | null;
};

export type HourBalanceView = {
  accountId: string;
  tier: Tier;
  period: EntitlementPeriod;
  periodStart: Date;
  periodEnd: Date;
  granted: number;
  used: number;
  left: number;
  /** High touch: books their own CSM directly, not drawn from the pool. */
  personalCsm: boolean;
  explanation: BalanceExplanation;
  /** This period's lines, oldest first: a statement. */
  lines: LedgerLine[];
};

/** Staff with accounts.view read any account; a customer only their own (404 otherwise, as if none). */
function assertCanRead(actor: Actor, accountId: string) {
  if (canReadAccount(actor, accountId)) return;
  if (isStaffRole(actor.role)) throw new Response("You do not have access to this page.", { status: 403 });
  throw new Response("There is no account with that id.", { status: 404 });
}

const LINE_SELECT = {
  id: true,
  kind: true,
  hours: true,
  reason: true,
  periodStart: true,
  bookingId: true,
  createdAt: true,
  createdById: true,
  booking: { select: { startsAt: true } },
} as const;

type LineRow = {
  id: string;
  kind: HourLedgerKind;
  hours: number;
  reason: string;
  periodStart: Date;
  bookingId: string | null;
  createdAt: Date;
  createdById: string | null;
  booking: { startsAt: Date } | null;
};

async function toLines(actor: Actor, rows: LineRow[]): Promise<LedgerLine[]> {
  const ids = isStaffRole(actor.role) ? [...new Set(rows.flatMap((row) => (row.createdById ? [row.createdById] : [])))] : [];
  const people = ids.length ? await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(people.map((person) => [person.id, person.name]));
  return rows.map(({ booking, createdById, ...row }) => ({
    ...row,
    bookingStartsAt: booking?.startsAt ?? null,
    createdBy: createdById ? (names.get(createdById) ?? null) : null,
  }));
}

/**
 * The account's balance for the period containing `now`, with this period's lines. Grants the
 * period first if nobody has yet (so it works before the first booking). Customers may read only
 * their own account; staff with accounts.view any.
 */
export async function getBalance(actor: Actor, accountId: string, now = new Date()): Promise<HourBalanceView> {
  assertCanRead(actor, accountId);
  let balance: PeriodBalance;
  try {
    balance = (await readPeriodGrant(accountId, now)) ?? (await writeTransaction(prisma, (tx) => ensurePeriodGrant(tx, accountId, now)));
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
  const rows = await prisma.hourLedger.findMany({
    where: { accountId, periodStart: balance.periodStart },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: LINE_SELECT,
  });
  const lines = await toLines(actor, rows);
  const explanation = explainBalance(lines);
  if (explanation.total !== balance.granted || explanation.used !== balance.used) {
    logger.warn("an hour balance disagrees with its ledger lines", {
      accountId,
      periodStart: balance.periodStart.toISOString(),
      balance: { granted: balance.granted, used: balance.used },
      lines: { total: explanation.total, used: explanation.used },
    });
  }
  return {
    accountId,
    tier: balance.tier,
    period: balance.period,
    periodStart: balance.periodStart,
    periodEnd: balance.periodEnd,
    granted: balance.granted,
    used: balance.used,
    left: Math.max(0, balance.granted - balance.used),
    personalCsm: booksOwnCsm(balance.tier),
    explanation,
    lines,
  };
}

/** The account's ledger across periods, newest first. Same scoping as getBalance. */
export async function listLedger(actor: Actor, accountId: string, { take = 50 }: { take?: number } = {}): Promise<LedgerLine[]> {
  assertCanRead(actor, accountId);
  const rows = await prisma.hourLedger.findMany({
    where: { accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, Math.trunc(take)), 200),
    select: LINE_SELECT,
  });
  return toLines(actor, rows);
}
