import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Prisma, Role, Tier } from "~/generated/prisma/client.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { syncContent } from "~/modules/library/content-sync.server.ts";
import { syncPaths } from "~/modules/library/paths-sync.server.ts";
import { ensureDatabaseReady, prisma, type Db, type Tx } from "~/utils/db.server.ts";
import { seedDemoAvailability } from "./seed-availability.ts";
import { seedDemoBookings } from "./seed-bookings.ts";
import { seedDemoHealth } from "./seed-health.ts";
import { seedDemoNewsletters } from "./seed-newsletters.ts";
import { seedDemoSessions } from "./seed-sessions.ts";
import { buildAccount, buildUser, createTierPolicies, faker, seedFaker, slugify, TIME_ZONES } from "../test/factories.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_FAKER_SEED,
  DEMO_LOGINS,
  DEMO_OVERRIDES,
  DEMO_PASSWORD,
  DEMO_STAFF,
  DEMO_STAFF_COUNTS,
  DEMO_SUBJECTS,
  DEMO_TIER_COUNTS,
  STAFF_DOMAIN,
} from "./seed-data.ts";

export { DEMO_LOGINS, DEMO_PASSWORD, type DemoLogin } from "./seed-data.ts";

const DAY = 24 * 60 * 60 * 1000;
const CONTENT_DIR = fileURLToPath(new URL("../content", import.meta.url));
// Customers per account grow with the contract.
const USERS_PER_ACCOUNT: Record<Tier, { min: number; max: number }> = {
  HIGH: { min: 2, max: 5 },
  LOW: { min: 1, max: 5 },
  TECH: { min: 1, max: 3 },
};
// How many engagement "moments" an active user has had in 90 days, before the account's own activity level.
const MOMENTS_PER_USER: Record<Tier, number> = { HIGH: 5, LOW: 3, TECH: 2 };

type PlannedUser = Omit<ReturnType<typeof buildUser>, "accountId"> & {
  accountKey: string | null;
};
type PlannedAccount = ReturnType<typeof buildAccount> & {
  externalId: string;
  ownerEmail: string | null;
};
type PlannedEvent = Omit<Prisma.EngagementEventCreateManyInput, "accountId" | "userId"> & {
  dedupeKey: string;
  accountKey: string;
  userEmail: string;
};

/**
 * Everything the demo holds, keyed by natural keys (email, externalId, domain, dedupeKey) rather than
 * ids. Faker is reseeded first, so every run plans the same keys and the insert step can skip the
 * ones already present.
 */
function planDemo(now: Date) {
  seedFaker(DEMO_FAKER_SEED);
  const takenEmails = new Set<string>();
  const personEmail = (domain: string) => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const local = `${slugify(first)}.${slugify(last)}`.replace(/-/g, "");
    let email = `${local}@${domain}`;
    for (let n = 2; takenEmails.has(email); n++) email = `${local}${n}@${domain}`;
    takenEmails.add(email);
    return { email, name: `${first} ${last}` };
  };
  const recentSignIn = () => (faker.datatype.boolean({ probability: 0.75 }) ? faker.date.recent({ days: 30, refDate: now }) : null);

  const staff: PlannedUser[] = DEMO_STAFF.map((person) => ({
    ...buildUser(person),
    accountKey: null,
  }));
  for (const person of staff) takenEmails.add(person.email);
  for (const [role, total] of Object.entries(DEMO_STAFF_COUNTS) as [Role, number][]) {
    for (let i = staff.filter((s) => s.role === role).length; i < total; i++) {
      staff.push({
        ...buildUser({ role, ...personEmail(STAFF_DOMAIN) }),
        accountKey: null,
      });
    }
  }
  for (const person of staff) person.lastSignInAt = faker.date.recent({ days: 7, refDate: now });
  const csmEmails = staff.filter((s) => s.role === "CSM").map((s) => s.email);

  const takenNames = new Set(DEMO_ACCOUNTS.map((a) => a.name));
  const takenDomains = new Set(DEMO_ACCOUNTS.map((a) => a.domain));
  const accounts: PlannedAccount[] = DEMO_ACCOUNTS.map(({ users: _users, domain, ...fixed }) => ({
    ...buildAccount({ ...fixed, domains: [domain] }),
    externalId: fixed.externalId,
    // The demo CSM owns the demo customer, so each side of a booking can sign in.
    ownerEmail: fixed.tier === "TECH" ? null : DEMO_STAFF[2].email,
  }));
  const generatedTiers = (Object.entries(DEMO_TIER_COUNTS) as [Tier, number][]).flatMap(([tier, total]) =>
    Array.from({ length: total - DEMO_ACCOUNTS.filter((a) => a.tier === tier).length }, () => tier),
  );
  generatedTiers.forEach((tier, index) => {
    let name = faker.company.name();
    while (takenNames.has(name)) name = faker.company.name();
    takenNames.add(name);
    let slug = slugify(name);
    for (let n = 2; takenDomains.has(`${slug}.example`); n++) slug = `${slugify(name)}-${n}`;
    const domains = [`${slug}.example`];
    // Big customers often sign in from a regional subsidiary's domain too.
    if (tier === "HIGH" && faker.datatype.boolean({ probability: 0.4 })) domains.push(`${slug}-eu.example`);
    for (const domain of domains) takenDomains.add(domain);
    accounts.push({
      ...buildAccount({ tier, name, domains }),
      externalId: `demo-${String(index + 1).padStart(3, "0")}`,
      ownerEmail: tier === "TECH" ? null : (csmEmails[index % csmEmails.length] ?? null),
    });
  });

  const customers: PlannedUser[] = [];
  for (const account of accounts) {
    const fixed = DEMO_ACCOUNTS.find((a) => a.externalId === account.externalId);
    const roles: Role[] = fixed
      ? fixed.users.map((u) => u.role)
      : Array.from({ length: faker.number.int(USERS_PER_ACCOUNT[account.data.tier]) }, (_, i) => (i === 0 ? "ACCOUNT_ADMIN" : "MEMBER"));
    roles.forEach((role, i) => {
      const given = fixed?.users[i];
      const person = given?.email && given.name ? { email: given.email, name: given.name } : personEmail(account.domains[0]!);
      takenEmails.add(person.email);
      // Most people work in their company's zone; a few are remote.
      const timeZone = faker.datatype.boolean({ probability: 0.8 }) ? account.data.timeZone : faker.helpers.arrayElement(TIME_ZONES);
      // accountId is resolved at insert time; a placeholder satisfies buildUser's customer check.
      const { accountId: _placeholder, ...user } = buildUser({
        role,
        accountId: account.externalId,
        ...person,
        timeZone,
      });
      customers.push({
        ...user,
        lastSignInAt: recentSignIn(),
        accountKey: account.externalId,
      });
    });
  }

  const overrides = DEMO_OVERRIDES.map((override, i) => {
    // Skip the fixed accounts so their entitlements are exactly the tier policy the docs describe.
    const candidates = accounts.filter((a) => a.data.tier === override.tier && !DEMO_ACCOUNTS.some((f) => f.externalId === a.externalId));
    const account = candidates[(i * 3) % candidates.length]!;
    const { tier: _tier, ...values } = override;
    return { ...values, accountKey: account.externalId };
  });

  const events: PlannedEvent[] = [];
  for (const account of accounts) {
    // About one account in six has gone quiet: the one the health view should flag before renewal.
    const activity = faker.datatype.boolean({ probability: 0.15 }) ? 0 : faker.number.float({ min: 0.3, max: 1.4 });
    const tier = account.data.tier;
    for (const user of customers.filter((c) => c.accountKey === account.externalId)) {
      const moments = Math.round(MOMENTS_PER_USER[tier] * activity * faker.number.float({ min: 0.3, max: 1.3 }));
      for (let m = 0; m < moments; m++) {
        for (const event of planMoment(tier, now)) {
          events.push({
            ...event,
            dedupeKey: `demo-seed:${String(events.length + 1).padStart(4, "0")}`,
            accountKey: account.externalId,
            userEmail: user.email,
          });
        }
      }
    }
  }
  return { staff, accounts, customers, overrides, events };
}

const MOMENT_WEIGHTS = {
  webinar: 3,
  video: 4,
  document: 3,
  newsletter: 4,
  csm_hour: 2,
} as const;
type Moment = keyof typeof MOMENT_WEIGHTS;
type MomentEvent = Omit<PlannedEvent, "dedupeKey" | "accountKey" | "userEmail">;

/** One thing a customer did, as the one or two events it leaves behind. */
function planMoment(tier: Tier, now: Date): MomentEvent[] {
  // Tech-touch accounts have no CSM hours to book.
  const kind = faker.helpers.weightedArrayElement(
    (Object.keys(MOMENT_WEIGHTS) as Moment[])
      .filter((value) => tier !== "TECH" || value !== "csm_hour")
      .map((value) => ({ value, weight: MOMENT_WEIGHTS[value] })),
  );
  // Leaves room for a follow-up event within the 90-day window.
  const at = faker.date.recent({ days: 80, refDate: now });
  const before = (days: number) => new Date(at.getTime() - days * DAY);
  const json = (data: Record<string, unknown>) => JSON.stringify(data);

  if (kind === "webinar") {
    const subjectId = faker.helpers.arrayElement(DEMO_SUBJECTS.webinar);
    const registered = {
      kind: "session.registered",
      subjectType: "webinar",
      subjectId,
      occurredAt: before(faker.number.int({ min: 1, max: 10 })),
    };
    if (faker.datatype.boolean({ probability: 0.25 }))
      return [
        registered,
        {
          kind: "session.no_show",
          subjectType: "webinar",
          subjectId,
          occurredAt: at,
        },
      ];
    const minutes = faker.number.int({ min: 8, max: 60 });
    return [
      registered,
      {
        kind: "session.attended",
        subjectType: "webinar",
        subjectId,
        value: minutes,
        data: json({ minutes, scheduledMinutes: 60 }),
        occurredAt: at,
      },
    ];
  }
  if (kind === "video") {
    const fraction = Math.round(faker.number.float({ min: 0.05, max: 1 }) * 100) / 100;
    const lengthSeconds = faker.number.int({ min: 120, max: 900 });
    return [
      {
        kind: "video.watched",
        subjectType: "video",
        subjectId: faker.helpers.arrayElement(DEMO_SUBJECTS.video),
        value: fraction,
        data: json({
          secondsWatched: Math.round(lengthSeconds * fraction),
          lengthSeconds,
        }),
        occurredAt: at,
      },
    ];
  }
  if (kind === "document") {
    return [
      {
        kind: "document.opened",
        subjectType: "document",
        subjectId: faker.helpers.arrayElement(DEMO_SUBJECTS.document),
        occurredAt: at,
      },
    ];
  }
  if (kind === "newsletter") {
    const subjectId = faker.helpers.arrayElement(DEMO_SUBJECTS.newsletter);
    const opened = {
      kind: "newsletter.opened",
      subjectType: "newsletter",
      subjectId,
      occurredAt: at,
    };
    if (!faker.datatype.boolean({ probability: 0.3 })) return [opened];
    return [
      opened,
      {
        kind: "newsletter.clicked",
        subjectType: "newsletter",
        subjectId,
        occurredAt: new Date(at.getTime() + 60_000),
        data: json({ link: "/library" }),
      },
    ];
  }
  const booked = {
    kind: "csm_hour.booked",
    subjectType: "csm_hour",
    occurredAt: before(faker.number.int({ min: 2, max: 10 })),
    data: json({ minutes: 60 }),
  };
  return [
    booked,
    {
      kind: "csm_hour.attended",
      subjectType: "csm_hour",
      value: 60,
      occurredAt: at,
    },
  ];
}

export type SeedCounts = {
  users: number;
  passwords: number;
  accounts: number;
  accountDomains: number;
  tierPolicies: number;
  entitlementOverrides: number;
  engagementEvents: number;
  liveSessions: number;
  libraryItems: number;
  learningPaths: number;
  csmAvailability: number;
  csmBookings: number;
  healthSnapshots: number;
  newsletterSetup?: number;
};

/** Inserts whatever part of the plan is missing; existing rows (even edited ones) are left alone. */
async function insertMissing(tx: Tx, plan: ReturnType<typeof planDemo>): Promise<SeedCounts> {
  const existingEmails = async (emails: string[]) =>
    new Set(
      (
        await tx.user.findMany({
          where: { email: { in: emails } },
          select: { email: true },
        })
      ).map((u) => u.email),
    );
  const userIds = async (emails: string[]) =>
    new Map(
      (
        await tx.user.findMany({
          where: { email: { in: emails } },
          select: { id: true, email: true },
        })
      ).map((u) => [u.email, u.id]),
    );

  const staffEmails = plan.staff.map((s) => s.email);
  const knownStaff = await existingEmails(staffEmails);
  const staffRows = plan.staff.filter((s) => !knownStaff.has(s.email)).map(({ accountKey: _a, ...user }) => user);
  const staffCreated = (await tx.user.createMany({ data: staffRows })).count;
  const staffIds = await userIds(staffEmails);
  const csmAvailabilityCreated = await seedDemoAvailability(
    tx,
    plan.staff.filter((s) => s.role === "CSM").map((s) => s.email),
  );

  const externalIds = plan.accounts.map((a) => a.externalId);
  const knownAccounts = new Set(
    (
      await tx.account.findMany({
        where: { externalId: { in: externalIds } },
        select: { externalId: true },
      })
    ).map((a) => a.externalId),
  );
  const accountRows = plan.accounts
    .filter((a) => !knownAccounts.has(a.externalId))
    .map((a) => ({
      ...a.data,
      externalId: a.externalId,
      ownerCsmId: a.ownerEmail ? (staffIds.get(a.ownerEmail) ?? null) : null,
    }));
  const accountsCreated = (await tx.account.createMany({ data: accountRows })).count;
  const accountIds = new Map(
    (
      await tx.account.findMany({
        where: { externalId: { in: externalIds } },
        select: { id: true, externalId: true },
      })
    ).map((a) => [a.externalId!, a.id]),
  );
  const accountId = (key: string) => {
    const id = accountIds.get(key);
    if (!id) throw new Error(`Demo account ${key} is missing after insert`);
    return id;
  };

  const domains = plan.accounts.flatMap((a) => a.domains.map((domain) => ({ domain, accountId: accountId(a.externalId) })));
  const knownDomains = new Set(
    (
      await tx.accountDomain.findMany({
        where: { domain: { in: domains.map((d) => d.domain) } },
        select: { domain: true },
      })
    ).map((d) => d.domain),
  );
  const domainsCreated = (
    await tx.accountDomain.createMany({
      data: domains.filter((d) => !knownDomains.has(d.domain)),
    })
  ).count;

  const customerEmails = plan.customers.map((c) => c.email);
  const knownCustomers = await existingEmails(customerEmails);
  const customerRows = plan.customers
    .filter((c) => !knownCustomers.has(c.email))
    .map(({ accountKey, ...user }) => ({
      ...user,
      accountId: accountId(accountKey!),
    }));
  const customersCreated = (await tx.user.createMany({ data: customerRows })).count;
  const customerIds = await userIds(customerEmails);

  // Every demo person can sign in with the demo password; argon2 runs once, and only if needed.
  const demoUserIds = [...staffIds.values(), ...customerIds.values()];
  const withPassword = new Set(
    (
      await tx.password.findMany({
        where: { userId: { in: demoUserIds } },
        select: { userId: true },
      })
    ).map((p) => p.userId),
  );
  const needPassword = demoUserIds.filter((id) => !withPassword.has(id));
  let passwordsCreated = 0;
  if (needPassword.length > 0) {
    const hash = await hashPassword(DEMO_PASSWORD);
    passwordsCreated = (
      await tx.password.createMany({
        data: needPassword.map((userId) => ({ userId, hash })),
      })
    ).count;
  }

  const policiesBefore = await tx.tierPolicy.count();
  await createTierPolicies(tx);
  const tierPoliciesCreated = (await tx.tierPolicy.count()) - policiesBefore;

  const overrideRows = plan.overrides.map(({ accountKey, ...values }) => ({
    ...values,
    accountId: accountId(accountKey),
  }));
  const knownOverrides = new Set(
    (
      await tx.entitlementOverride.findMany({
        where: { accountId: { in: overrideRows.map((o) => o.accountId) } },
        select: { accountId: true },
      })
    ).map((o) => o.accountId),
  );
  const overridesCreated = (
    await tx.entitlementOverride.createMany({
      data: overrideRows.filter((o) => !knownOverrides.has(o.accountId)),
    })
  ).count;

  const knownEvents = new Set(
    (
      await tx.engagementEvent.findMany({
        where: { dedupeKey: { startsWith: "demo-seed:" } },
        select: { dedupeKey: true },
      })
    ).map((e) => e.dedupeKey),
  );
  const eventRows = plan.events
    .filter((e) => !knownEvents.has(e.dedupeKey))
    .map(({ accountKey, userEmail, ...event }) => ({
      ...event,
      accountId: accountId(accountKey),
      userId: customerIds.get(userEmail) ?? null,
    }));
  const eventsCreated = (await tx.engagementEvent.createMany({ data: eventRows })).count;

  return {
    users: staffCreated + customersCreated,
    passwords: passwordsCreated,
    accounts: accountsCreated,
    accountDomains: domainsCreated,
    tierPolicies: tierPoliciesCreated,
    entitlementOverrides: overridesCreated,
    engagementEvents: eventsCreated,
    liveSessions: 0,
    libraryItems: 0,
    learningPaths: 0,
    csmAvailability: csmAvailabilityCreated,
    csmBookings: 0,
    healthSnapshots: 0,
  };
}

/**
 * Builds the demo company. Idempotent: rows are matched on their unique keys and only missing ones
 * are inserted, all in one transaction, so a crash leaves nothing half-seeded. `counts` are the rows
 * this run inserted; `created` is false when the demo was already complete.
 */
export async function seedDemo({
  db = prisma,
  log = () => {},
  now = new Date(),
}: { db?: Db; log?: (message: string) => void; now?: Date } = {}): Promise<{
  created: boolean;
  counts: SeedCounts;
}> {
  const plan = planDemo(now);
  log(
    `Planned ${plan.staff.length} staff, ${plan.accounts.length} accounts, ${plan.customers.length} customers, ${plan.events.length} events`,
  );
  const counts = await db.$transaction(
    async (tx) => {
      const inserted = await insertMissing(tx, plan);
      const liveSessions = await seedDemoSessions(tx, now);
      // After the people and tier policies they need.
      const csmBookings = await seedDemoBookings(tx, now);
      // After the customers and sessions a sent newsletter needs; its opens and clicks are engagement events.
      const newsletters = await seedDemoNewsletters(tx, now);
      return {
        ...inserted,
        engagementEvents: inserted.engagementEvents + newsletters.events,
        liveSessions,
        csmBookings,
        newsletterSetup: newsletters.rows,
      };
    },
    {
      timeout: 30_000,
      maxWait: 10_000,
    },
  );
  // The starter library from content/, one transaction per file, so `npm start` opens on a library.
  const library = await syncContent(CONTENT_DIR, { log, db });
  for (const failure of library.failed) log(`Library file skipped: ${failure.file}: ${failure.reason}`);
  counts.libraryItems = library.created + library.updated;
  // Learning paths name library items and sessions, so they come after both.
  const paths = await syncPaths(path.join(CONTENT_DIR, "paths"), { log, db, now });
  for (const problem of paths.problems) log(`Learning path: ${problem.file}: ${problem.message}`);
  counts.learningPaths = paths.created.length + paths.updated.length;
  // Scores and 90 days of health history, from the events above.
  counts.healthSnapshots = await seedDemoHealth(db, now);
  return { created: Object.values(counts).some((n) => n > 0), counts };
}

async function main() {
  const force = process.argv.includes("--force");
  const started = performance.now();
  await ensureDatabaseReady();
  const users = await prisma.user.count();
  if (users > 0 && !force) {
    console.log(`Seed skipped: the database already has ${users} users (run with --force to add the demo anyway).`);
    return;
  }
  const { created, counts } = await seedDemo({
    log: (message) => console.log(message),
  });
  const summary = Object.entries(counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
  console.log(`${created ? "Demo seeded" : "Demo already present"} in ${Math.round(performance.now() - started)} ms: ${summary}`);
  console.log(`Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.map((l) => `${l.email} (${l.role})`).join(", ")}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
  }
}
