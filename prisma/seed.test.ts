import { describe, expect, test } from "vitest";
import { verifyPassword } from "~/modules/auth/password.server.ts";
import { readWeeklyHoursJson, weeklyMinutes } from "~/modules/queue/availability-form.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createTierPolicies, createUser, seedFaker, uniqueEmail } from "#test/factories.ts";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from "./seed.ts";

async function snapshot() {
  const [users, accounts, domains, passwords, policies, overrides, events, byRole, byTier, availability] = await Promise.all([
    prisma.user.count(),
    prisma.account.count(),
    prisma.accountDomain.count(),
    prisma.password.count(),
    prisma.tierPolicy.count(),
    prisma.entitlementOverride.count(),
    prisma.engagementEvent.count(),
    prisma.user.groupBy({ by: ["role"], _count: true }),
    prisma.account.groupBy({ by: ["tier"], _count: true }),
    prisma.csmAvailability.findMany({ orderBy: { userId: "asc" }, select: { userId: true, weeklyHours: true, updatedAt: true } }),
  ]);
  return {
    users,
    accounts,
    domains,
    passwords,
    policies,
    overrides,
    events,
    roles: Object.fromEntries(byRole.map((r) => [r.role, r._count])),
    tiers: Object.fromEntries(byTier.map((t) => [t.tier, t._count])),
    availability,
  };
}

// One file, one database: the seed tests run first and in order, the factory tests add rows after.
describe("seedDemo", () => {
  test("builds the demo company", async () => {
    const result = await seedDemo();
    expect(result.created).toBe(true);

    const counts = await snapshot();
    expect(counts.roles).toMatchObject({ ADMIN: 1, PUBLISHER: 2, CSM: 3 });
    expect(counts.tiers).toEqual({ HIGH: 10, LOW: 20, TECH: 30 });
    const customers = (counts.roles.MEMBER ?? 0) + (counts.roles.ACCOUNT_ADMIN ?? 0);
    expect(customers).toBeGreaterThanOrEqual(120);
    expect(customers).toBeLessThanOrEqual(180);
    expect(counts.roles.ACCOUNT_ADMIN).toBe(60);
    expect(counts.passwords).toBe(counts.users);
    expect(counts.policies).toBe(3);
    expect(counts.overrides).toBeGreaterThanOrEqual(3);
    expect(counts.events).toBeGreaterThanOrEqual(200);
    expect(result.counts).toMatchObject({
      users: counts.users,
      accounts: 60,
      engagementEvents: counts.events,
      liveSessions: 4,
      csmAvailability: 3,
      csmBookings: 3,
    });
    const clinic = await prisma.liveSession.findUniqueOrThrow({
      where: { id: "demo-session-dashboards-clinic" },
      include: { questions: true, registrations: true, accountSeats: true },
    });
    expect(clinic.questions.map((q) => [q.required, q.long])).toEqual([[true, true]]);
    expect(clinic.seatsTaken).toBe(clinic.registrations.length);
    expect(clinic.seatsTaken).toBeLessThanOrEqual(clinic.seatCap!);
    expect(Math.max(...clinic.accountSeats.map((s) => s.seatsTaken))).toBeLessThanOrEqual(clinic.perAccountCap!);

    expect(
      await prisma.user.count({
        where: { role: { in: ["MEMBER", "ACCOUNT_ADMIN"] }, accountId: null },
      }),
    ).toBe(0);
    expect(
      await prisma.user.count({
        where: {
          role: { in: ["CSM", "PUBLISHER", "ADMIN"] },
          accountId: { not: null },
        },
      }),
    ).toBe(0);
    expect(
      await prisma.user.count({
        where: {
          role: { in: ["CSM", "PUBLISHER", "ADMIN"] },
          email: { not: { endsWith: "@lyceum.example" } },
        },
      }),
    ).toBe(0);

    const accounts = await prisma.account.findMany({
      select: {
        tier: true,
        arrCents: true,
        plan: true,
        renewalDate: true,
        ownerCsm: { select: { role: true } },
        domains: true,
        users: true,
      },
    });
    const inAMonth = Date.now() + 27 * 24 * 3600_000;
    for (const account of accounts) {
      expect(account.users.length).toBeGreaterThanOrEqual(1);
      expect(account.users.length).toBeLessThanOrEqual(5);
      expect(account.users.filter((u) => u.role === "ACCOUNT_ADMIN")).toHaveLength(1);
      const domains = account.domains.map((d) => d.domain);
      for (const user of account.users) expect(domains).toContain(user.email.split("@")[1]);
      expect(account.ownerCsm?.role ?? null).toBe(account.tier === "TECH" ? null : "CSM");
      expect(account.renewalDate!.getTime()).toBeGreaterThan(inAMonth);
      const dollars = account.arrCents / 100;
      if (account.tier === "TECH") expect(dollars >= 2_000 && dollars <= 15_000 && account.plan === "Starter").toBe(true);
      if (account.tier === "LOW") expect(dollars >= 15_000 && dollars <= 60_000 && account.plan === "Growth").toBe(true);
      if (account.tier === "HIGH")
        expect(dollars >= 80_000 && dollars <= 600_000 && ["Scale", "Enterprise"].includes(account.plan)).toBe(true);
    }

    const ninetyDaysAgo = new Date(Date.now() - 91 * 24 * 3600_000);
    expect(
      await prisma.engagementEvent.count({
        where: {
          OR: [{ occurredAt: { lt: ninetyDaysAgo } }, { occurredAt: { gt: new Date() } }],
        },
      }),
    ).toBe(0);
  });

  test("gives every demo CSM weekly hours in their own zone", async () => {
    const csms = await prisma.user.findMany({
      where: { role: "CSM" },
      select: { email: true, timeZone: true, availability: true },
      orderBy: { email: "asc" },
    });
    expect(csms).toHaveLength(3);
    for (const csm of csms) {
      expect(csm.availability, csm.email).not.toBeNull();
      expect(csm.availability!.timeZone).toBe(csm.timeZone);
      expect(csm.availability!.inPool).toBe(true);
      const week = readWeeklyHoursJson(csm.availability!.weeklyHours);
      expect(week, csm.email).not.toBeNull();
      expect(week!.sat.length + week!.sun.length).toBe(0);
      expect(weeklyMinutes(week!) / 60).toBeGreaterThanOrEqual(20);
    }
    const sam = csms.find((csm) => csm.email === "csm@lyceum.example")!;
    expect(sam.availability!.timeZone).toBe("America/Chicago");
    expect(readWeeklyHoursJson(sam.availability!.weeklyHours)!.tue).toEqual([
      { start: "08:30", end: "12:00" },
      { start: "13:00", end: "16:30" },
    ]);
  });

  test("gives the demo CSM Northwind hours to prepare for, to close and to look back on, drawn from its hours", async () => {
    const sam = await prisma.user.findUniqueOrThrow({ where: { email: "csm@lyceum.example" }, select: { id: true } });
    const northwind = await prisma.account.findUniqueOrThrow({ where: { externalId: "demo-northwind" }, select: { id: true } });
    const bookings = await prisma.csmBooking.findMany({
      where: { csmId: sam.id, accountId: northwind.id },
      orderBy: { startsAt: "asc" },
      select: { id: true, status: true, startsAt: true, endsAt: true, followUpSentAt: true, ledger: { select: { kind: true } } },
    });
    const now = Date.now();
    expect(bookings.map((b) => b.status)).toEqual(["COMPLETED", "CONFIRMED", "CONFIRMED"]);
    const [kickoff, toClose, upcoming] = bookings;
    expect(kickoff!.followUpSentAt).not.toBeNull();
    expect(toClose!.endsAt.getTime()).toBeLessThan(now);
    expect(upcoming!.startsAt.getTime()).toBeGreaterThan(now);
    for (const booking of bookings) expect(booking.ledger.map((line) => line.kind)).toEqual(["DRAW"]);
    expect(await prisma.accountNote.count({ where: { accountId: northwind.id, bookingId: kickoff!.id } })).toBe(1);
    // Both recent hours were booked this period or the last; neither took the account below zero.
    const balances = await prisma.hourBalance.findMany({ where: { accountId: northwind.id } });
    for (const balance of balances) expect(balance.used).toBeLessThanOrEqual(balance.granted);
  });

  test("scores every demo account and backfills 90 days of health with a few accounts sliding toward red", async () => {
    const accounts = await prisma.account.findMany({ select: { id: true, score: { select: { score: true, health: true } } } });
    expect(accounts.every((account) => account.score !== null)).toBe(true);
    const snapshots = await prisma.healthSnapshot.findMany({
      orderBy: { day: "asc" },
      select: { accountId: true, day: true, score: true },
    });
    expect(snapshots).toHaveLength(accounts.length * 91);
    const byAccount = new Map<string, typeof snapshots>();
    for (const row of snapshots) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row]);
    const drops = [...byAccount.values()].map((rows) => rows.at(-31)!.score - rows.at(-1)!.score);
    expect(drops.filter((drop) => drop >= 15).length).toBeGreaterThanOrEqual(2);
    for (const account of accounts) expect(byAccount.get(account.id)!.at(-1)!.score).toBe(account.score!.score);
  });

  test("ships the starter library from content/, published and searchable", async () => {
    const items = await prisma.contentItem.findMany({ where: { sourcePath: { startsWith: "library/" } }, select: { status: true } });
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.every((item) => item.status === "PUBLISHED")).toBe(true);
    const [indexed] = await prisma.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS n FROM "ContentSearch"`;
    expect(Number(indexed!.n)).toBe(items.length);
  });

  test("opens newsletters on a sent send with its report and insights figures, and a draft ready to send", async () => {
    const sent = await prisma.newsletter.findUniqueOrThrow({
      where: { id: "demo-newsletter-whats-new" },
      select: { status: true, segmentName: true, recipientsTotal: true, blocks: true, topic: { select: { name: true } } },
    });
    expect(sent).toMatchObject({ status: "SENT", segmentName: "Tech-touch customers", topic: { name: "Product updates" } });
    expect(sent.blocks).toContain("demo-session-whats-new");
    const recipients = await prisma.newsletterRecipient.findMany({
      where: { newsletterId: "demo-newsletter-whats-new" },
      select: {
        id: true,
        status: true,
        deliveredAt: true,
        openedAt: true,
        clickedAt: true,
        user: { select: { account: { select: { tier: true } } } },
      },
    });
    expect(recipients.length).toBe(sent.recipientsTotal);
    expect(recipients.length).toBeGreaterThanOrEqual(24);
    expect(recipients.every((row) => row.status === "SENT" && row.user?.account?.tier === "TECH")).toBe(true);
    const opened = recipients.filter((row) => row.openedAt);
    const clicked = recipients.filter((row) => row.clickedAt);
    expect(recipients.filter((row) => row.deliveredAt).length).toBeGreaterThan(opened.length);
    expect(opened.length).toBeGreaterThan(clicked.length);
    expect(clicked.length).toBeGreaterThan(0);
    const events = await prisma.engagementEvent.findMany({
      where: { subjectType: "newsletter", subjectId: "demo-newsletter-whats-new" },
      select: { kind: true, dedupeKey: true },
    });
    expect(
      events
        .filter((event) => event.kind === "newsletter.opened")
        .map((event) => event.dedupeKey)
        .sort(),
    ).toEqual(opened.map((row) => `newsletter.opened:${row.id}`).sort());
    expect(events.filter((event) => event.kind === "newsletter.clicked")).toHaveLength(clicked.length);

    const draft = await prisma.newsletter.findUniqueOrThrow({
      where: { id: "demo-newsletter-admin-tips" },
      select: { status: true, blocks: true, segment: { select: { name: true } } },
    });
    expect(draft).toMatchObject({ status: "DRAFT", segment: { name: "Account admins" } });
    expect(JSON.parse(draft.blocks)).not.toHaveLength(0);
  });

  test("every demo login exists with its role and the demo password", async () => {
    for (const login of DEMO_LOGINS) {
      const user = await prisma.user.findUnique({
        where: { email: login.email },
        select: { role: true, password: { select: { hash: true } } },
      });
      expect(user?.role, login.email).toBe(login.role);
      expect(user?.password?.hash).toBeTruthy();
    }
    const admin = await prisma.user.findUniqueOrThrow({
      where: { email: "admin@lyceum.example" },
      select: { password: true },
    });
    expect(await verifyPassword(admin.password!.hash, DEMO_PASSWORD)).toBe(true);

    const northwind = await prisma.account.findUniqueOrThrow({
      where: { externalId: "demo-northwind" },
      include: { domains: true },
    });
    expect(northwind).toMatchObject({
      name: "Northwind Analytics",
      tier: "LOW",
    });
    expect(northwind.domains.map((d) => d.domain)).toEqual(["northwind.example"]);
    const globex = await prisma.account.findUniqueOrThrow({
      where: { externalId: "demo-globex" },
    });
    expect(globex).toMatchObject({
      name: "Globex Logistics",
      tier: "TECH",
      ownerCsmId: null,
    });
  });

  test("running it again changes nothing", async () => {
    const before = await snapshot();
    const again = await seedDemo();
    expect(again.created).toBe(false);
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  test("a CSM's own hours survive a re-run, and a CSM without hours gets them back", async () => {
    const sam = await prisma.user.findUniqueOrThrow({ where: { email: "csm@lyceum.example" }, select: { id: true } });
    await prisma.csmAvailability.update({ where: { userId: sam.id }, data: { weeklyHours: '{"mon":[{"start":"07:00","end":"08:00"}]}' } });
    const other = await prisma.csmAvailability.findFirstOrThrow({ where: { userId: { not: sam.id } } });
    await prisma.csmAvailability.delete({ where: { userId: other.userId } });
    const again = await seedDemo();
    expect(again.counts.csmAvailability).toBe(1);
    expect((await prisma.csmAvailability.findUniqueOrThrow({ where: { userId: sam.id } })).weeklyHours).toBe(
      '{"mon":[{"start":"07:00","end":"08:00"}]}',
    );
    expect((await prisma.csmAvailability.findUniqueOrThrow({ where: { userId: other.userId } })).weeklyHours).toBe(other.weeklyHours);
  });

  test("a partly deleted demo is completed, not duplicated", async () => {
    const before = await snapshot();
    await prisma.user.delete({ where: { email: "member@globex.example" } });
    const repaired = await seedDemo();
    expect(repaired.counts).toMatchObject({
      users: 1,
      passwords: 1,
      accounts: 0,
      engagementEvents: 0,
    });
    const after = await snapshot();
    expect(after).toEqual(before);
  });
});

describe("factories", () => {
  test("createAccount keeps plan and ARR in step with the tier and stores domains lower-case", async () => {
    const account = await createAccount({
      tier: "HIGH",
      domains: ["Initech.Example", "initech-eu.example"],
    });
    expect(account.domains.map((d) => d.domain).sort()).toEqual(["initech-eu.example", "initech.example"]);
    expect(account.arrCents).toBeGreaterThanOrEqual(80_000_00);
    expect(["Scale", "Enterprise"]).toContain(account.plan);
    expect(() => new Intl.DateTimeFormat("en-US", { timeZone: account.timeZone })).not.toThrow();
  });

  test("createUser puts customers on their account's domain and keeps staff off accounts", async () => {
    const account = await createAccount({ tier: "TECH" });
    const member = await createUser({ role: "MEMBER", accountId: account.id });
    expect(member.email.endsWith(`@${account.domains[0]!.domain}`)).toBe(true);
    await expect(createUser({ role: "MEMBER" })).rejects.toThrow(/accountId/);
    await expect(createUser({ role: "CSM", accountId: account.id })).rejects.toThrow(/staff/);

    const csm = await createUser({
      role: "CSM",
      email: " Casey@Lyceum.Example ",
      passwordHash: "not-a-real-hash",
    });
    expect(csm).toMatchObject({
      email: "casey@lyceum.example",
      accountId: null,
    });
    expect(await prisma.password.findUnique({ where: { userId: csm.id } })).toMatchObject({ hash: "not-a-real-hash" });

    const withPassword = await createUser({
      role: "ADMIN",
      password: "correct horse",
    });
    const stored = await prisma.password.findUniqueOrThrow({
      where: { userId: withPassword.id },
    });
    expect(await verifyPassword(stored.hash, "correct horse")).toBe(true);
    expect(await prisma.password.findUnique({ where: { userId: member.id } })).toBeNull();
  });

  test("seedFaker makes generated values repeatable and uniqueEmail never repeats", () => {
    seedFaker(7);
    const first = uniqueEmail("acme.example", "Ada Lovelace");
    const second = uniqueEmail("acme.example", "Ada Lovelace");
    expect(first).not.toBe(second);
    seedFaker(42);
    const a = uniqueEmail("acme.example").split(".").slice(0, 2);
    seedFaker(42);
    expect(uniqueEmail("acme.example").split(".").slice(0, 2)).toEqual(a);
  });

  test("createTierPolicies fills gaps without overwriting an admin's edit", async () => {
    await prisma.tierPolicy.update({
      where: { tier: "LOW" },
      data: { csmHoursPerPeriod: 6 },
    });
    await prisma.tierPolicy.delete({ where: { tier: "TECH" } });
    const policies = await createTierPolicies();
    expect(policies.map((p) => [p.tier, p.period, p.csmHoursPerPeriod, p.expertSeatsPerPeriod])).toEqual([
      ["HIGH", "QUARTER", 12, 10],
      ["LOW", "QUARTER", 6, 4],
      ["TECH", "QUARTER", 0, 2],
    ]);
  });
});
