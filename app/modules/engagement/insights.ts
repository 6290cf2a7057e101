import type { Tier } from "~/generated/prisma/enums.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";

// The one-to-many team's dashboard, shaped from aggregate rows (counts per tier, per subject, per week)
// that insights.server.ts reads with GROUP BY. Nothing here touches the database or the clock.

export const WINDOWS = [30, 90] as const;
export type WindowDays = (typeof WINDOWS)[number];
export const DEFAULT_WINDOW: WindowDays = 90;

export function readWindow(value: string | null): WindowDays {
  const days = Number(value);
  return (WINDOWS as readonly number[]).includes(days) ? (days as WindowDays) : DEFAULT_WINDOW;
}

export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * The kinds that count as the team having reached someone: its sessions, content, CSM hours and
 * newsletters. Signing in or using the product is not the team's doing.
 */
export const REACH_KINDS = [
  "session.registered",
  "session.waitlisted",
  "session.attended",
  "session.feedback_given",
  "session.question_asked",
  "session.poll_answered",
  "video.watched",
  "video.completed",
  "document.opened",
  "document.downloaded",
  "path.completed",
  "csm_hour.booked",
  "csm_hour.attended",
  "csm_hour.queued",
  "newsletter.opened",
  "newsletter.clicked",
] as const;

export const FUNNEL_KINDS = ["session.registered", "session.attended", "session.no_show"] as const;
export const CONTENT_KINDS = ["video.watched", "video.completed", "document.opened", "document.downloaded"] as const;
export const NEWSLETTER_KINDS = ["newsletter.opened", "newsletter.clicked"] as const;

/** A share as a whole percentage, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((Math.min(part, whole) / whole) * 100);
}

export function formatPercent(value: number | null): string {
  return value === null ? "–" : `${value}%`;
}

// ---- Reach ---------------------------------------------------------------------------------------

export type ReachCounts = { tier: Tier; accounts: number; people: number };
export type ReachRow = {
  tier: Tier;
  label: string;
  accountsTouched: number;
  accountsTotal: number;
  accountsShare: number | null;
  peopleTouched: number;
  peopleTotal: number;
  peopleShare: number | null;
};

/** One row per tier (all three, zeros included) and a total row last. */
export function shapeReach(touched: ReachCounts[], totals: ReachCounts[]): ReachRow[] {
  const find = (rows: ReachCounts[], tier: Tier) => rows.find((row) => row.tier === tier) ?? { tier, accounts: 0, people: 0 };
  const rows = TIERS.map((tier) => {
    const hit = find(touched, tier);
    const all = find(totals, tier);
    return { tier, label: TIER_LABELS[tier], hit, all };
  });
  const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const shaped = rows.map(({ tier, label, hit, all }) => reachRow(tier, label, hit, all));
  const total = reachRow(
    "TECH",
    "All tiers",
    { tier: "TECH", accounts: sum((row) => row.hit.accounts), people: sum((row) => row.hit.people) },
    { tier: "TECH", accounts: sum((row) => row.all.accounts), people: sum((row) => row.all.people) },
  );
  return [...shaped, total];
}

function reachRow(tier: Tier, label: string, hit: ReachCounts, all: ReachCounts): ReachRow {
  return {
    tier,
    label,
    accountsTouched: hit.accounts,
    accountsTotal: all.accounts,
    accountsShare: percent(hit.accounts, all.accounts),
    peopleTouched: hit.people,
    peopleTotal: all.people,
    peopleShare: percent(hit.people, all.people),
  };
}

// ---- Registrations → attendance ------------------------------------------------------------------

export type SessionKindName = "WEBINAR" | "EXPERT" | "OTHER";
export const SESSION_KIND_LABELS: Record<SessionKindName, string> = {
  WEBINAR: "Webinars",
  EXPERT: "Expert sessions",
  OTHER: "Sessions no longer on file",
};

export type FunnelCount = { kind: string; sessionKind: SessionKindName; count: number };
export type FunnelRow = {
  sessionKind: SessionKindName | "ALL";
  label: string;
  registered: number;
  attended: number;
  noShow: number;
  /** Attended of registered. */
  attendanceRate: number | null;
  /** No-shows of those whose attendance was taken (attended + no-show). */
  noShowRate: number | null;
};

/**
 * Counts of session.registered / attended / no_show events in the window, per session kind, and a
 * total. A registration made before the window may be attended inside it, so a rate is capped at 100%.
 * "Other" (events pointing at sessions since deleted) appears only when it has any.
 */
export function shapeFunnel(counts: FunnelCount[]): FunnelRow[] {
  const kinds: SessionKindName[] = ["WEBINAR", "EXPERT", "OTHER"];
  const rows = kinds.map((sessionKind) =>
    funnelRow(
      sessionKind,
      SESSION_KIND_LABELS[sessionKind],
      counts.filter((c) => c.sessionKind === sessionKind),
    ),
  );
  const visible = rows.filter((row) => row.sessionKind !== "OTHER" || row.registered + row.attended + row.noShow > 0);
  return [...visible, funnelRow("ALL", "All sessions", counts)];
}

function funnelRow(sessionKind: FunnelRow["sessionKind"], label: string, counts: FunnelCount[]): FunnelRow {
  const of = (kind: string) => counts.filter((c) => c.kind === kind).reduce((total, c) => total + c.count, 0);
  const registered = of("session.registered");
  const attended = of("session.attended");
  const noShow = of("session.no_show");
  return {
    sessionKind,
    label,
    registered,
    attended,
    noShow,
    attendanceRate: percent(attended, registered),
    noShowRate: percent(noShow, attended + noShow),
  };
}

// ---- Content performance -------------------------------------------------------------------------

/** One aggregate per subject and kind: rows, distinct people, distinct (person, day) pairs. */
export type SubjectCount = { subjectType: string; subjectId: string; kind: string; events: number; people: number; personDays: number };
export type ContentRow = {
  key: string;
  title: string;
  format: "Video" | "Document";
  /** A person viewing (watching or opening) on a day counts once, however many beacons it sent. */
  views: number;
  uniqueViewers: number;
  completions: number | null;
  completionRate: number | null;
  opens: number | null;
  downloads: number | null;
};

const VIDEO_TYPES = new Set(["video"]);

/** Readable stand-in for a subject we have no title for: "first-report-in-5-minutes" → "First report in 5 minutes". */
export function humanizeSlug(slug: string): string {
  const words = slug.replace(/[-_]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : slug;
}

/**
 * Per item: videos show views, unique viewers and completion rate (people who finished of people who
 * watched); documents show opens (person-days), unique readers and downloads. Sorted by views.
 */
export function shapeContent(counts: SubjectCount[], titles: Map<string, string>): ContentRow[] {
  const bySubject = new Map<string, SubjectCount[]>();
  for (const count of counts) {
    const key = `${count.subjectType}:${count.subjectId}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), count]);
  }
  const rows: ContentRow[] = [];
  for (const [key, group] of bySubject) {
    const first = group[0]!;
    const get = (kind: string) => group.find((c) => c.kind === kind);
    const isVideo = VIDEO_TYPES.has(first.subjectType) || group.some((c) => c.kind.startsWith("video."));
    const title = titles.get(first.subjectId) ?? humanizeSlug(first.subjectId);
    if (isVideo) {
      const watched = get("video.watched");
      const completed = get("video.completed");
      const viewers = Math.max(watched?.people ?? 0, completed?.people ?? 0);
      rows.push({
        key,
        title,
        format: "Video",
        views: watched?.personDays ?? 0,
        uniqueViewers: viewers,
        completions: completed?.people ?? 0,
        completionRate: percent(completed?.people ?? 0, viewers),
        opens: null,
        downloads: null,
      });
    } else {
      const opened = get("document.opened");
      const downloaded = get("document.downloaded");
      rows.push({
        key,
        title,
        format: "Document",
        views: opened?.personDays ?? 0,
        uniqueViewers: Math.max(opened?.people ?? 0, downloaded?.people ?? 0),
        completions: null,
        completionRate: null,
        opens: opened?.personDays ?? 0,
        downloads: downloaded?.events ?? 0,
      });
    }
  }
  return rows.sort((a, b) => b.views - a.views || b.uniqueViewers - a.uniqueViewers || a.title.localeCompare(b.title));
}

// ---- Newsletters ---------------------------------------------------------------------------------

export type NewsletterRow = {
  key: string;
  title: string;
  opens: number;
  uniqueOpeners: number;
  clicks: number;
  uniqueClickers: number;
  /** People who clicked of people who opened. */
  clickToOpen: number | null;
};

export function shapeNewsletters(counts: SubjectCount[], titles: Map<string, string>): NewsletterRow[] {
  const ids = [...new Set(counts.map((c) => c.subjectId))];
  return ids
    .map((id) => {
      const get = (kind: string) => counts.find((c) => c.subjectId === id && c.kind === kind);
      const opened = get("newsletter.opened");
      const clicked = get("newsletter.clicked");
      // A click proves an open even when the tracking pixel was blocked.
      const openers = Math.max(opened?.people ?? 0, clicked?.people ?? 0);
      return {
        key: id,
        title: titles.get(id) ?? humanizeSlug(id),
        opens: opened?.events ?? 0,
        uniqueOpeners: openers,
        clicks: clicked?.events ?? 0,
        uniqueClickers: clicked?.people ?? 0,
        clickToOpen: percent(clicked?.people ?? 0, openers),
      };
    })
    .sort((a, b) => b.uniqueOpeners - a.uniqueOpeners || a.title.localeCompare(b.title));
}

// ---- Trends --------------------------------------------------------------------------------------

/**
 * Weeks are the 7-day spans counted back from now (week 0 = the last 7 days), so they need no
 * time-zone arithmetic in SQL and the latest week is always a full one.
 */
export function weekCount(days: WindowDays): number {
  return Math.ceil(days / 7);
}

export function trendStart(now: Date, days: WindowDays): Date {
  return new Date(now.getTime() - weekCount(days) * WEEK_MS);
}

export type WeekBucket = { week: number; key: string; count: number };
/** Oldest week first; every week present with zeros, every series present in every week. */
export function shapeTrend(buckets: WeekBucket[], now: Date, days: WindowDays, series: readonly string[]) {
  const weeks = weekCount(days);
  const points: { endsAt: Date; values: Record<string, number> }[] = [];
  for (let week = weeks - 1; week >= 0; week--) {
    const values = Object.fromEntries(series.map((key) => [key, 0]));
    for (const bucket of buckets) if (bucket.week === week && bucket.key in values) values[bucket.key]! += bucket.count;
    points.push({ endsAt: new Date(now.getTime() - week * WEEK_MS), values });
  }
  return points;
}

/** The week index SQL computes, for tests and for checking the SQL's edges: 0 for (now − 7 days, now]. */
export function weekIndex(occurredAt: Date, now: Date): number {
  return Math.floor((now.getTime() - occurredAt.getTime()) / WEEK_MS);
}
