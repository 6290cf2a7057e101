import type { Prisma } from "~/generated/prisma/client.ts";
import type { Tier } from "~/generated/prisma/enums.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor, type Permission } from "~/modules/auth/permissions.ts";
import { isUniqueViolation, prisma, type Tx } from "~/utils/db.server.ts";
import { rememberForRequest } from "~/utils/request-scope.server.ts";
import type { AccountListQuery, AccountValues } from "./accounts.schema.ts";
import { currencyOptions, PAGE_SIZE, pageCount, timeZoneOptions } from "./accounts.ts";
import { hasPersonalCsm, TIERS } from "./entitlements.ts";
import { getEntitlements } from "./entitlements.server.ts";

const DAY = 24 * 60 * 60 * 1000;

/** Defence in depth behind the route's requirePermission: a module never trusts its caller. */
export function assertCan(actor: Actor, permission: Permission) {
  if (!can(actor, permission)) throw new Response("You do not have access to this page.", { status: 403 });
}

function startOfUtcDay(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const ACCOUNT_ROW = {
  id: true,
  name: true,
  plan: true,
  tier: true,
  arrCents: true,
  currency: true,
  renewalDate: true,
  ownerCsm: { select: { id: true, name: true } },
  _count: { select: { users: true } },
} as const satisfies Prisma.AccountSelect;

/**
 * The signed-in customer's account name and tier. The app shell shows the name and the pages filter by
 * the tier, side by side for the same page: read once per request.
 */
export function accountSummary(accountId: string): Promise<{ name: string; tier: Tier } | null> {
  return rememberForRequest(`account-summary:${accountId}`, () =>
    prisma.account.findUnique({ where: { id: accountId }, select: { name: true, tier: true } }),
  );
}

export async function listAccounts(actor: Actor, query: AccountListQuery, now = new Date()) {
  assertCan(actor, "accounts.view");
  const { q, tier, owner, renewalWithinDays, sort } = query;
  const where: Prisma.AccountWhereInput = {
    ...(q
      ? { OR: [{ name: { contains: q } }, { plan: { contains: q } }, { domains: { some: { domain: { contains: q.toLowerCase() } } } }] }
      : {}),
    ...(tier ? { tier } : {}),
    ...(owner === "mine" ? { ownerCsmId: actor.id } : owner === "none" ? { ownerCsmId: null } : owner ? { ownerCsmId: owner } : {}),
    ...(renewalWithinDays
      ? { renewalDate: { gte: startOfUtcDay(now), lt: new Date(startOfUtcDay(now).getTime() + (renewalWithinDays + 1) * DAY) } }
      : {}),
  };
  // ARR sorts by the raw amount: accounts in different currencies are not converted.
  const orderBy: Prisma.AccountOrderByWithRelationInput[] =
    sort === "arr"
      ? [{ arrCents: "desc" }, { name: "asc" }]
      : sort === "renewal"
        ? [{ renewalDate: { sort: "asc", nulls: "last" } }, { name: "asc" }]
        : [{ name: "asc" }, { id: "asc" }];
  const total = await prisma.account.count({ where });
  const pages = pageCount(total);
  const page = Math.min(query.page, pages);
  const accounts = await prisma.account.findMany({ where, orderBy, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: ACCOUNT_ROW });
  return { accounts, total, page, pageCount: pages };
}

/** Everything the account page shows; 404 when the id matches nothing. */
export async function getAccount(actor: Actor, accountId: string) {
  assertCan(actor, "accounts.view");
  const account = await prisma.account.findUnique({
    where: { id: accountId },
    select: {
      id: true,
      name: true,
      externalId: true,
      plan: true,
      tier: true,
      arrCents: true,
      currency: true,
      renewalDate: true,
      timeZone: true,
      createdAt: true,
      ownerCsm: { select: { id: true, name: true, email: true } },
      domains: { select: { domain: true }, orderBy: { domain: "asc" } },
      users: {
        select: { id: true, name: true, email: true, role: true, deactivatedAt: true, lastSignInAt: true },
        orderBy: [{ name: "asc" }, { id: "asc" }],
        take: 200,
      },
      _count: { select: { users: true } },
    },
  });
  if (!account) throw new Response("There is no account with that id. It may have been removed.", { status: 404 });
  return account;
}

export function listCsmOptions() {
  return prisma.user.findMany({ where: { role: "CSM", deactivatedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export function listAccountOptions(actor: Actor) {
  assertCan(actor, "accounts.view");
  return prisma.account.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true }, take: 2_000 });
}

// A CSM who later changed role may stay the owner, but nobody new can be made owner unless a CSM.
async function checkOwner(tx: Tx, ownerCsmId: string | null, currentOwnerId: string | null) {
  if (!ownerCsmId || ownerCsmId === currentOwnerId) return;
  const csm = await tx.user.findFirst({ where: { id: ownerCsmId, role: "CSM", deactivatedAt: null }, select: { id: true } });
  if (!csm) throw new DomainError(400, "Choose an active CSM from the list, or no owner.", "ownerCsmId");
}

async function checkDomainsFree(tx: Tx, domains: string[], accountId: string | null) {
  if (domains.length === 0) return;
  const taken = await tx.accountDomain.findMany({
    where: { domain: { in: domains }, ...(accountId ? { accountId: { not: accountId } } : {}) },
    select: { domain: true, account: { select: { name: true } } },
  });
  if (taken.length) throw domainClash(taken.map((row) => `${row.domain} (${row.account.name})`));
}

function domainClash(details: string[]) {
  return new DomainError(
    409,
    `Already used by another account: ${details.join(", ")}. Remove it from that account first, or leave it out here.`,
    "domains",
  );
}

function accountData(values: AccountValues) {
  return {
    name: values.name,
    plan: values.plan,
    arrCents: values.arr,
    currency: values.currency,
    tier: values.tier,
    renewalDate: values.renewalDate,
    ownerCsmId: values.ownerCsmId,
    timeZone: values.timeZone,
  };
}

// The domain's primary key settles a race between two saves claiming the same domain.
async function withDomainRace<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw domainClash(["one of these domains was just claimed"]);
    throw error;
  }
}

export async function createAccount(actor: Actor, values: AccountValues) {
  assertCan(actor, "accounts.manage");
  return withDomainRace(() =>
    prisma.$transaction(async (tx) => {
      await checkOwner(tx, values.ownerCsmId, null);
      await checkDomainsFree(tx, values.domains, null);
      return tx.account.create({
        data: { ...accountData(values), domains: { create: values.domains.map((domain) => ({ domain })) } },
        select: { id: true },
      });
    }),
  );
}

export async function updateAccount(actor: Actor, accountId: string, values: AccountValues) {
  assertCan(actor, "accounts.manage");
  return withDomainRace(() =>
    prisma.$transaction(async (tx) => {
      const current = await tx.account.findUnique({
        where: { id: accountId },
        select: { ownerCsmId: true, domains: { select: { domain: true } } },
      });
      if (!current) throw new DomainError(404, "This account no longer exists.");
      await checkOwner(tx, values.ownerCsmId, current.ownerCsmId);
      await checkDomainsFree(tx, values.domains, accountId);
      const kept = new Set(current.domains.map((row) => row.domain));
      await tx.accountDomain.deleteMany({ where: { accountId, domain: { notIn: values.domains } } });
      const added = values.domains.filter((domain) => !kept.has(domain));
      if (added.length) await tx.accountDomain.createMany({ data: added.map((domain) => ({ domain, accountId })) });
      return tx.account.update({ where: { id: accountId }, data: accountData(values), select: { id: true } });
    }),
  );
}

/** The staff home: book by tier, renewals coming up, and a CSM's own accounts. */
export async function getConsoleOverview(actor: Actor, now = new Date()) {
  assertCan(actor, "console.view");
  const today = startOfUtcDay(now);
  const renewalWindow = { gte: today, lt: new Date(today.getTime() + 91 * DAY) };
  const groups = await prisma.account.groupBy({ by: ["tier", "currency"], _count: { _all: true }, _sum: { arrCents: true } });
  const renewals = await prisma.account.findMany({
    where: { renewalDate: renewalWindow },
    orderBy: [{ renewalDate: "asc" }, { name: "asc" }],
    take: 50,
    select: ACCOUNT_ROW,
  });
  const renewalsTotal = await prisma.account.count({ where: { renewalDate: renewalWindow } });
  const mine =
    actor.role === "CSM"
      ? await prisma.account.findMany({
          where: { ownerCsmId: actor.id },
          orderBy: [{ renewalDate: { sort: "asc", nulls: "last" } }, { name: "asc" }],
          take: 100,
          select: ACCOUNT_ROW,
        })
      : null;
  return { tiers: summarizeTiers(groups), renewals, renewalsTotal, mine };
}

type TierGroup = { tier: Tier; currency: string; _count: { _all: number }; _sum: { arrCents: number | null } };

// ARR is only summed within one currency; mixing currencies would give a meaningless number.
export function summarizeTiers(groups: TierGroup[]) {
  return TIERS.map((tier) => {
    const rows = groups.filter((group) => group.tier === tier);
    return {
      tier,
      accounts: rows.reduce((sum, row) => sum + row._count._all, 0),
      arr: rows.map((row) => ({ currency: row.currency, cents: row._sum.arrCents ?? 0 })).sort((a, b) => b.cents - a.cents),
    };
  });
}

/** The customer's own account, as the portal shows it. */
export async function getCustomerHome(actor: Actor) {
  assertCan(actor, "portal.view");
  const account = actor.accountId
    ? await prisma.account.findUnique({
        where: { id: actor.accountId },
        select: { id: true, name: true, tier: true, ownerCsm: { select: { name: true, email: true } } },
      })
    : null;
  if (!account) throw new Response("Your login is not linked to an account. Ask your account admin.", { status: 404 });
  const entitlements = await getEntitlements(account.id);
  return {
    account: { name: account.name, tier: account.tier },
    // Tech-touch accounts are served one-to-many; an owner there is internal bookkeeping, not a contact.
    csm: hasPersonalCsm(account.tier) ? account.ownerCsm : null,
    entitlements,
  };
}

/** Choices for the account editor; the account's current values stay selectable even if unusual. */
export async function accountEditorOptions(current?: { timeZone: string; ownerCsm: { id: string; name: string } | null }) {
  const csms = await listCsmOptions();
  if (current?.ownerCsm && !csms.some((csm) => csm.id === current.ownerCsm!.id)) csms.push(current.ownerCsm);
  return { csms, currencies: currencyOptions(), timeZones: timeZoneOptions(current?.timeZone) };
}
