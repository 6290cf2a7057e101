import { faker } from "@faker-js/faker";
import type { Prisma, Role, Tier } from "~/generated/prisma/client.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { isStaffRole, STAFF_ROLES } from "~/modules/auth/permissions.ts";
import { prisma, type Tx } from "~/utils/db.server.ts";
import { STAFF_DOMAIN } from "../prisma/seed-data.ts";

export { faker };

/** Same seed, same rows: tests that compare generated values call this first. */
export function seedFaker(seed: number) {
  faker.seed(seed);
}

export { isStaffRole, STAFF_ROLES };

// Zones where a B2B customer base plausibly sits, DST and non-DST alike.
export const TIME_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "America/Toronto",
  "Europe/London",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Madrid",
  "Europe/Warsaw",
  "Africa/Johannesburg",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
] as const;

const ARR_DOLLARS: Record<Tier, { min: number; max: number }> = {
  TECH: { min: 2_000, max: 15_000 },
  LOW: { min: 15_000, max: 60_000 },
  HIGH: { min: 80_000, max: 600_000 },
};

export function randomArrCents(tier: Tier) {
  // Contracts are priced in round hundreds of dollars.
  return faker.number.int({ ...ARR_DOLLARS[tier], multipleOf: 100 }) * 100;
}

export function planFor(tier: Tier, arrCents: number) {
  if (tier === "TECH") return "Starter";
  if (tier === "LOW") return "Growth";
  return arrCents >= 250_000_00 ? "Enterprise" : "Scale";
}

/** A renewal 1–13 months ahead, at midnight UTC like a contract date. */
export function randomRenewalDate(now = new Date()) {
  const day = 24 * 60 * 60 * 1000;
  const date = faker.date.between({
    from: now.getTime() + 30 * day,
    to: now.getTime() + 395 * day,
  });
  date.setUTCHours(0, 0, 0, 0);
  return date;
}

export function slugify(text: string) {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/-(and|inc|llc|group)(?=-|$)/g, "");
}

// The counter keeps names unique within one test file even when faker repeats itself; `.example` is
// reserved (RFC 2606), so no generated address can reach a real inbox.
let sequence = 0;
export function uniqueDomain(base: string = faker.company.name()) {
  return `${slugify(base) || "company"}-${++sequence}.example`;
}

export function uniqueEmail(domain: string = uniqueDomain(), name = faker.person.fullName()) {
  return `${slugify(name).replace(/-/g, ".") || "user"}.${++sequence}@${domain}`.toLowerCase();
}

export type AccountOverrides = Partial<Omit<Prisma.AccountUncheckedCreateInput, "domains" | "users">> & {
  domains?: string[];
};

/** Account data without touching the database: createAccount and the batched seed share it. */
export function buildAccount(overrides: AccountOverrides = {}) {
  const tier = overrides.tier ?? faker.helpers.arrayElement<Tier>(["HIGH", "LOW", "TECH"]);
  const name = overrides.name ?? faker.company.name();
  const arrCents = overrides.arrCents ?? randomArrCents(tier);
  const { domains = [uniqueDomain(name)], ...rest } = overrides;
  return {
    domains: domains.map((domain) => domain.trim().toLowerCase()),
    data: {
      timeZone: faker.helpers.arrayElement(TIME_ZONES),
      renewalDate: randomRenewalDate(),
      plan: planFor(tier, arrCents),
      ...rest,
      tier,
      name,
      arrCents,
    } satisfies Prisma.AccountUncheckedCreateInput,
  };
}

export async function createAccount(overrides: AccountOverrides = {}, db: Tx = prisma) {
  const { data, domains } = buildAccount(overrides);
  return db.account.create({
    data: {
      ...data,
      domains: { create: domains.map((domain) => ({ domain })) },
    },
    include: { domains: true },
  });
}

export type UserOverrides = {
  role: Role;
  accountId?: string | null;
  email?: string;
  name?: string;
  timeZone?: string;
  locale?: string;
  emailVerifiedAt?: Date | null;
  deactivatedAt?: Date | null;
  lastSignInAt?: Date | null;
  /** Plain text: hashed here (argon2, ~50 ms). */
  password?: string;
  /** Already hashed: lets a batch share one hash instead of paying for argon2 per user. */
  passwordHash?: string;
};

/** Fails loudly on the one rule the schema cannot express: customers have an account, staff none. */
export function assertRoleMatchesAccount(role: Role, accountId: string | null | undefined) {
  if (isStaffRole(role) && accountId) throw new Error(`${role} is staff and must not belong to an account`);
  if (!isStaffRole(role) && !accountId) throw new Error(`${role} is a customer role and needs an accountId`);
}

/** User data without touching the database; customers need the email already chosen on their domain. */
export function buildUser(overrides: Omit<UserOverrides, "password" | "passwordHash">) {
  const { role, accountId = null, ...rest } = overrides;
  assertRoleMatchesAccount(role, accountId);
  const name = rest.name ?? faker.person.fullName();
  if (!rest.email && accountId) throw new Error(`buildUser needs an email for ${role} ${name}`);
  const email = rest.email ?? uniqueEmail(STAFF_DOMAIN, name);
  return {
    timeZone: faker.helpers.arrayElement(TIME_ZONES),
    emailVerifiedAt: new Date(),
    ...rest,
    name,
    email: email.trim().toLowerCase(),
    role,
    accountId,
  } satisfies Prisma.UserUncheckedCreateInput;
}

export async function createUser(overrides: UserOverrides, db: Tx = prisma) {
  const { password, passwordHash, ...fields } = overrides;
  if (!fields.email && fields.accountId) {
    const first = await db.accountDomain.findFirst({
      where: { accountId: fields.accountId },
      orderBy: [{ createdAt: "asc" }, { domain: "asc" }],
      select: { domain: true },
    });
    if (!first) throw new Error(`Account ${fields.accountId} has no domain for a customer's email`);
    fields.name ??= faker.person.fullName();
    fields.email = uniqueEmail(first.domain, fields.name);
  }
  const data = buildUser(fields);
  const hash = passwordHash ?? (password === undefined ? undefined : await hashPassword(password));
  return db.user.create({
    data: { ...data, password: hash ? { create: { hash } } : undefined },
  });
}

export const DEFAULT_TIER_POLICIES = [
  {
    tier: "HIGH",
    period: "QUARTER",
    csmHoursPerPeriod: 12,
    expertSeatsPerPeriod: 10,
  },
  {
    tier: "LOW",
    period: "QUARTER",
    csmHoursPerPeriod: 4,
    expertSeatsPerPeriod: 4,
  },
  {
    tier: "TECH",
    period: "QUARTER",
    csmHoursPerPeriod: 0,
    expertSeatsPerPeriod: 2,
  },
] as const satisfies readonly Prisma.TierPolicyCreateInput[];

/** Creates any missing policy; an existing one is left alone so an admin's edits survive a re-seed. */
export async function createTierPolicies(db: Tx = prisma) {
  const policies = [];
  // One at a time: an interactive transaction on SQLite runs its statements on a single connection.
  for (const policy of DEFAULT_TIER_POLICIES) {
    policies.push(
      await db.tierPolicy.upsert({
        where: { tier: policy.tier },
        create: policy,
        update: {},
      }),
    );
  }
  return policies;
}
