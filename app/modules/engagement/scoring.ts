import type { Health, Tier } from "~/generated/prisma/enums.ts";

/**
 * The engagement score and health of one account, from facts about its events. Pure: the shell
 * (scores.server.ts) gathers the facts in SQL; `factsFromEvents` is the same gathering in plain code,
 * used by tests to pin down what the SQL must agree with. Formulas and saturation points are
 * explained in docs/decisions/0023-scores-and-health.md.
 */

export type ScoreSettings = {
  recency: number;
  frequency: number;
  breadth: number;
  depth: number;
  reach: number;
  halfLifeDays: number;
  greenAt: number;
  redBelow: number;
};

/** Used when a tier has no ScoreWeights row; the same as the schema's column defaults. */
export const DEFAULT_SETTINGS: ScoreSettings = {
  recency: 0.25,
  frequency: 0.25,
  breadth: 0.15,
  depth: 0.15,
  reach: 0.2,
  halfLifeDays: 30,
  greenAt: 60,
  redBelow: 35,
};

export const PART_NAMES = ["recency", "frequency", "breadth", "depth", "reach"] as const;
export type PartName = (typeof PART_NAMES)[number];
export type ScoreParts = Record<PartName, number>;

export const PART_LABELS: Record<PartName, string> = {
  recency: "Recency",
  frequency: "Frequency",
  breadth: "Breadth",
  depth: "Depth",
  reach: "Reach",
};

const DAY_MS = 86_400_000;
/**
 * Events older than six half-lives (weighing under 1.6 %) are not read at all: 180 days at the
 * default half-life of 30. Never less than the active window, never more than a year.
 */
export function lookbackDays(halfLifeDays: number) {
  return Math.min(365, Math.max(ACTIVE_WINDOW_DAYS, 6 * halfLifeDays));
}
/** The latest feedback counts if it is less than a year old, whatever the half-life. */
export const FEEDBACK_LOOKBACK_DAYS = 365;
/** Breadth, reach and product features count what happened in this window. */
export const ACTIVE_WINDOW_DAYS = 90;
/** Recency is full within this many days and falls evenly to zero at RECENCY_ZERO_DAYS. */
export const RECENCY_FULL_DAYS = 7;
export const RECENCY_ZERO_DAYS = 90;
/** Each this-many decayed events close half the gap to 100 (10 → 50, 20 → 75, 30 → 87.5). */
export const FREQUENCY_HALF_EVENTS = 10;
/** Full breadth: this many kinds of activity and this many distinct things (sessions, videos, documents). */
export const BREADTH_FULL_KINDS = 6;
export const BREADTH_FULL_SUBJECTS = 10;
/** Each this-many decayed minutes close half the gap to 100 (2 h → 50, 4 h → 75). */
export const DEPTH_HALF_MINUTES = 120;
/** Minutes assumed when an attendance event carries none (joined by link, no participant report). */
export const DEFAULT_SESSION_MINUTES = 30;
export const DEFAULT_CSM_HOUR_MINUTES = 60;
/** Product usage: each this-many decayed uses close half the gap; this many features is full marks. */
export const PRODUCT_HALF_USES = 20;
export const PRODUCT_FULL_FEATURES = 5;
/** How health blends its inputs; a missing input drops out and the others are scaled up. */
export const HEALTH_BLEND = { engagement: 0.6, productUsage: 0.25, feedback: 0.15 } as const;

/** Kinds that are an absence or a retreat, not activity; product use is scored on its own. */
export const NON_ACTIVITY_KINDS = [
  "product.used",
  "session.no_show",
  "session.cancelled",
  "csm_hour.no_show",
  "csm_hour.cancelled",
] as const;

export type Feedback = { kind: "CSAT" | "NPS"; score: number; at: Date };

export type AccountFacts = {
  lastActivityAt: Date | null;
  /** Activity events, each weighing 0.5^(age / half-life). */
  decayedEvents: number;
  /** Distinct activity kinds and subjects in the active window. */
  kinds: number;
  subjects: number;
  /** Minutes attended (sessions, CSM hours) and watched (videos), decayed like events. */
  decayedMinutes: number;
  /** Distinct people with activity in the active window. */
  activePeople: number;
  /** People with a working login at the account. */
  people: number;
  /** Null when the account has no product.used events at all in the lookback. */
  productDecayedUses: number | null;
  productFeatures: number;
  feedback: Feedback | null;
};

export const NO_FACTS: AccountFacts = {
  lastActivityAt: null,
  decayedEvents: 0,
  kinds: 0,
  subjects: 0,
  decayedMinutes: 0,
  activePeople: 0,
  people: 0,
  productDecayedUses: null,
  productFeatures: 0,
  feedback: null,
};

export type HealthCall = { health: Health; reason: string; expiresAt: Date };

export type AccountAssessment = {
  score: number;
  parts: ScoreParts;
  productUsage: number | null;
  feedback: number | null;
  /** The blend of engagement, product usage and feedback that the bands apply to. */
  blended: number;
  /** What the numbers say, before a CSM's call. */
  computedHealth: Health;
  health: Health;
  reasons: string[];
};

export function ageInDays(at: Date, now: Date) {
  return Math.max(0, (now.getTime() - at.getTime()) / DAY_MS);
}

/** The weight of an event `ageDays` old: 1 today, ½ one half-life ago, ¼ two half-lives ago. */
export function decayWeight(ageDays: number, halfLifeDays: number) {
  return 0.5 ** (Math.max(0, ageDays) / Math.max(1, halfLifeDays));
}

/** 0 → 0, `half` → 50, 2 × `half` → 75 … never above 100. */
export function saturate(amount: number, half: number) {
  return 100 * (1 - 0.5 ** (Math.max(0, amount) / half));
}

const clamp = (value: number) => Math.min(100, Math.max(0, value));
const round1 = (value: number) => Math.round(value * 10) / 10;

export function isActivity(kind: string) {
  return !(NON_ACTIVITY_KINDS as readonly string[]).includes(kind);
}

/** Minutes of attention an event stands for: attended sessions and hours, watched video seconds. */
export function minutesOf(kind: string, value: number | null) {
  if (kind === "session.attended") return value ?? DEFAULT_SESSION_MINUTES;
  if (kind === "csm_hour.attended") return value ?? DEFAULT_CSM_HOUR_MINUTES;
  if (kind === "video.watched") return (value ?? 0) / 60;
  return 0;
}

export type ScoringEvent = {
  kind: string;
  userId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  value: number | null;
  data: Record<string, unknown> | null;
  occurredAt: Date;
};

/** Feedback from a session.feedback_given event: the score is the value, the scale in data. */
export function feedbackOf(event: { value: number | null; data: Record<string, unknown> | null; occurredAt: Date }): Feedback | null {
  const kind = event.data?.feedbackKind;
  const score = event.value ?? (typeof event.data?.score === "number" ? event.data.score : null);
  if ((kind !== "CSAT" && kind !== "NPS") || score === null) return null;
  return { kind, score, at: event.occurredAt };
}

/** The reference gathering of facts; the SQL in scores.server.ts computes the same numbers. */
export function factsFromEvents(events: ScoringEvent[], people: number, now: Date, halfLifeDays: number): AccountFacts {
  const lookbackStart = now.getTime() - lookbackDays(halfLifeDays) * DAY_MS;
  const feedbackStart = now.getTime() - FEEDBACK_LOOKBACK_DAYS * DAY_MS;
  const activeStart = now.getTime() - ACTIVE_WINDOW_DAYS * DAY_MS;
  const kinds = new Set<string>();
  const subjects = new Set<string>();
  const activePeople = new Set<string>();
  const features = new Set<string>();
  const facts: AccountFacts = { ...NO_FACTS, people };
  for (const event of events) {
    const at = event.occurredAt.getTime();
    if (at > now.getTime()) continue;
    if (event.kind === "session.feedback_given" && at >= feedbackStart) {
      const feedback = feedbackOf(event);
      if (feedback && (!facts.feedback || feedback.at >= facts.feedback.at)) facts.feedback = feedback;
    }
    if (at < lookbackStart) continue;
    const weight = decayWeight(ageInDays(event.occurredAt, now), halfLifeDays);
    const recent = at >= activeStart;
    if (event.kind === "product.used") {
      facts.productDecayedUses = (facts.productDecayedUses ?? 0) + weight;
      const feature = event.subjectId ?? (typeof event.data?.feature === "string" ? event.data.feature : null);
      if (recent && feature) features.add(feature);
      continue;
    }
    if (!isActivity(event.kind)) continue;
    if (!facts.lastActivityAt || event.occurredAt > facts.lastActivityAt) facts.lastActivityAt = event.occurredAt;
    facts.decayedEvents += weight;
    facts.decayedMinutes += minutesOf(event.kind, event.value) * weight;
    if (recent) {
      kinds.add(event.kind);
      if (event.subjectId) subjects.add(event.subjectId);
      if (event.userId) activePeople.add(event.userId);
    }
  }
  return {
    ...facts,
    kinds: kinds.size,
    subjects: subjects.size,
    activePeople: activePeople.size,
    productFeatures: features.size,
  };
}

export function engagementParts(facts: AccountFacts, now: Date): ScoreParts {
  const idleDays = facts.lastActivityAt ? ageInDays(facts.lastActivityAt, now) : null;
  const recency = idleDays === null ? 0 : clamp(100 * (1 - (idleDays - RECENCY_FULL_DAYS) / (RECENCY_ZERO_DAYS - RECENCY_FULL_DAYS)));
  const breadth = 50 * Math.min(1, facts.kinds / BREADTH_FULL_KINDS) + 50 * Math.min(1, facts.subjects / BREADTH_FULL_SUBJECTS);
  const reach = facts.people > 0 ? clamp((100 * facts.activePeople) / facts.people) : 0;
  return {
    recency: round1(recency),
    frequency: round1(saturate(facts.decayedEvents, FREQUENCY_HALF_EVENTS)),
    breadth: round1(breadth),
    depth: round1(saturate(facts.decayedMinutes, DEPTH_HALF_MINUTES)),
    reach: round1(reach),
  };
}

/** The weighted mean of the parts, 0–100. Weights need not sum to 1; all zero falls back to the defaults. */
export function engagementScore(parts: ScoreParts, weights: Pick<ScoreSettings, PartName>) {
  let total = PART_NAMES.reduce((sum, name) => sum + Math.max(0, weights[name]), 0);
  const used = total > 0 ? weights : DEFAULT_SETTINGS;
  if (total <= 0) total = PART_NAMES.reduce((sum, name) => sum + DEFAULT_SETTINGS[name], 0);
  return Math.round(PART_NAMES.reduce((sum, name) => sum + parts[name] * Math.max(0, used[name]), 0) / total);
}

/** CSAT 1–5 → 0, 25, 50, 75, 100; NPS 0–10 → 0–100 in steps of 10. */
export function normaliseFeedback(feedback: Pick<Feedback, "kind" | "score">) {
  if (feedback.kind === "CSAT") return clamp(((feedback.score - 1) / 4) * 100);
  return clamp(feedback.score * 10);
}

export function productUsageScore(facts: Pick<AccountFacts, "productDecayedUses" | "productFeatures">) {
  if (facts.productDecayedUses === null) return null;
  return round1(
    0.5 * saturate(facts.productDecayedUses, PRODUCT_HALF_USES) + 50 * Math.min(1, facts.productFeatures / PRODUCT_FULL_FEATURES),
  );
}

export function blendHealthScore(score: number, productUsage: number | null, feedback: number | null) {
  const inputs: [number | null, number][] = [
    [score, HEALTH_BLEND.engagement],
    [productUsage, HEALTH_BLEND.productUsage],
    [feedback, HEALTH_BLEND.feedback],
  ];
  const present = inputs.filter((input): input is [number, number] => input[0] !== null);
  const weight = present.reduce((sum, [, w]) => sum + w, 0);
  return Math.round(present.reduce((sum, [value, w]) => sum + value * w, 0) / weight);
}

/** ≥ greenAt is green, < redBelow is red, anything between is yellow. */
export function bandOf(value: number, settings: Pick<ScoreSettings, "greenAt" | "redBelow">): Health {
  if (value >= settings.greenAt) return "GREEN";
  if (value < settings.redBelow) return "RED";
  return "YELLOW";
}

// One vocabulary for health everywhere (badges, tables, CSV, emails): the domain's red / yellow / green,
// a tone for the colour and a shape so the state never rests on colour alone.
export const HEALTH_LABELS: Record<Health, string> = { RED: "Red", YELLOW: "Yellow", GREEN: "Green" };
export const HEALTH_TONES: Record<Health, "red" | "amber" | "green"> = { RED: "red", YELLOW: "amber", GREEN: "green" };
export const HEALTH_MARKS: Record<Health, string> = { RED: "▼", YELLOW: "◆", GREEN: "▲" };
export const NOT_SCORED_LABEL = "Not scored yet";

/** The health in words, or "Not scored yet" for an account without a score. */
export function healthLabel(health: Health | null | undefined) {
  return health ? HEALTH_LABELS[health] : NOT_SCORED_LABEL;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "12 Dec" (UTC day); reasons are stored, so they cannot follow each viewer's zone. */
export function shortDay(at: Date) {
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}`;
}

export function isCallActive(call: HealthCall | null | undefined, now: Date): call is HealthCall {
  return Boolean(call && call.expiresAt > now);
}

function feedbackReason(feedback: Feedback) {
  if (feedback.kind === "NPS") {
    const group = feedback.score <= 6 ? "a detractor" : feedback.score <= 8 ? "a passive" : "a promoter";
    return `Last NPS ${feedback.score} — ${group}`;
  }
  const mood = feedback.score <= 2 ? "unhappy" : feedback.score >= 4 ? "happy" : "neutral";
  return `Last CSAT ${feedback.score} of 5 — ${mood}`;
}

function reasonsFor(
  facts: AccountFacts,
  settings: ScoreSettings,
  now: Date,
  parts: ScoreParts,
  score: number,
  productUsage: number | null,
) {
  const reasons: string[] = [];
  if (!facts.lastActivityAt) reasons.push(`No activity in the last ${lookbackDays(settings.halfLifeDays)} days`);
  else {
    const idle = Math.floor(ageInDays(facts.lastActivityAt, now));
    if (idle >= 14) reasons.push(`No activity in ${idle} days`);
    else if (idle <= RECENCY_FULL_DAYS) reasons.push("Active in the last week");
    else reasons.push(`Last active ${idle} days ago`);
  }
  if (facts.feedback) reasons.push(feedbackReason(facts.feedback));
  if (facts.people > 0) {
    const share = `${Math.min(facts.activePeople, facts.people)} of ${facts.people} ${facts.people === 1 ? "person" : "people"}`;
    reasons.push(`${share} active in the last ${ACTIVE_WINDOW_DAYS} days`);
  } else reasons.push("Nobody at the account has a login yet");
  if (productUsage !== null) {
    const features = `${facts.productFeatures} ${facts.productFeatures === 1 ? "feature" : "features"}`;
    reasons.push(
      productUsage < 35
        ? `Light product usage: ${features} in ${ACTIVE_WINDOW_DAYS} days`
        : `Product in use: ${features} in ${ACTIVE_WINDOW_DAYS} days`,
    );
  }
  const weakest = PART_NAMES.reduce((low, name) => (parts[name] < parts[low] ? name : low), PART_NAMES[0]);
  reasons.push(`Engagement ${score} of 100; weakest part: ${PART_LABELS[weakest].toLowerCase()} (${Math.round(parts[weakest])})`);
  return reasons;
}

/** Everything the account page and the signals read, from the facts, the tier's settings and a CSM's call. */
export function assessAccount(input: {
  facts: AccountFacts;
  settings: ScoreSettings;
  call?: HealthCall | null;
  now: Date;
}): AccountAssessment {
  const { facts, settings, now } = input;
  const parts = engagementParts(facts, now);
  const score = engagementScore(parts, settings);
  const productUsage = productUsageScore(facts);
  const feedback = facts.feedback ? normaliseFeedback(facts.feedback) : null;
  const blended = blendHealthScore(score, productUsage, feedback);
  const computedHealth = bandOf(blended, settings);
  const reasons = reasonsFor(facts, settings, now, parts, score, productUsage);
  if (isCallActive(input.call, now)) {
    const call = input.call;
    const callReason = `CSM call: ${HEALTH_LABELS[call.health].toLowerCase()} until ${shortDay(call.expiresAt)} — ${call.reason}`;
    const numbers = `The numbers alone say ${HEALTH_LABELS[computedHealth].toLowerCase()} (${blended} of 100)`;
    return {
      score,
      parts,
      productUsage,
      feedback,
      blended,
      computedHealth,
      health: call.health,
      reasons: [callReason, numbers, ...reasons],
    };
  }
  return { score, parts, productUsage, feedback, blended, computedHealth, health: computedHealth, reasons };
}

export function settingsFor(tier: Tier, rows: ({ tier: Tier } & ScoreSettings)[]): ScoreSettings {
  const row = rows.find((candidate) => candidate.tier === tier);
  if (!row) return DEFAULT_SETTINGS;
  const { recency, frequency, breadth, depth, reach, halfLifeDays, greenAt, redBelow } = row;
  return { recency, frequency, breadth, depth, reach, halfLifeDays, greenAt, redBelow };
}

/** The UTC calendar day of an instant, as HealthSnapshot.day stores it. */
export function snapshotDay(at: Date) {
  return at.toISOString().slice(0, 10);
}
