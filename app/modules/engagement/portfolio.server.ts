import type { Health } from "~/generated/prisma/enums.ts";
import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { toCsv } from "~/utils/csv.ts";
import { prisma, Prisma } from "~/utils/db.server.ts";
import { formatCalendarDate, formatDate, formatMoney } from "~/utils/format.ts";
import { daysAgo, daysInWords, daysUntil } from "~/utils/relative-days.ts";
import { REACH_KINDS } from "./insights.ts";
import {
  DAY_MS,
  HEALTH_LABELS,
  healthLabel,
  lastTouch,
  SPARKLINE_DAYS,
  sortPortfolio,
  sparklinePoints,
  sparklineSummary,
  type PortfolioSort,
  type SparkPoint,
} from "./portfolio.ts";

type Viewer = Actor & { timeZone: string; locale: string };

/** Whose book the viewer may read: their own, or with portfolio.view_all any CSM's (?csm=). */
async function resolveCsm(viewer: Viewer, requested: string | null) {
  if (!can(viewer, "portfolio.view")) throw new Response("You do not have access to this page.", { status: 403 });
  const csmId = requested && requested !== viewer.id ? requested : viewer.id;
  if (csmId !== viewer.id && !can(viewer, "portfolio.view_all")) throw new Response("You may only see your own accounts.", { status: 403 });
  const csm = await prisma.user.findFirst({
    where: { id: csmId, role: { in: ["CSM", "ADMIN"] } },
    select: { id: true, name: true },
  });
  if (!csm) throw new Response("There is no CSM with that id.", { status: 404 });
  return csm;
}

async function listCsms(viewer: Viewer) {
  if (!can(viewer, "portfolio.view_all")) return [];
  return prisma.user.findMany({
    where: { role: "CSM", deactivatedAt: null },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/** The book's accounts with what the dashboard shows; a handful of queries whatever the book's size. */
async function loadBook(csmId: string, now: Date) {
  const accounts = await prisma.account.findMany({
    where: { ownerCsmId: csmId },
    select: {
      id: true,
      name: true,
      tier: true,
      arrCents: true,
      currency: true,
      renewalDate: true,
      score: { select: { score: true, health: true } },
    },
  });
  const ids = accounts.map((account) => account.id);
  if (ids.length === 0) return [];
  const firstDay = new Date(now.getTime() - (SPARKLINE_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const snapshots = await prisma.healthSnapshot.findMany({
    where: { accountId: { in: ids }, day: { gte: firstDay } },
    select: { accountId: true, day: true, score: true },
    orderBy: { day: "asc" },
  });
  // Each account's latest touch and its kind: the first row of the account's events, newest first (the
  // id breaks a tie between events at the same instant).
  // A touch is the team reaching someone (the insights' REACH_KINDS): signing in or using the product
  // (the events API) is not, or every active account would read "Used the product" today.
  const events = await prisma.$queryRaw<{ accountId: string; kind: string; at: string }[]>`
    SELECT "accountId", "kind", "at" FROM (
      SELECT "accountId", "kind", "occurredAt" AS "at",
        ROW_NUMBER() OVER (PARTITION BY "accountId" ORDER BY "occurredAt" DESC, "id" DESC) AS "rank"
      FROM "EngagementEvent"
      WHERE "accountId" IN (${Prisma.join(ids)}) AND "occurredAt" <= ${now}
        AND "kind" IN (${Prisma.join(REACH_KINDS.map((kind) => Prisma.sql`${kind}`))})
    ) t WHERE "rank" = 1`;
  const bookings = await prisma.csmBooking.groupBy({
    by: ["accountId"],
    where: { accountId: { in: ids }, status: { not: "CANCELLED" }, startsAt: { lte: now } },
    _max: { startsAt: true },
  });
  const notes = await prisma.accountNote.groupBy({ by: ["accountId"], where: { accountId: { in: ids } }, _max: { createdAt: true } });

  const sparks = new Map<string, SparkPoint[]>();
  for (const row of snapshots) sparks.set(row.accountId, [...(sparks.get(row.accountId) ?? []), { day: row.day, score: row.score }]);
  const eventOf = new Map(events.map((row) => [row.accountId, { at: new Date(row.at), kind: row.kind }]));
  const bookingOf = new Map(bookings.map((row) => [row.accountId, row._max.startsAt ? { at: row._max.startsAt } : null]));
  const noteOf = new Map(notes.map((row) => [row.accountId, row._max.createdAt ? { at: row._max.createdAt } : null]));
  return accounts.map((account) => ({
    ...account,
    health: (account.score?.health ?? null) as Health | null,
    scoreValue: account.score?.score ?? null,
    spark: sparks.get(account.id) ?? [],
    touch: lastTouch({ event: eventOf.get(account.id), booking: bookingOf.get(account.id), note: noteOf.get(account.id) }),
  }));
}

export async function getPortfolio(viewer: Viewer, options: { csm: string | null; sort: PortfolioSort }, now = new Date()) {
  const csm = await resolveCsm(viewer, options.csm);
  const book = await loadBook(csm.id, now);
  const sorted = sortPortfolio(
    book.map((row) => ({ ...row, score: row.scoreValue })),
    options.sort,
  );
  const today = now.toISOString().slice(0, 10);
  return {
    csm: { ...csm, isViewer: csm.id === viewer.id },
    csms: await listCsms(viewer),
    sort: options.sort,
    arrTotal: formatMoney(
      book.reduce((sum, row) => sum + row.arrCents, 0),
      book[0]?.currency ?? "USD",
      viewer.locale,
    ),
    accounts: sorted.map((row) => {
      const renewalIn = row.renewalDate ? daysUntil(row.renewalDate, now, viewer.timeZone) : null;
      return {
        id: row.id,
        name: row.name,
        tier: TIER_LABELS[row.tier],
        health: row.health,
        healthLabel: healthLabel(row.health),
        score: row.score,
        sparkline: sparklinePoints(row.spark, today),
        sparklineSummary: sparklineSummary(row.spark),
        arr: formatMoney(row.arrCents, row.currency, viewer.locale),
        renewal: row.renewalDate ? formatCalendarDate(row.renewalDate, viewer.locale) : null,
        renewalIn: renewalIn === null ? null : daysInWords(renewalIn),
        renewalSoon: renewalIn !== null && renewalIn >= 0 && renewalIn <= 90,
        lastTouch: row.touch
          ? {
              label: row.touch.label,
              date: formatDate(row.touch.at, viewer.timeZone, viewer.locale),
              ago: daysInWords(-daysAgo(row.touch.at, now, viewer.timeZone)),
            }
          : null,
      };
    }),
  };
}

export type Portfolio = Awaited<ReturnType<typeof getPortfolio>>;

export async function exportPortfolioCsv(viewer: Viewer, options: { csm: string | null; sort: PortfolioSort }, now = new Date()) {
  const csm = await resolveCsm(viewer, options.csm);
  const book = sortPortfolio(
    (await loadBook(csm.id, now)).map((row) => ({ ...row, score: row.scoreValue })),
    options.sort,
  );
  const csv = toCsv(
    ["Account", "Tier", "Health", "Score", "ARR", "Currency", "Renewal date", "Days to renewal", "Last touch", "Last touch at"],
    book.map((row) => [
      row.name,
      TIER_LABELS[row.tier],
      row.health ? HEALTH_LABELS[row.health] : null,
      row.score,
      row.arrCents / 100,
      row.currency,
      row.renewalDate ? row.renewalDate.toISOString().slice(0, 10) : null,
      row.renewalDate ? daysUntil(row.renewalDate, now, viewer.timeZone) : null,
      row.touch?.label ?? null,
      row.touch?.at ?? null,
    ]),
  );
  return { filename: `lyceum-accounts-${csm.name}-${now.toISOString().slice(0, 10)}.csv`, csv };
}
