import type { Health, Tier } from "~/generated/prisma/enums.ts";
import { dateTimeFormat, formatMoney } from "~/utils/format.ts";
import { capitalize, daysUntil, renewalInWords } from "~/utils/relative-days.ts";

// The two lists a CSM acts on. AT RISK: the account is red, or its score fell by FALL_MARGIN_POINTS or
// more within FALL_WINDOW_DAYS (peak snapshot in the window → now), AND it renews within
// RENEWAL_WINDOW_DAYS — sorted by the ARR at stake. READY TO EXPAND: strong engagement (score at or
// above the tier's green band, or in the top quarter of all scored accounts) AND the account's people
// attended at least one expert session in the last EXPERT_LOOKBACK_DAYS. Every row carries its reasons in
// words, so the list explains itself. Pure: the caller passes the clock.

export const FALL_MARGIN_POINTS = 15;
export const FALL_WINDOW_DAYS = 30;
export const RENEWAL_WINDOW_DAYS = 90;
export const EXPERT_LOOKBACK_DAYS = 90;
/** ScoreWeights.greenAt's default, for a tier that has no weights row yet. */
export const DEFAULT_GREEN_AT = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

export type SnapshotPoint = { day: string; score: number; health: Health };

export type SignalInput = {
  id: string;
  name: string;
  tier: Tier;
  arrCents: number;
  currency: string;
  /** A calendar date, stored as midnight UTC. */
  renewalDate: Date | null;
  owner: { id: string; name: string } | null;
  /** The latest score, or null while the account has none. */
  current: { score: number; health: Health; reasons: string[] } | null;
  /** Daily snapshots, any order; those outside the window are ignored. */
  snapshots: SnapshotPoint[];
  /** Expert sessions the account's people attended (startsAt), any age. */
  expertAttended: { title: string; startsAt: Date }[];
};

export type Signal = {
  id: string;
  name: string;
  tier: Tier;
  arrCents: number;
  currency: string;
  renewalDate: Date | null;
  renewsInDays: number | null;
  owner: { id: string; name: string } | null;
  score: number | null;
  health: Health | null;
  reasons: string[];
};

export type SignalOptions = { locale?: string | null; fallMargin?: number };

/** "YYYY-MM-DD" of the UTC day an instant falls on (the snapshot key). */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dayStart(day: string) {
  return Date.parse(`${day}T00:00:00Z`);
}

/** "24 Oct" from "2026-10-24", in the reader's locale; calendar days, so no zone shifts it. */
export function shortDay(day: string, locale?: string | null): string {
  try {
    return dateTimeFormat(locale ?? "en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(dayStart(day)));
  } catch {
    return day;
  }
}

/** The biggest drop from a snapshot in the last `windowDays` days down to `currentScore`; null when none. */
export function scoreFall(currentScore: number, snapshots: SnapshotPoint[], now: Date, windowDays = FALL_WINDOW_DAYS) {
  const from = utcDay(new Date(now.getTime() - windowDays * DAY_MS));
  const today = utcDay(now);
  let peak: SnapshotPoint | null = null;
  for (const point of snapshots) {
    if (point.day < from || point.day > today) continue;
    if (!peak || point.score > peak.score || (point.score === peak.score && point.day < peak.day)) peak = point;
  }
  if (!peak || peak.score <= currentScore) return null;
  return { points: peak.score - currentScore, since: peak.day };
}

function renewalReason(input: SignalInput, days: number, locale?: string | null) {
  const arr = formatMoney(input.arrCents, input.currency, locale);
  return `${capitalize(renewalInWords(days))}, ${arr} ARR`;
}

function toSignal(input: SignalInput, renewsInDays: number | null, reasons: string[]): Signal {
  return {
    id: input.id,
    name: input.name,
    tier: input.tier,
    arrCents: input.arrCents,
    currency: input.currency,
    renewalDate: input.renewalDate,
    renewsInDays,
    owner: input.owner,
    score: input.current?.score ?? null,
    health: input.current?.health ?? null,
    reasons,
  };
}

/** The at-risk verdict for one account, with its reasons; null when it is not at risk. */
export function assessAtRisk(input: SignalInput, now: Date, options: SignalOptions = {}): Signal | null {
  if (!input.current || !input.renewalDate) return null;
  const renewsInDays = daysUntil(input.renewalDate, now);
  if (renewsInDays < 0 || renewsInDays > RENEWAL_WINDOW_DAYS) return null;
  const reasons: string[] = [];
  if (input.current.health === "RED") {
    const why = input.current.reasons.filter(Boolean).slice(0, 2).join("; ");
    reasons.push(why ? `Red: ${why}` : "Red health");
  }
  const fall = scoreFall(input.current.score, input.snapshots, now);
  if (fall && fall.points >= (options.fallMargin ?? FALL_MARGIN_POINTS)) {
    reasons.push(`Score fell ${fall.points} points since ${shortDay(fall.since, options.locale)}`);
  }
  if (reasons.length === 0) return null;
  reasons.push(renewalReason(input, renewsInDays, options.locale));
  return toSignal(input, renewsInDays, reasons);
}

/**
 * The score at the 75th percentile of `scores` (nearest rank): an account at or above it is in the top
 * quarter. Null for an empty list.
 */
export function topQuartileThreshold(scores: number[]): number | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.75 * sorted.length) - 1)]!;
}

export type ExpandContext = {
  /** The green band's lower bound per tier (ScoreWeights.greenAt). */
  greenAt: Partial<Record<Tier, number>>;
  /** topQuartileThreshold over every scored account, not just the viewer's. */
  topQuartile: number | null;
};

export function assessReadyToExpand(input: SignalInput, now: Date, context: ExpandContext, options: SignalOptions = {}): Signal | null {
  if (!input.current) return null;
  const { score } = input.current;
  const greenAt = context.greenAt[input.tier] ?? DEFAULT_GREEN_AT;
  const strong =
    score >= greenAt
      ? `Score ${score}, in the green band (${greenAt}+)`
      : context.topQuartile !== null && score >= context.topQuartile
        ? `Score ${score}, in the top quarter of accounts (${context.topQuartile}+)`
        : null;
  if (!strong) return null;
  const since = now.getTime() - EXPERT_LOOKBACK_DAYS * DAY_MS;
  const attended = input.expertAttended
    .filter((session) => session.startsAt.getTime() >= since && session.startsAt.getTime() <= now.getTime())
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  if (attended.length === 0) return null;
  const titles = [...new Set(attended.map((session) => session.title))];
  const named = titles.slice(0, 2).join(", ") + (titles.length > 2 ? ` and ${titles.length - 2} more` : "");
  const count = attended.length === 1 ? "1 expert session" : `${attended.length} expert sessions`;
  const reasons = [strong, `Attended ${count} in the last ${EXPERT_LOOKBACK_DAYS} days: ${named}`];
  const renewsInDays = input.renewalDate ? daysUntil(input.renewalDate, now) : null;
  if (renewsInDays !== null && renewsInDays >= 0 && renewsInDays <= RENEWAL_WINDOW_DAYS)
    reasons.push(renewalReason(input, renewsInDays, options.locale));
  return toSignal(input, renewsInDays, reasons);
}

const byArrAtStake = (a: Signal, b: Signal) => b.arrCents - a.arrCents || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** Both lists, each sorted by ARR (highest first). An account at risk is never also offered for expansion. */
export function computeSignals(inputs: SignalInput[], now: Date, context: ExpandContext, options: SignalOptions = {}) {
  const atRisk: Signal[] = [];
  const readyToExpand: Signal[] = [];
  for (const input of inputs) {
    const risk = assessAtRisk(input, now, options);
    if (risk) {
      atRisk.push(risk);
      continue;
    }
    const expand = assessReadyToExpand(input, now, context, options);
    if (expand) readyToExpand.push(expand);
  }
  return { atRisk: atRisk.sort(byArrAtStake), readyToExpand: readyToExpand.sort(byArrAtStake) };
}

/**
 * The account as it stood `days` ago, from its snapshots: the snapshot on or before that day stands in
 * for the score, and later snapshots are dropped. Used by the digest for "newly at risk".
 */
export function asOfDaysAgo(input: SignalInput, now: Date, days: number): { input: SignalInput; now: Date } {
  const then = new Date(now.getTime() - days * DAY_MS);
  const day = utcDay(then);
  const earlier = input.snapshots.filter((point) => point.day <= day);
  const latest = earlier.reduce<SnapshotPoint | null>((best, point) => (!best || point.day > best.day ? point : best), null);
  return {
    now: then,
    input: { ...input, snapshots: earlier, current: latest ? { score: latest.score, health: latest.health, reasons: [] } : null },
  };
}

/**
 * AccountScore.healthReasons is JSON written by the scoring engine: a list of sentences, or of objects
 * carrying one. Anything else reads as no reasons rather than breaking the page.
 */
export function parseHealthReasons(json: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => {
      if (typeof item === "string") return item;
      if (item && typeof item === "object") {
        for (const key of ["text", "reason", "label", "message"]) {
          const text = (item as Record<string, unknown>)[key];
          if (typeof text === "string") return text;
        }
      }
      return "";
    })
    .map((text) => text.trim())
    .filter(Boolean);
}
