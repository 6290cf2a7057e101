import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { csmHourOffering } from "#test/ledger-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { BookingStatus } from "~/generated/prisma/enums.ts";
import { drawHours, topUpHours } from "~/modules/queue/ledger.server.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { loader } from "./_app.console.capacity.tsx";
import { loader as exportLoader } from "./console.capacity.export.tsx";

// Wednesday 18 November 2026, 11:30 in London (GMT, so UTC too). The weeks shown start on Monday
// 16 November; the entitlement period is Q4 2026 (1 October – 31 December), the tier policies' quarter.
const NOW = new Date("2026-11-18T11:30:00Z");
const DAY_MS = 86_400_000;

type Page = Awaited<ReturnType<typeof loader>>;

const week = (days: Record<string, [string, string]>) =>
  JSON.stringify(
    Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => [day, days[day] ? [{ start: days[day][0], end: days[day][1] }] : []]),
    ),
  );

async function createCsm(
  name: string,
  availability: { timeZone: string; weeklyHours: string; bufferAfterMinutes: number; minimumNoticeMinutes: number },
  { inPool = true, deactivated = false } = {},
) {
  const csm = await createUser({ role: "CSM", name, deactivatedAt: deactivated ? NOW : null });
  await prisma.csmAvailability.create({
    data: { userId: csm.id, bufferBeforeMinutes: 0, maxHoursPerDay: 8, horizonDays: 60, inPool, ...availability },
  });
  return csm.id;
}

async function book(csmId: string, accountId: string, startsAt: string, status: BookingStatus, drawsHours = true) {
  const offering = await csmHourOffering();
  const member = await prisma.user.findFirstOrThrow({ where: { accountId }, select: { id: true } });
  const start = new Date(startsAt);
  return prisma.csmBooking.create({
    data: {
      offeringId: offering.id,
      csmId,
      accountId,
      bookedById: member.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + 3_600_000),
      timeZone: "Europe/London",
      purpose: "Plan our rollout",
      status,
      drawsHours,
    },
  });
}

async function customer(tier: "HIGH" | "LOW" | "TECH", ownerCsmId: string | null = null) {
  const account = await createAccount({ tier, ownerCsmId });
  await createUser({ role: "MEMBER", accountId: account.id });
  return account.id;
}

let admin: { id: string; cookie: string };
let cookies: Record<"CSM" | "PUBLISHER" | "MEMBER" | "ACCOUNT_ADMIN", string>;
let low: { first: string; second: string };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await createTierPolicies();

  // Ada: Monday to Friday 09:00–13:00 UTC, no buffers or notice: 4 hours a day, 20 a week.
  const ada = await createCsm("Ada Pool", {
    timeZone: "UTC",
    weeklyHours: week({
      mon: ["09:00", "13:00"],
      tue: ["09:00", "13:00"],
      wed: ["09:00", "13:00"],
      thu: ["09:00", "13:00"],
      fri: ["09:00", "13:00"],
    }),
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 0,
  });
  // Ben: Tuesdays and Thursdays 09:00–12:00 in New York (14:00–17:00 UTC in winter), 15 minutes' buffer
  // after each call, so 09:00 and 11:00 only: 2 hours a day, 4 a week. Four hours' notice.
  const ben = await createCsm("Ben Pool", {
    timeZone: "America/New_York",
    weeklyHours: week({ tue: ["09:00", "12:00"], thu: ["09:00", "12:00"] }),
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 240,
  });
  // Neither of these is in the pool.
  const ownOnly = await createCsm(
    "Cleo Own",
    { timeZone: "UTC", weeklyHours: week({ mon: ["09:00", "17:00"] }), bufferAfterMinutes: 0, minimumNoticeMinutes: 0 },
    { inPool: false },
  );
  await createCsm(
    "Dan Gone",
    { timeZone: "UTC", weeklyHours: week({ mon: ["09:00", "17:00"] }), bufferAfterMinutes: 0, minimumNoticeMinutes: 0 },
    { deactivated: true },
  );

  // Two low-touch accounts draw from the pool: the first agreed 10 hours a quarter; the second has the
  // tier's 4, topped up by 2, and then an override of 5 that no page has applied to its balance yet.
  low = { first: await customer("LOW"), second: await customer("LOW") };
  await prisma.entitlementOverride.create({ data: { accountId: low.first, csmHoursPerPeriod: 10, reason: "agreed" } });
  const adminUser = await createUser({ role: "ADMIN", timeZone: "Europe/London", locale: "en-GB" });
  admin = { id: adminUser.id, cookie: await sessionCookieFor(adminUser.id) };
  await topUpHours({ id: admin.id, role: "ADMIN", accountId: null }, low.second, { hours: 2, reason: "launch" }, NOW);
  await prisma.entitlementOverride.create({ data: { accountId: low.second, csmHoursPerPeriod: 5, reason: "renegotiated" } });
  // Tech touch has 0 hours; high touch books its own CSM.
  await customer("TECH");
  const high = await customer("HIGH", ada);

  // Three bookings that use pool time, one cancelled that does not, and one with a CSM outside the pool.
  await book(ada, high, "2026-11-16T09:00:00Z", "COMPLETED", false);
  const adaThursday = await book(ada, low.first, "2026-11-19T09:00:00Z", "CONFIRMED");
  const benTuesday = await book(ben, low.second, "2026-11-24T14:00:00Z", "CONFIRMED");
  await book(ada, low.first, "2026-11-20T09:00:00Z", "CANCELLED");
  await book(ownOnly, high, "2026-11-23T09:00:00Z", "CONFIRMED", false);
  await writeTransaction(prisma, async (tx) => {
    expect(await drawHours(tx, { accountId: low.first, bookingId: adaThursday.id, hours: 1, now: NOW })).toBe(true);
    expect(await drawHours(tx, { accountId: low.second, bookingId: benTuesday.id, hours: 1, now: NOW })).toBe(true);
  });

  const offering = await csmHourOffering();
  const member = await prisma.user.findFirstOrThrow({ where: { accountId: low.first } });
  await prisma.queueEntry.create({
    data: {
      offeringId: offering.id,
      accountId: low.first,
      userId: member.id,
      purpose: "Our rollout",
      createdAt: new Date(NOW.getTime() - 2 * DAY_MS - 3_600_000),
    },
  });
  await prisma.queueEntry.create({
    data: {
      offeringId: offering.id,
      accountId: low.first,
      userId: member.id,
      purpose: "Old",
      status: "EXPIRED",
      createdAt: new Date(NOW.getTime() - 20 * DAY_MS),
    },
  });

  const people = {
    CSM: await createUser({ role: "CSM" }),
    PUBLISHER: await createUser({ role: "PUBLISHER" }),
    MEMBER: await createUser({ role: "MEMBER", accountId: low.first }),
    ACCOUNT_ADMIN: await createUser({ role: "ACCOUNT_ADMIN", accountId: low.first }),
  };
  cookies = Object.fromEntries(
    await Promise.all(Object.entries(people).map(async ([role, user]) => [role, await sessionCookieFor(user.id)])),
  ) as typeof cookies;
});

afterAll(() => {
  vi.useRealTimers();
});

async function page(cookie = admin.cookie) {
  const result = await invoke(loader, buildRequest("/console/capacity", { cookie }));
  expect(result.status).toBe(200);
  return result.body as Page;
}

describe("the capacity view", () => {
  it("shows the pool's offered, booked and free hours week by week in the viewer's zone", async () => {
    const { weeks, slotMinutes } = await page();
    expect(slotMinutes).toBe(60);
    expect(weeks.map((row) => [row.firstDay, row.label, row.current])).toEqual([
      ["2026-11-16", "16 – 22 Nov", true],
      ["2026-11-23", "23 – 29 Nov", false],
      ["2026-11-30", "30 Nov – 6 Dec", false],
      ["2026-12-07", "7 – 13 Dec", false],
      ["2026-12-14", "14 – 20 Dec", false],
      ["2026-12-21", "21 – 27 Dec", false],
    ]);
    // This week: Ada 20 + Ben 4 offered; Ada's completed Monday and confirmed Thursday booked. Free from
    // 11:30 on Wednesday: Ada's 12:00 today, Thursday's 10:00–12:00 beside her booking, Friday's four (the
    // cancelled booking frees its hour); Ben's Thursday 09:00 and 11:00.
    expect(weeks[0]).toMatchObject({ offeredHours: 24, bookedHours: 2, freeHours: 10 });
    expect(weeks[0]!.utilisation).toBeCloseTo(2 / 24);
    // Next week: Ben's Tuesday 09:00 is booked; its buffer takes 10:00, so 11:00 is his only free hour that day.
    expect(weeks[1]).toMatchObject({ offeredHours: 24, bookedHours: 1, freeHours: 23 });
    for (const later of weeks.slice(2)) expect(later).toMatchObject({ offeredHours: 24, bookedHours: 0, freeHours: 24, utilisation: 0 });
  });

  it("splits the figures per CSM of the pool, with each one's next free hour as customers would see it", async () => {
    const { csms, wait } = await page();
    expect(csms.map((csm) => [csm.name, csm.timeZone])).toEqual([
      ["Ada Pool", "UTC"],
      ["Ben Pool", "America/New_York"],
    ]);
    const [ada, ben] = csms;
    expect(ada!.weeks.slice(0, 2).map(({ offeredHours, bookedHours, freeHours }) => [offeredHours, bookedHours, freeHours])).toEqual([
      [20, 2, 8],
      [20, 0, 20],
    ]);
    expect(ben!.weeks.slice(0, 2).map(({ offeredHours, bookedHours, freeHours }) => [offeredHours, bookedHours, freeHours])).toEqual([
      [4, 0, 2],
      [4, 1, 3],
    ]);
    // Ada has no notice: noon today. Ben's four hours' notice passes Wednesday by; he works Thursday at 09:00 in New York.
    expect(ada!.nextFree).toEqual({ at: "2026-11-18T12:00:00.000Z", when: "Wed 18 Nov, 12:00", wait: "in 30 minutes" });
    expect(ben!.nextFree).toEqual({ at: "2026-11-19T14:00:00.000Z", when: "Thu 19 Nov, 14:00", wait: "tomorrow" });
    expect(wait).toEqual({ nextFree: ada!.nextFree, horizonDays: 60 });
  });

  it("counts a time held for the head of the queue as not free, and not booked, until it is claimed", async () => {
    const offering = await csmHourOffering();
    const ada = await prisma.user.findFirstOrThrow({ where: { name: "Ada Pool" } });
    const waiter = await prisma.user.findFirstOrThrow({ where: { accountId: low.second } });
    // Ada's next free hour, noon today, offered to someone at the head of the queue.
    const hold = await prisma.queueEntry.create({
      data: {
        offeringId: offering.id,
        accountId: low.second,
        userId: waiter.id,
        purpose: "Our rollout",
        status: "OFFERED",
        offeredCsmId: ada.id,
        offeredStartsAt: new Date("2026-11-18T12:00:00Z"),
        offerExpiresAt: new Date("2026-11-18T11:59:00Z"),
        createdAt: new Date(NOW.getTime() - DAY_MS),
      },
    });
    try {
      const { weeks, csms, queue } = await page();
      expect(weeks[0]).toMatchObject({ offeredHours: 24, bookedHours: 2, freeHours: 9 });
      expect(csms[0]!.nextFree).toMatchObject({ at: "2026-11-19T10:00:00.000Z" });
      expect(queue).toMatchObject({ waiting: 1, offered: 1 });
    } finally {
      await prisma.queueEntry.delete({ where: { id: hold.id } });
    }
  });

  it("compares the period's offered hours with what accounts are entitled to, without writing a balance", async () => {
    const before = await prisma.hourBalance.findMany({ orderBy: { accountId: "asc" } });
    const { periods, highTouch, queue } = await page();
    expect(periods).toHaveLength(1);
    const [period] = periods;
    // Q4 2026: Ada's 66 weekdays × 4 + Ben's 27 Tuesdays and Thursdays × 2. Free from now to 31 December:
    // Ada 1 + 3 + 4 this week and 29 weekdays × 4 after; Ben 2 this Thursday, 3 next week, 10 days × 2 in December.
    expect(period).toMatchObject({
      period: "QUARTER",
      name: "Q4 2026",
      offeredHours: 318,
      bookedHours: 3,
      freeHours: 149,
    });
    // 10 agreed, and 4 + 2 topped up + 1 from the override not yet applied; one hour drawn by each.
    // ICU writes the range with thin spaces around the dash.
    expect(period!.dates.replace(/[\u2009\u202f]/g, " ")).toBe("1 Oct – 31 Dec 2026");
    expect(period!.entitlement).toEqual({ accounts: 2, grantedHours: 17, usedHours: 2, leftHours: 15 });
    expect(period!.reading).toEqual({
      tone: "info",
      sentences: [
        "The pool offers 318 h in Q4 2026, enough for the 17 h accounts are entitled to.",
        "The 149 h free until 31 Dec cover the 15 h accounts have left to book.",
      ],
    });
    expect(highTouch).toEqual({ accounts: 1, bookedHours: 1 });
    expect(queue).toEqual({ waiting: 1, offered: 0, oldestWaiting: "2 days" });
    expect(await prisma.hourBalance.findMany({ orderBy: { accountId: "asc" } })).toEqual(before);
  });

  it("warns when accounts are entitled to more than the pool offers", async () => {
    await prisma.entitlementOverride.update({ where: { accountId: low.first }, data: { csmHoursPerPeriod: 400 } });
    try {
      const [period] = (await page()).periods;
      expect(period!.entitlement).toEqual({ accounts: 2, grantedHours: 407, usedHours: 2, leftHours: 405 });
      expect(period!.reading).toEqual({
        tone: "warning",
        sentences: [
          "The pool offers 318 h in Q4 2026; accounts are entitled to 407 h. If more than 78% of the entitled hours are asked for, the queue grows.",
          "Accounts have 405 h left to book until 31 Dec; the pool has 149 h free until then.",
        ],
      });
    } finally {
      await prisma.entitlementOverride.update({ where: { accountId: low.first }, data: { csmHoursPerPeriod: 10 } });
    }
  });

  it("with nobody in the pool: no free hour, and every request waits", async () => {
    await prisma.csmAvailability.updateMany({ where: { inPool: true }, data: { inPool: false } });
    try {
      const { csms, wait, periods, weeks } = await page();
      expect(csms).toEqual([]);
      expect(wait).toEqual({ nextFree: null, horizonDays: 0 });
      expect(weeks[0]).toMatchObject({ offeredHours: 0, bookedHours: 0, freeHours: 0, utilisation: null });
      expect(periods[0]!.reading).toEqual({
        tone: "warning",
        sentences: [
          "No CSM offers pool hours in Q4 2026, and accounts are entitled to 17 h: every request waits in the queue.",
          "Accounts have 15 h left to book until 31 Dec; the pool has 0 h free until then.",
        ],
      });
    } finally {
      await prisma.csmAvailability.updateMany({ where: { user: { name: { in: ["Ada Pool", "Ben Pool"] } } }, data: { inPool: true } });
    }
  });

  it("falls back to UTC and en-US for a stored zone and locale the runtime cannot read", async () => {
    const odd = await createUser({ role: "ADMIN", timeZone: "Mars/Olympus_Mons", locale: "not a locale!" });
    const { timeZone, locale, weeks } = await page(await sessionCookieFor(odd.id));
    expect([timeZone, locale, weeks[0]!.label]).toEqual(["UTC", "en-US", "Nov 16 – 22"]);
  });

  it("is open to the whole team, read-only, and to no customer", async () => {
    expect((await page(cookies.CSM)).csms).toHaveLength(2);
    expect((await page(cookies.PUBLISHER)).weeks).toHaveLength(6);
    for (const role of ["MEMBER", "ACCOUNT_ADMIN"] as const) {
      expect((await invoke(loader, buildRequest("/console/capacity", { cookie: cookies[role] }))).status).toBe(403);
      expect((await invoke(exportLoader, buildRequest("/console/capacity/export", { cookie: cookies[role] }))).status).toBe(403);
    }
    const anonymous = await invoke(loader, buildRequest("/console/capacity"));
    expect(anonymous.status).toBe(302);
  });
});

describe("the CSV export", () => {
  it("has the pool's row and each CSM's for every week, in the viewer's weeks", async () => {
    const result = await invoke(exportLoader, buildRequest("/console/capacity/export", { cookie: admin.cookie }));
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("Content-Disposition")).toBe('attachment; filename="lyceum-capacity-2026-11-16.csv"');
    const bytes = new Uint8Array(await result.response!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { data, errors } = Papa.parse<string[]>(new TextDecoder().decode(bytes).trimEnd(), { newline: "\r\n" });
    expect(errors).toEqual([]);
    expect(data[0]).toEqual(["Week from", "Week to", "CSM", "Offered hours", "Booked hours", "Free hours", "Utilisation %"]);
    expect(data.slice(1, 7)).toEqual([
      ["2026-11-16", "2026-11-22", "All pool CSMs", "24", "2", "10", "8.3"],
      ["2026-11-16", "2026-11-22", "Ada Pool", "20", "2", "8", "10"],
      ["2026-11-16", "2026-11-22", "Ben Pool", "4", "0", "2", "0"],
      ["2026-11-23", "2026-11-29", "All pool CSMs", "24", "1", "23", "4.2"],
      ["2026-11-23", "2026-11-29", "Ada Pool", "20", "0", "20", "0"],
      ["2026-11-23", "2026-11-29", "Ben Pool", "4", "1", "3", "25"],
    ]);
    expect(data).toHaveLength(1 + 6 * 3);
  });
});
