import { effectiveEntitlements, TIERS } from "~/modules/accounts/entitlements.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { toCsv, type CsvCell } from "~/utils/csv.ts";
import { prisma } from "~/utils/db.server.ts";
import { dateTimeFormat, formatDateTime, isValidTimeZone } from "~/utils/format.ts";
import { DAY_MS, addLocalDays } from "~/utils/zoned-time.ts";
import { availabilitySelect, getDefaultOffering, readAvailability } from "./booking.server.ts";
import {
  bookableStarts,
  durationInWords,
  entitlementOf,
  figuresBetween,
  firstFree,
  formatHours,
  readPeriod,
  sumFigures,
  waitInWords,
  weeksAhead,
  type CsmCapacity,
  type Figures,
  type PoolAccountHours,
  type Week,
} from "./capacity.ts";
import { booksOwnCsm, formatBookingTime, periodDates, periodEnd, periodName, periodStart } from "./ledger.ts";
import { heldSlots } from "./queue-holds.server.ts";
import type { Interval, PoolMember } from "./slots.ts";

// The capacity view reads every table once (policies, accounts, balances, availability, bookings,
// queue) and does the slot maths in memory, so its cost grows with the pool and the longest period or
// horizon, not with page views.

/** The current week and the ones after it. */
export const CAPACITY_WEEKS = 6;

type Viewer = Actor & { timeZone: string; locale: string };

const POOL_TIERS = TIERS.filter((tier) => !booksOwnCsm(tier));

function assertCanRead(viewer: Actor) {
  if (!can(viewer, "queue.capacity")) throw new Response("You do not have access to this page.", { status: 403 });
}

function readableLocale(locale: string) {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en-US";
  } catch {
    return "en-US";
  }
}

const earliest = (dates: Date[]) => new Date(Math.min(...dates.map((date) => date.getTime())));
const latest = (dates: Date[]) => new Date(Math.max(...dates.map((date) => date.getTime())));

/** Everything the page and the CSV are computed from, read in one query per table. */
async function loadCapacity(viewer: Viewer, now: Date) {
  const offering = await getDefaultOffering();
  const weeks = weeksAhead(now, viewer.timeZone, CAPACITY_WEEKS);

  const [policies, accounts] = [
    await prisma.tierPolicy.findMany({ select: { tier: true, period: true, csmHoursPerPeriod: true, expertSeatsPerPeriod: true } }),
    await prisma.account.findMany({
      select: {
        id: true,
        tier: true,
        entitlementOverride: { select: { csmHoursPerPeriod: true, expertSeatsPerPeriod: true, reason: true } },
      },
    }),
  ];
  const policyOf = (tier: (typeof TIERS)[number]) => policies.find((policy) => policy.tier === tier) ?? null;
  const periodKinds = [...new Set(POOL_TIERS.map((tier) => effectiveEntitlements(tier, policyOf(tier), null).period))];
  const periods = periodKinds.map((period) => ({ period, start: periodStart(period, now), end: periodEnd(period, now) }));
  const balances = await prisma.hourBalance.findMany({
    where: { periodStart: { in: periods.map((period) => period.start) } },
    select: { accountId: true, periodStart: true, granted: true, entitled: true, used: true },
  });
  const balanceOf = new Map(balances.map((row) => [`${row.accountId}:${row.periodStart.getTime()}`, row]));
  const poolAccounts: PoolAccountHours[] = [];
  let highTouchAccounts = 0;
  for (const account of accounts) {
    if (booksOwnCsm(account.tier)) {
      highTouchAccounts++;
      continue;
    }
    const entitlement = effectiveEntitlements(account.tier, policyOf(account.tier), account.entitlementOverride);
    const start = periodStart(entitlement.period, now);
    poolAccounts.push({
      period: entitlement.period,
      effectiveHours: entitlement.csmHours.value,
      balance: balanceOf.get(`${account.id}:${start.getTime()}`) ?? null,
    });
  }

  // The window the slot maths covers: the weeks shown and every current period, whole.
  const from = earliest([weeks[0]!.start, ...periods.map((period) => period.start)]);
  const to = latest([weeks.at(-1)!.end, ...periods.map((period) => period.end)]);
  const base = availabilitySelect(from);
  const rows = await prisma.csmAvailability.findMany({
    where: { inPool: true, user: { deactivatedAt: null } },
    select: { ...base, user: { select: { ...base.user.select, name: true } } },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
  });
  const horizonDays = Math.max(0, ...rows.map((row) => row.horizonDays));
  // Bookings matter a day either side (buffers, daily caps) and up to the longest horizon (the wait).
  const bookingsTo = latest([to, new Date(now.getTime() + (horizonDays + 3) * DAY_MS)]);
  const bookings = await prisma.csmBooking.findMany({
    where: {
      csmId: { in: rows.map((row) => row.userId) },
      status: { in: ["CONFIRMED", "COMPLETED", "NO_SHOW"] },
      startsAt: { lt: new Date(bookingsTo.getTime() + DAY_MS) },
      endsAt: { gt: new Date(from.getTime() - DAY_MS) },
    },
    select: { csmId: true, startsAt: true, endsAt: true, status: true, drawsHours: true },
    orderBy: { startsAt: "asc" },
  });
  const queue = await prisma.queueEntry.groupBy({
    by: ["status"],
    where: { status: { in: ["WAITING", "OFFERED"] } },
    _count: { _all: true },
    _min: { createdAt: true },
  });

  // Time held for the head of the queue is not free for anyone else (loadPool treats it alike), but
  // it is not booked either until claimed: it counts against free hours and the wait, not as booked.
  const held = await heldSlots(
    prisma,
    rows.map((row) => row.userId),
    { start: new Date(from.getTime() - DAY_MS), end: new Date(bookingsTo.getTime() + DAY_MS) },
  );

  const bookingsOf = new Map<string, typeof bookings>();
  for (const booking of bookings) bookingsOf.set(booking.csmId, [...(bookingsOf.get(booking.csmId) ?? []), booking]);
  const pool: Array<{ id: string; name: string; timeZone: string; capacity: CsmCapacity; member: PoolMember }> = [];
  for (const row of rows) {
    const availability = readAvailability(row);
    // A row that no longer validates takes no bookings (see booking.server.ts), so it offers nothing.
    if (!availability) continue;
    const schedule = { csmId: row.userId, availability };
    const own = bookingsOf.get(row.userId) ?? [];
    const booked: Interval[] = own.map((booking) => ({ start: booking.startsAt, end: booking.endsAt }));
    const confirmed = [...own.filter((booking) => booking.status === "CONFIRMED"), ...held.filter((hold) => hold.csmId === row.userId)]
      .map((busy) => ({ start: busy.startsAt, end: busy.endsAt }))
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    pool.push({
      id: row.userId,
      name: row.user.name,
      timeZone: availability.timeZone,
      capacity: {
        csmId: row.userId,
        offered: bookableStarts(schedule, [], { from, to }, offering.durationMinutes),
        free: bookableStarts(schedule, confirmed, { from: latest([from, now]), to }, offering.durationMinutes),
        booked: booked.filter((booking) => booking.start < to && booking.start >= from),
      },
      member: { csm: schedule, busy: { bookings: confirmed } },
    });
  }

  const waiting = queue.find((row) => row.status === "WAITING");
  return {
    offering,
    weeks,
    periods: periods.map((period) => ({ ...period, accounts: poolAccounts.filter((account) => account.period === period.period) })),
    pool,
    wait: firstFree(
      pool.map((csm) => csm.member),
      now,
      offering.durationMinutes,
    ),
    horizonDays,
    queue: {
      waiting: waiting?._count._all ?? 0,
      offered: queue.find((row) => row.status === "OFFERED")?._count._all ?? 0,
      oldestWaitingSince: waiting?._min.createdAt ?? null,
    },
    highTouch: {
      accounts: highTouchAccounts,
      bookedHours:
        bookings
          .filter((booking) => !booking.drawsHours && booking.startsAt >= weeks[0]!.start && booking.startsAt < weeks.at(-1)!.end)
          .reduce((total, booking) => total + (booking.endsAt.getTime() - booking.startsAt.getTime()), 0) / 3_600_000,
    },
  };
}

type Loaded = Awaited<ReturnType<typeof loadCapacity>>;

function weekLabel(week: Week, locale: string) {
  const format = dateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  // ICU puts thin spaces around the dash; plain ones read the same and match what people type to search.
  return format.formatRange(new Date(`${week.firstDay}T00:00:00Z`), new Date(`${week.lastDay}T00:00:00Z`)).replace(/[\u2009\u202f]/g, " ");
}

function figuresFor(loaded: Loaded, range: Interval) {
  const slotMinutes = loaded.offering.durationMinutes;
  const perCsm = loaded.pool.map((csm) => figuresBetween(csm.capacity, range, slotMinutes));
  return { perCsm, total: sumFigures(perCsm) };
}

function nextFree(at: Date | undefined | null, viewer: Viewer, now: Date) {
  if (!at) return null;
  return {
    at: at.toISOString(),
    when: formatBookingTime(at, viewer.timeZone, viewer.locale),
    wait: waitInWords(now, at, viewer.timeZone, viewer.locale),
  };
}

function presentPeriod(loaded: Loaded, period: Loaded["periods"][number], viewer: Viewer, now: Date) {
  const name = periodName(period.period, period.start, viewer.locale);
  const lastDay = dateTimeFormat(viewer.locale, { month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(period.end.getTime() - 1),
  );
  const whole = figuresFor(loaded, { start: period.start, end: period.end }).total;
  const ahead = figuresFor(loaded, { start: now, end: period.end }).total;
  const entitlement = entitlementOf(period.accounts);
  return {
    period: period.period,
    name,
    dates: periodDates(period.period, period.start, viewer.locale),
    offeredHours: whole.offeredHours,
    bookedHours: whole.bookedHours,
    freeHours: ahead.freeHours,
    entitlement,
    reading: readPeriod({ periodName: name, lastDay, offeredHours: whole.offeredHours, freeHours: ahead.freeHours, entitlement }, (hours) =>
      formatHours(hours, viewer.locale),
    ),
  };
}

/**
 * The capacity view for the one-to-many team (queue.capacity): week by week in the viewer's zone,
 * what the pool offers, what is booked and free; per entitlement period, what accounts are entitled
 * to against what the pool offers; the queue; and the wait a new request faces.
 */
export async function getCapacityPage(actor: Viewer, now = new Date()) {
  assertCanRead(actor);
  // A stored zone or locale the runtime cannot read must not turn the page into a 500.
  const viewer = { ...actor, timeZone: isValidTimeZone(actor.timeZone) ? actor.timeZone : "UTC", locale: readableLocale(actor.locale) };
  const loaded = await loadCapacity(viewer, now);
  const weekly = loaded.weeks.map((week) => ({ week, ...figuresFor(loaded, { start: week.start, end: week.end }) }));
  const allPeriods = loaded.periods.map((period) => presentPeriod(loaded, period, viewer, now));
  // A period no pool account has hours in (tech touch's, say, at 0 hours) says nothing; one is kept so
  // that the page still names the period when nobody has hours.
  const withHours = allPeriods.filter((period) => period.entitlement.accounts > 0);
  const periods = withHours.length ? withHours : allPeriods.slice(0, 1);
  const oldest = loaded.queue.oldestWaitingSince;
  return {
    timeZone: viewer.timeZone,
    locale: viewer.locale,
    slotMinutes: loaded.offering.durationMinutes,
    asOf: formatDateTime(now, viewer.timeZone, viewer.locale),
    weeks: weekly.map(({ week, total }, index) => ({
      firstDay: week.firstDay,
      label: weekLabel(week, viewer.locale),
      current: index === 0,
      ...total,
    })),
    csms: loaded.pool.map((csm, csmIndex) => ({
      id: csm.id,
      name: csm.name,
      timeZone: csm.timeZone,
      nextFree: nextFree(loaded.wait.byCsm.get(csm.id), viewer, now),
      weeks: weekly.map(({ perCsm }) => perCsm[csmIndex]!),
    })),
    periods,
    queue: {
      waiting: loaded.queue.waiting,
      offered: loaded.queue.offered,
      oldestWaiting: oldest ? durationInWords(now.getTime() - oldest.getTime(), viewer.locale) : null,
    },
    wait: { nextFree: nextFree(loaded.wait.first, viewer, now), horizonDays: loaded.horizonDays },
    highTouch: loaded.highTouch,
  };
}

export type CapacityPage = Awaited<ReturnType<typeof getCapacityPage>>;

const CSV_HEADER = ["Week from", "Week to", "CSM", "Offered hours", "Booked hours", "Free hours", "Utilisation %"];

/** The week-by-week table as CSV: the pool's total per week, then each CSM's row. Hours in the viewer's weeks. */
export async function exportCapacityCsv(viewer: Viewer, now = new Date()) {
  const page = await getCapacityPage(viewer, now);
  const row = (week: CapacityPage["weeks"][number], who: string, figures: Figures): CsvCell[] => [
    week.firstDay,
    addLocalDays(week.firstDay, 6),
    who,
    figures.offeredHours,
    figures.bookedHours,
    figures.freeHours,
    figures.utilisation === null ? null : Math.round(figures.utilisation * 1000) / 10,
  ];
  const rows = page.weeks.flatMap((week, index) => [
    row(week, "All pool CSMs", week),
    ...page.csms.map((csm) => row(week, csm.name, csm.weeks[index]!)),
  ]);
  return { filename: `lyceum-capacity-${page.weeks[0]!.firstDay}.csv`, csv: toCsv(CSV_HEADER, rows) };
}
