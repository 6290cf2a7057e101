import type { Tier } from "~/generated/prisma/enums.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { toCsv } from "~/utils/csv.ts";
import { isPostgres, prisma, Prisma } from "~/utils/db.server.ts";
import { formatDate } from "~/utils/format.ts";
import { daysBetweenSql, utcDaySql } from "~/utils/sql.server.ts";
import {
  CONTENT_KINDS,
  DAY_MS,
  FUNNEL_KINDS,
  NEWSLETTER_KINDS,
  REACH_KINDS,
  shapeContent,
  shapeFunnel,
  shapeNewsletters,
  shapeReach,
  shapeTrend,
  trendStart,
  type FunnelCount,
  type ReachCounts,
  type SessionKindName,
  type SubjectCount,
  type WeekBucket,
  type WindowDays,
} from "./insights.ts";

// Every figure here is one aggregate query (GROUP BY in the database) over the window, so the cost follows
// the number of tiers, subjects and weeks, never the number of events loaded into memory.

type Viewer = Actor & { timeZone: string; locale: string };

export function assertCanReadInsights(viewer: Actor) {
  if (!can(viewer, "insights.view")) throw new Response("You do not have access to this page.", { status: 403 });
}

const kindList = (kinds: readonly string[]) => Prisma.join(kinds.map((kind) => Prisma.sql`${kind}`));
const asNumber = (value: unknown) => Number(value ?? 0);

async function readReach(since: Date) {
  // Distinct (account, person) pairs first, from the covering index; a person belongs to one account,
  // so counting the pairs with a person counts people.
  const touched = await prisma.$queryRaw<{ tier: Tier; accounts: bigint | number; people: bigint | number }[]>`
    SELECT a."tier" AS "tier", COUNT(DISTINCT t."accountId") AS "accounts", COUNT(t."userId") AS "people"
    FROM (
      SELECT DISTINCT e."accountId" AS "accountId", e."userId" AS "userId" FROM "EngagementEvent" e
      WHERE e."occurredAt" >= ${since} AND e."kind" IN (${kindList(REACH_KINDS)}) AND e."accountId" IS NOT NULL
    ) t JOIN "Account" a ON a."id" = t."accountId"
    GROUP BY a."tier"`;
  const accounts = await prisma.account.groupBy({ by: ["tier"], _count: { _all: true } });
  const people = await prisma.$queryRaw<{ tier: Tier; people: bigint | number }[]>`
    SELECT a."tier" AS "tier", COUNT(*) AS "people"
    FROM "User" u JOIN "Account" a ON a."id" = u."accountId"
    WHERE u."deactivatedAt" IS NULL
    GROUP BY a."tier"`;
  const totals: ReachCounts[] = TIERS.map((tier) => ({
    tier,
    accounts: accounts.find((row) => row.tier === tier)?._count._all ?? 0,
    people: asNumber(people.find((row) => row.tier === tier)?.people),
  }));
  return shapeReach(
    touched.map((row) => ({ tier: row.tier, accounts: asNumber(row.accounts), people: asNumber(row.people) })),
    totals,
  );
}

/** Session events point at a LiveSession ("session") or, in the demo's history, a stand-in webinar ("webinar"). */
async function readFunnel(since: Date) {
  const groups = await prisma.engagementEvent.groupBy({
    by: ["kind", "subjectType", "subjectId"],
    where: { occurredAt: { gte: since }, kind: { in: [...FUNNEL_KINDS] } },
    _count: { _all: true },
  });
  const sessionIds = [...new Set(groups.filter((g) => g.subjectType === "session" && g.subjectId).map((g) => g.subjectId!))];
  const sessions = sessionIds.length
    ? await prisma.liveSession.findMany({ where: { id: { in: sessionIds } }, select: { id: true, kind: true } })
    : [];
  const kindOf = new Map(sessions.map((session) => [session.id, session.kind]));
  const counts: FunnelCount[] = groups.map((group) => {
    let sessionKind: SessionKindName = "OTHER";
    if (group.subjectType === "webinar") sessionKind = "WEBINAR";
    else if (group.subjectType === "expert_session") sessionKind = "EXPERT";
    else if (group.subjectId && kindOf.has(group.subjectId)) sessionKind = kindOf.get(group.subjectId)!;
    return { kind: group.kind, sessionKind, count: group._count._all };
  });
  return shapeFunnel(counts);
}

async function readSubjectCounts(since: Date, kinds: readonly string[]): Promise<SubjectCount[]> {
  // A view is a person on a day: the player's progress beacons send many events per viewing. An event
  // without a person counts as its own: on SQLite by rowid, which (unlike id) is in the covering index;
  // PostgreSQL has no rowid, so by id.
  const rowKey = isPostgres ? Prisma.sql`e."id"` : Prisma.sql`e."rowid"`;
  const rows = await prisma.$queryRaw<
    {
      subjectType: string;
      subjectId: string;
      kind: string;
      events: bigint | number;
      people: bigint | number;
      personDays: bigint | number;
    }[]
  >`
    SELECT e."subjectType" AS "subjectType", e."subjectId" AS "subjectId", e."kind" AS "kind",
           COUNT(*) AS "events",
           COUNT(DISTINCT COALESCE(e."userId", 'event:' || ${rowKey})) AS "people",
           COUNT(DISTINCT COALESCE(e."userId", 'event:' || ${rowKey}) || ':' || ${utcDaySql(Prisma.sql`e."occurredAt"`)}) AS "personDays"
    FROM "EngagementEvent" e
    WHERE e."occurredAt" >= ${since} AND e."kind" IN (${kindList(kinds)}) AND e."subjectId" IS NOT NULL
    GROUP BY e."subjectType", e."subjectId", e."kind"`;
  return rows.map((row) => ({
    subjectType: row.subjectType ?? "",
    subjectId: row.subjectId,
    kind: row.kind,
    events: asNumber(row.events),
    people: asNumber(row.people),
    personDays: asNumber(row.personDays),
  }));
}

async function readContent(since: Date) {
  const counts = await readSubjectCounts(since, CONTENT_KINDS);
  const ids = [...new Set(counts.filter((c) => c.subjectType === "content").map((c) => c.subjectId))];
  const items = ids.length ? await prisma.contentItem.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } }) : [];
  return shapeContent(counts, new Map(items.map((item) => [item.id, item.title])));
}

async function readNewsletters(since: Date) {
  const counts = await readSubjectCounts(since, NEWSLETTER_KINDS);
  const ids = [...new Set(counts.filter((c) => c.subjectType === "newsletter").map((c) => c.subjectId))];
  const sent = ids.length ? await prisma.newsletter.findMany({ where: { id: { in: ids } }, select: { id: true, subject: true } }) : [];
  return shapeNewsletters(counts, new Map(sent.map((newsletter) => [newsletter.id, newsletter.subject])));
}

/** Whole weeks from an event to `now` (floor: PostgreSQL's CAST to integer rounds, SQLite's truncates). */
const weekSql = (now: Date) => Prisma.sql`CAST(floor(${daysBetweenSql(Prisma.sql`${now}`, Prisma.sql`e."occurredAt"`)} / 7) AS INTEGER)`;

/** Counts per 7-day bucket back from now; `key` is a tier (DISTINCT accounts) or an event kind (events). */
async function readWeeklyAccounts(now: Date, days: WindowDays): Promise<WeekBucket[]> {
  const rows = await prisma.$queryRaw<{ week: bigint | number; key: string; count: bigint | number }[]>`
    SELECT t."week" AS "week", a."tier" AS "key", COUNT(*) AS "count"
    FROM (
      SELECT DISTINCT ${weekSql(now)} AS "week", e."accountId" AS "accountId"
      FROM "EngagementEvent" e
      WHERE e."occurredAt" > ${trendStart(now, days)} AND e."occurredAt" <= ${now} AND e."kind" IN (${kindList(REACH_KINDS)})
        AND e."accountId" IS NOT NULL
    ) t JOIN "Account" a ON a."id" = t."accountId"
    GROUP BY 1, 2`;
  return rows.map((row) => ({ week: asNumber(row.week), key: row.key, count: asNumber(row.count) }));
}

async function readWeeklyAttendance(now: Date, days: WindowDays): Promise<WeekBucket[]> {
  const rows = await prisma.$queryRaw<{ week: bigint | number; key: string; count: bigint | number }[]>`
    SELECT ${weekSql(now)} AS "week", e."kind" AS "key", COUNT(*) AS "count"
    FROM "EngagementEvent" e
    WHERE e."occurredAt" > ${trendStart(now, days)} AND e."occurredAt" <= ${now} AND e."kind" IN (${kindList(FUNNEL_KINDS)})
    GROUP BY 1, 2`;
  return rows.map((row) => ({ week: asNumber(row.week), key: row.key, count: asNumber(row.count) }));
}

async function readTrends(viewer: Viewer, days: WindowDays, now: Date) {
  const weekLabel = (endsAt: Date) => formatDate(new Date(endsAt.getTime() - 1), viewer.timeZone, viewer.locale);
  const activeWeeks = shapeTrend(await readWeeklyAccounts(now, days), now, days, TIERS).map((point) => ({
    label: weekLabel(point.endsAt),
    HIGH: point.values.HIGH ?? 0,
    LOW: point.values.LOW ?? 0,
    TECH: point.values.TECH ?? 0,
  }));
  const attendanceWeeks = shapeTrend(await readWeeklyAttendance(now, days), now, days, FUNNEL_KINDS).map((point) => ({
    label: weekLabel(point.endsAt),
    registered: point.values["session.registered"] ?? 0,
    attended: point.values["session.attended"] ?? 0,
    noShow: point.values["session.no_show"] ?? 0,
  }));
  return { activeWeeks, attendanceWeeks };
}

const windowStart = (now: Date, days: WindowDays) => new Date(now.getTime() - days * DAY_MS);

export async function getInsights(viewer: Viewer, days: WindowDays, now = new Date()) {
  assertCanReadInsights(viewer);
  const since = windowStart(now, days);
  return {
    days,
    since: formatDate(since, viewer.timeZone, viewer.locale),
    reach: await readReach(since),
    funnel: await readFunnel(since),
    content: await readContent(since),
    newsletters: await readNewsletters(since),
    ...(await readTrends(viewer, days, now)),
  };
}

export type Insights = Awaited<ReturnType<typeof getInsights>>;

export const INSIGHT_TABLES = ["reach", "funnel", "content", "newsletters", "weekly"] as const;
export type InsightTable = (typeof INSIGHT_TABLES)[number];

const share = (value: number | null) => (value === null ? null : value / 100);

/** One of the dashboard's tables as CSV, with the same figures the page shows (rates as fractions). */
export async function exportInsightsCsv(viewer: Viewer, table: InsightTable, days: WindowDays, now = new Date()) {
  assertCanReadInsights(viewer);
  const since = windowStart(now, days);
  const day = now.toISOString().slice(0, 10);
  const filename = `lyceum-${table}-${days}d-${day}.csv`;
  if (table === "reach")
    return {
      filename,
      csv: toCsv(
        ["Tier", "Accounts touched", "Accounts", "Accounts touched share", "People touched", "People", "People touched share"],
        (await readReach(since)).map((r) => [
          r.label,
          r.accountsTouched,
          r.accountsTotal,
          share(r.accountsShare),
          r.peopleTouched,
          r.peopleTotal,
          share(r.peopleShare),
        ]),
      ),
    };
  if (table === "funnel")
    return {
      filename,
      csv: toCsv(
        ["Session kind", "Registered", "Attended", "No-show", "Attendance rate", "No-show rate"],
        (await readFunnel(since)).map((r) => [r.label, r.registered, r.attended, r.noShow, share(r.attendanceRate), share(r.noShowRate)]),
      ),
    };
  if (table === "content")
    return {
      filename,
      csv: toCsv(
        ["Item", "Format", "Views", "Unique viewers", "Completions", "Completion rate", "Opens", "Downloads"],
        (await readContent(since)).map((r) => [
          r.title,
          r.format,
          r.views,
          r.uniqueViewers,
          r.completions,
          share(r.completionRate),
          r.opens,
          r.downloads,
        ]),
      ),
    };
  if (table === "newsletters")
    return {
      filename,
      csv: toCsv(
        ["Newsletter", "Opens", "Unique openers", "Clicks", "Unique clickers", "Click-to-open rate"],
        (await readNewsletters(since)).map((r) => [r.title, r.opens, r.uniqueOpeners, r.clicks, r.uniqueClickers, share(r.clickToOpen)]),
      ),
    };
  const trends = await readTrends(viewer, days, now);
  return {
    filename,
    csv: toCsv(
      [
        "Week to",
        `Active accounts: ${TIER_LABELS.HIGH}`,
        `Active accounts: ${TIER_LABELS.LOW}`,
        `Active accounts: ${TIER_LABELS.TECH}`,
        "Registered",
        "Attended",
        "No-show",
      ],
      trends.activeWeeks.map((week, index) => {
        const attendance = trends.attendanceWeeks[index]!;
        return [week.label, week.HIGH, week.LOW, week.TECH, attendance.registered, attendance.attended, attendance.noShow];
      }),
    ),
  };
}
