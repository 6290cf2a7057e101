import type { Tier } from "~/generated/prisma/enums.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { isUniqueViolation, prisma, type Tx } from "~/utils/db.server.ts";
import { rememberForRequest } from "~/utils/request-scope.server.ts";
import { effectiveEntitlements, FALLBACK_POLICIES, TIERS } from "./entitlements.ts";
import type { OverrideValues, PolicyValues } from "./entitlements.schema.ts";

function assertManager(actor: Actor) {
  if (!can(actor, "tiers.manage")) throw new DomainError(403, "Only admins change tiers and entitlements.");
}

/**
 * What an account may use per period, each number with where it came from. Null: no such account.
 * Pass `db` (a transaction) to read inside one, as the hour ledger does when it grants a period.
 */
export async function getEntitlements(accountId: string, db: Tx = prisma) {
  // Outside a transaction, a page's loaders that each need them (the home page, the hour balance) share one read.
  if (db === prisma) return rememberForRequest(`entitlements:${accountId}`, () => readEntitlements(accountId, db));
  return readEntitlements(accountId, db);
}

async function readEntitlements(accountId: string, db: Tx) {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { tier: true, entitlementOverride: { select: { csmHoursPerPeriod: true, expertSeatsPerPeriod: true, reason: true } } },
  });
  if (!account) return null;
  const policy = await db.tierPolicy.findUnique({ where: { tier: account.tier } });
  return effectiveEntitlements(account.tier, policy, account.entitlementOverride);
}

/** All three tiers, in order; a tier never saved shows the fallback and `saved: false`. */
export async function listPolicies() {
  const rows = await prisma.tierPolicy.findMany({
    select: {
      tier: true,
      period: true,
      csmHoursPerPeriod: true,
      expertSeatsPerPeriod: true,
      updatedAt: true,
      updatedBy: { select: { name: true } },
    },
  });
  return TIERS.map((tier) => {
    const row = rows.find((candidate) => candidate.tier === tier);
    return row
      ? { ...row, updatedBy: row.updatedBy?.name ?? null, saved: true }
      : { ...FALLBACK_POLICIES[tier], updatedAt: null, updatedBy: null, saved: false };
  });
}

export async function updatePolicy(actor: Actor, tier: Tier, values: Omit<PolicyValues, "tier">) {
  assertManager(actor);
  const data = {
    period: values.period,
    csmHoursPerPeriod: values.csmHoursPerPeriod,
    expertSeatsPerPeriod: values.expertSeatsPerPeriod,
    updatedById: actor.id,
  };
  return prisma.tierPolicy.upsert({ where: { tier }, create: { tier, ...data }, update: data, select: { tier: true } });
}

export async function listOverrides() {
  return prisma.entitlementOverride.findMany({
    orderBy: { account: { name: "asc" } },
    select: {
      accountId: true,
      csmHoursPerPeriod: true,
      expertSeatsPerPeriod: true,
      reason: true,
      updatedAt: true,
      account: { select: { name: true, tier: true } },
    },
  });
}

/**
 * Creates or replaces the account's override; a field left empty follows the tier. With `createOnly`
 * an existing override is a 409, so "add" never silently overwrites someone's reason.
 */
export async function setOverride(actor: Actor, accountId: string, values: OverrideValues, { createOnly = false } = {}) {
  assertManager(actor);
  const account = await prisma.account.findUnique({ where: { id: accountId }, select: { id: true, name: true } });
  if (!account) throw new DomainError(404, "There is no account with that id. Pick one from the list.", "accountId");
  const data = {
    csmHoursPerPeriod: values.csmHoursPerPeriod ?? null,
    expertSeatsPerPeriod: values.expertSeatsPerPeriod ?? null,
    reason: values.reason,
  };
  if (!createOnly) {
    await prisma.entitlementOverride.upsert({ where: { accountId }, create: { accountId, ...data }, update: data });
    return account;
  }
  try {
    await prisma.entitlementOverride.create({ data: { accountId, ...data } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(409, `${account.name} already has an override. Change it in the list above instead.`, "accountId");
  }
  return account;
}

export async function clearOverride(actor: Actor, accountId: string) {
  assertManager(actor);
  const result = await prisma.entitlementOverride.deleteMany({ where: { accountId } });
  if (result.count === 0) throw new DomainError(404, "That account has no override any more.");
}
