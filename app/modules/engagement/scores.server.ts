import type { Health, Tier } from "~/generated/prisma/enums.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { isPostgres, prisma, sqlDate, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { cast, daysBetween, greatest, jsonArrayRows, jsonFieldText, placeholders, type SqlType } from "~/utils/sql.server.ts";
import {
  ACTIVE_WINDOW_DAYS,
  assessAccount,
  DEFAULT_CSM_HOUR_MINUTES,
  DEFAULT_SESSION_MINUTES,
  FEEDBACK_LOOKBACK_DAYS,
  lookbackDays,
  NO_FACTS,
  NON_ACTIVITY_KINDS,
  settingsFor,
  snapshotDay,
  type AccountAssessment,
  type AccountFacts,
  type Feedback,
  type HealthCall,
  type ScoreSettings,
} from "./scoring.ts";

const DAY_MS = 86_400_000;
const TIERS: Tier[] = ["HIGH", "LOW", "TECH"];

type SettingsRow = { tier: Tier } & ScoreSettings;

export async function loadSettings(db: Db | Tx): Promise<SettingsRow[]> {
  return db.scoreWeights.findMany({
    select: {
      tier: true,
      recency: true,
      frequency: true,
      breadth: true,
      depth: true,
      reach: true,
      halfLifeDays: true,
      greenAt: true,
      redBelow: true,
    },
  });
}

type Count = number | bigint;
type FactRow = {
  accountId: string;
  lastActivityAt: string | null;
  decayedEvents: Count | null;
  kinds: Count;
  subjects: Count;
  decayedMinutes: Count | null;
  activePeople: Count;
  productDecayedUses: Count | null;
  productFeatures: Count;
};

const notActivity = NON_ACTIVITY_KINDS.map((kind) => `'${kind}'`).join(", ");

/**
 * The facts of `factsFromEvents`, gathered by the database for every account at once (or one). Each
 * event row gets its decay weight from its account's tier; one GROUP BY does the rest. The query is
 * kept in step with the reference in scoring.ts by scores.server.test.ts. The tiers' half-lives are
 * parameters, as are the tiers' starts: each cast for PostgreSQL, which reads a parameter in a CASE as text.
 */
function factsSql(oneAccount: boolean) {
  const halfLife = `CASE a."tier" WHEN 'HIGH' THEN ${cast("?", "double")} WHEN 'LOW' THEN ${cast("?", "double")} ELSE ${cast("?", "double")} END`;
  const age = greatest("0", daysBetween("?", 'e."occurredAt"'));
  return placeholders(`
    SELECT "accountId",
      MAX(CASE WHEN "activity" THEN "occurredAt" END) AS "lastActivityAt",
      SUM(CASE WHEN "activity" THEN "weight" ELSE 0.0 END) AS "decayedEvents",
      COUNT(DISTINCT CASE WHEN "activity" AND "recent" THEN "kind" END) AS "kinds",
      COUNT(DISTINCT CASE WHEN "activity" AND "recent" THEN "subjectId" END) AS "subjects",
      SUM(CASE "kind"
            WHEN 'session.attended' THEN coalesce("value", ${DEFAULT_SESSION_MINUTES})
            WHEN 'csm_hour.attended' THEN coalesce("value", ${DEFAULT_CSM_HOUR_MINUTES})
            WHEN 'video.watched' THEN coalesce("value", 0) / 60.0
            ELSE 0.0 END * "weight") AS "decayedMinutes",
      COUNT(DISTINCT CASE WHEN "activity" AND "recent" THEN "userId" END) AS "activePeople",
      SUM(CASE WHEN "kind" = 'product.used' THEN "weight" END) AS "productDecayedUses",
      COUNT(DISTINCT CASE WHEN "kind" = 'product.used' AND "recent" THEN
        coalesce("subjectId", ${jsonFieldText('"data"', "feature")}) END) AS "productFeatures"
    FROM (
      SELECT e."accountId", e."kind", e."userId", e."subjectType", e."subjectId", e."value", e."data", e."occurredAt",
        pow(0.5, ${age} / ${greatest("1", halfLife)}) AS "weight",
        e."occurredAt" >= ? AS "recent",
        e."kind" NOT IN (${notActivity}) AS "activity"
      FROM "EngagementEvent" e JOIN "Account" a ON a."id" = e."accountId"
      WHERE e."occurredAt" >= ? AND e."occurredAt" <= ?
        AND e."occurredAt" >= ${cast(`CASE a."tier" WHEN 'HIGH' THEN ? WHEN 'LOW' THEN ? ELSE ? END`, "timestamp")}
        ${oneAccount ? 'AND e."accountId" = ?' : 'AND e."accountId" IS NOT NULL'}
    ) f
    GROUP BY "accountId"`);
}

/** The latest feedback of every account (by the kind index), within the feedback lookback. */
const FEEDBACK_SQL = `
  SELECT "accountId", "value", "data", "occurredAt" FROM (
    SELECT "accountId", "value", "data", "occurredAt",
      ROW_NUMBER() OVER (PARTITION BY "accountId" ORDER BY "occurredAt" DESC, "id" DESC) AS "rank"
    FROM "EngagementEvent"
    WHERE "kind" = 'session.feedback_given' AND "occurredAt" >= ? AND "occurredAt" <= ? AND "accountId" IS NOT NULL
  ) f WHERE "rank" = 1`;

const PEOPLE_SQL = `
  SELECT "accountId", COUNT(*) AS "people" FROM "User"
  WHERE "deactivatedAt" IS NULL AND "role" IN ('MEMBER', 'ACCOUNT_ADMIN') AND "accountId" IS NOT NULL
  GROUP BY "accountId"`;

function parseFeedback(row: { value: number | null; data: string | null; occurredAt: string }): Feedback | null {
  let data: Record<string, unknown> = {};
  try {
    data = row.data ? (JSON.parse(row.data) as Record<string, unknown>) : {};
  } catch {
    return null;
  }
  const kind = data.feedbackKind;
  const score = row.value ?? (typeof data.score === "number" ? data.score : null);
  if ((kind !== "CSAT" && kind !== "NPS") || score === null) return null;
  return { kind, score, at: new Date(row.occurredAt) };
}

function toFacts(row: FactRow | undefined, people: number, feedback: Feedback | null): AccountFacts {
  if (!row) return { ...NO_FACTS, people, feedback };
  return {
    lastActivityAt: row.lastActivityAt ? new Date(row.lastActivityAt) : null,
    // SQLite sums whole numbers as integers and PostgreSQL counts in bigint, which arrive as BigInt: every figure goes through Number.
    decayedEvents: Number(row.decayedEvents ?? 0),
    kinds: Number(row.kinds),
    subjects: Number(row.subjects),
    decayedMinutes: Number(row.decayedMinutes ?? 0),
    activePeople: Number(row.activePeople),
    people,
    productDecayedUses: row.productDecayedUses === null ? null : Number(row.productDecayedUses),
    productFeatures: Number(row.productFeatures),
    feedback,
  };
}

function halfLives(settings: SettingsRow[]) {
  return TIERS.map((tier) => settingsFor(tier, settings).halfLifeDays);
}

type FeedbackRow = { accountId: string; value: number | null; data: string | null; occurredAt: string };

/** Facts for the given accounts (all when `accountId` is omitted), keyed by account id. */
/** The facts query's parameters, in the order its placeholders appear. */
function factsArgs(settings: SettingsRow[], now: Date) {
  const end = sqlDate(now);
  const daysAgo = (days: number) => sqlDate(new Date(now.getTime() - days * DAY_MS));
  const lives = halfLives(settings);
  const tierStarts = lives.map((halfLife) => daysAgo(lookbackDays(halfLife)));
  const earliest = daysAgo(Math.max(...lives.map(lookbackDays)));
  return [end, ...lives, daysAgo(ACTIVE_WINDOW_DAYS), earliest, end, ...tierStarts];
}

/** Facts for every account, keyed by account id. */
async function gatherFacts(db: Db | Tx, settings: SettingsRow[], now: Date) {
  const end = sqlDate(now);
  const factRows = await db.$queryRawUnsafe<FactRow[]>(factsSql(false), ...factsArgs(settings, now));
  const feedbackStart = sqlDate(new Date(now.getTime() - FEEDBACK_LOOKBACK_DAYS * DAY_MS));
  const feedbackRows = await db.$queryRawUnsafe<FeedbackRow[]>(placeholders(FEEDBACK_SQL), feedbackStart, end);
  const peopleRows = await db.$queryRawUnsafe<{ accountId: string; people: Count }[]>(PEOPLE_SQL);
  const facts = new Map(factRows.map((row) => [row.accountId, row]));
  const feedback = new Map(feedbackRows.map((row) => [row.accountId, parseFeedback(row)]));
  const people = new Map(peopleRows.map((row) => [row.accountId, Number(row.people)]));
  return (id: string) => toFacts(facts.get(id), people.get(id) ?? 0, feedback.get(id) ?? null);
}

/** The latest unexpired call per account. */
async function activeCalls(db: Db | Tx, now: Date): Promise<Map<string, HealthCall>> {
  const rows = await db.healthOverride.findMany({
    where: { expiresAt: { gt: now } },
    orderBy: { createdAt: "asc" },
    select: { accountId: true, health: true, reason: true, expiresAt: true },
  });
  return new Map(rows.map((row) => [row.accountId, row]));
}

type ScoredAccount = { accountId: string; assessment: AccountAssessment };

const SCORE_COLUMNS = [
  "accountId",
  "score",
  "recency",
  "frequency",
  "breadth",
  "depth",
  "reach",
  "productUsage",
  "feedback",
  "health",
  "healthReasons",
] as const;

/** The type each AccountScore column's JSON text is cast to on PostgreSQL (text columns need none). */
const SCORE_TYPES: Partial<Record<(typeof SCORE_COLUMNS)[number], SqlType>> = {
  score: "integer",
  recency: "double",
  frequency: "double",
  breadth: "double",
  depth: "double",
  reach: "double",
  productUsage: "double",
  feedback: "double",
  health: '"Health"',
};

/**
 * Upserts AccountScore and the day's HealthSnapshot for many accounts in two statements: the rows go
 * in as one JSON parameter that the database unpacks (json_each on SQLite, json_array_elements on
 * PostgreSQL). Thousands of bound parameters cost far more in the driver than one string does.
 */
function scoreStatements(db: Db | Tx, scored: ScoredAccount[], now: Date) {
  const rows = JSON.stringify(
    scored.map(({ accountId, assessment: a }) => [
      accountId,
      a.score,
      a.parts.recency,
      a.parts.frequency,
      a.parts.breadth,
      a.parts.depth,
      a.parts.reach,
      a.productUsage,
      a.feedback,
      a.health,
      JSON.stringify(a.reasons),
    ]),
  );
  const columns = SCORE_COLUMNS.map((column) => `"${column}"`).join(", ");
  const field = (index: number, type?: SqlType) => (type ? cast(`r."value" ->> ${index}`, type) : `r."value" ->> ${index}`);
  const values = SCORE_COLUMNS.map((column, index) => field(index, SCORE_TYPES[column])).join(", ");
  const updates = SCORE_COLUMNS.slice(1)
    .map((column) => `"${column}" = excluded."${column}"`)
    .join(", ");
  // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to the SELECT's join.
  const scores = db.$executeRawUnsafe(
    placeholders(`INSERT INTO "AccountScore" (${columns}, "computedAt")
     SELECT ${values}, ${cast("?", "timestamp")} FROM ${jsonArrayRows("r")} WHERE true
     ON CONFLICT ("accountId") DO UPDATE SET ${updates}, "computedAt" = excluded."computedAt"`),
    sqlDate(now),
    rows,
  );
  const snapshots = db.$executeRawUnsafe(
    placeholders(`INSERT INTO "HealthSnapshot" ("accountId", "day", "score", "health", "createdAt")
     SELECT ${field(0)}, ?, ${field(1, "integer")}, ${field(9, '"Health"')}, ${cast("?", "timestamp")}
     FROM ${jsonArrayRows("r")} WHERE true
     ON CONFLICT ("accountId", "day") DO UPDATE SET "score" = excluded."score", "health" = excluded."health"`),
    snapshotDay(now),
    sqlDate(now),
    rows,
  );
  return [scores, snapshots] as const;
}

async function writeScores(tx: Tx, scored: ScoredAccount[], now: Date) {
  for (const statement of scoreStatements(tx, scored, now)) await statement;
}

/**
 * One account, now: reads its bounded window of events (by the accountId/occurredAt index), writes
 * its AccountScore and today's HealthSnapshot. Returns null when there is no such account.
 */
export async function recomputeAccountScore(db: Db, accountId: string, now = new Date()) {
  const assessment = await assessAccountNow(db, accountId, now);
  // Two statements in one batch transaction: a single round trip, where an interactive one takes four.
  if (assessment) await db.$transaction([...scoreStatements(db, [{ accountId, assessment }], now)]);
  return assessment;
}

type ProfileRow = {
  tier: Tier;
  people: Count;
  fbValue: number | null;
  fbData: string | null;
  fbAt: string | null;
  callHealth: Health | null;
  callReason: string | null;
  callExpiresAt: string | null;
};

/**
 * One account's tier, people, latest feedback and active call in one query (the incremental path).
 * On SQLite the unary `+` keeps the planner off the kind index for the feedback (the account's own
 * events are fewer); PostgreSQL has no unary plus for text and plans by its statistics.
 */
const PROFILE_SQL = `
  SELECT a."tier",
    (SELECT COUNT(*) FROM "User" u WHERE u."accountId" = a."id" AND u."deactivatedAt" IS NULL AND u."role" IN ('MEMBER', 'ACCOUNT_ADMIN')) AS "people",
    f."value" AS "fbValue", f."data" AS "fbData", f."occurredAt" AS "fbAt",
    o."health" AS "callHealth", o."reason" AS "callReason", o."expiresAt" AS "callExpiresAt"
  FROM "Account" a
  LEFT JOIN (
    SELECT "value", "data", "occurredAt" FROM "EngagementEvent"
    WHERE "accountId" = ? AND ${isPostgres ? "" : "+"}"kind" = 'session.feedback_given' AND "occurredAt" >= ? AND "occurredAt" <= ?
    ORDER BY "occurredAt" DESC, "id" DESC LIMIT 1
  ) f ON TRUE
  LEFT JOIN (
    SELECT "health", "reason", "expiresAt" FROM "HealthOverride" WHERE "accountId" = ? AND "expiresAt" > ? ORDER BY "createdAt" DESC LIMIT 1
  ) o ON TRUE
  WHERE a."id" = ?`;

/** The same assessment without writing it (null when there is no such account). */
export async function assessAccountNow(db: Db, accountId: string, now = new Date()) {
  const end = sqlDate(now);
  const feedbackStart = sqlDate(new Date(now.getTime() - FEEDBACK_LOOKBACK_DAYS * DAY_MS));
  const [profile] = await db.$queryRawUnsafe<ProfileRow[]>(
    placeholders(PROFILE_SQL),
    accountId,
    feedbackStart,
    end,
    accountId,
    end,
    accountId,
  );
  if (!profile) return null;
  const settings = await loadSettings(db);
  const [row] = await db.$queryRawUnsafe<FactRow[]>(factsSql(true), ...factsArgs(settings, now), accountId);
  const feedback = profile.fbAt ? parseFeedback({ value: profile.fbValue, data: profile.fbData, occurredAt: profile.fbAt }) : null;
  const call =
    profile.callHealth && profile.callReason !== null && profile.callExpiresAt
      ? { health: profile.callHealth, reason: profile.callReason, expiresAt: new Date(profile.callExpiresAt) }
      : null;
  const facts = toFacts(row, Number(profile.people), feedback);
  return assessAccount({ facts, settings: settingsFor(profile.tier, settings), call, now });
}

/**
 * Every account: three aggregate queries over the lookback window, the engine in memory, then the
 * writes in batched statements inside one transaction. Also writes today's snapshot for each account.
 */
export async function recomputeAllScores(db: Db, now = new Date()) {
  const settings = await loadSettings(db);
  const accounts = await db.account.findMany({ select: { id: true, tier: true } });
  const factsOf = await gatherFacts(db, settings, now);
  const calls = await activeCalls(db, now);
  const counts: Record<Health, number> = { RED: 0, YELLOW: 0, GREEN: 0 };
  const scored = accounts.map(({ id, tier }) => {
    const assessment = assessAccount({ facts: factsOf(id), settings: settingsFor(tier, settings), call: calls.get(id), now });
    counts[assessment.health] += 1;
    return { accountId: id, assessment };
  });
  await writeTransaction(db, (tx) => writeScores(tx, scored, now));
  return { accounts: scored.length, ...counts };
}

/**
 * How many accounts would be red, yellow and green under other settings, without writing: the
 * admin's preview. Reads the same facts as a full recompute.
 */
export async function previewHealthBands(settingsByTier: Record<Tier, ScoreSettings>, now = new Date(), onlyTier?: Tier, db: Db = prisma) {
  const rows = TIERS.map((tier) => ({ tier, ...settingsByTier[tier] }));
  const accounts = await db.account.findMany({ where: onlyTier ? { tier: onlyTier } : {}, select: { id: true, tier: true } });
  const factsOf = await gatherFacts(db, rows, now);
  const calls = await activeCalls(db, now);
  const counts: Record<Health, number> = { RED: 0, YELLOW: 0, GREEN: 0 };
  for (const { id, tier } of accounts) {
    counts[assessAccount({ facts: factsOf(id), settings: settingsByTier[tier], call: calls.get(id), now }).health] += 1;
  }
  return counts;
}

export const RESCORE_JOB_KIND = "engagement.rescore";
export const SCORES_NIGHTLY_JOB_KIND = "engagement.scores-nightly";
export const SCORES_FULL_JOB_KIND = "engagement.scores-full";

/**
 * A debounced rescore of one account: every request within the same minute shares one job (the key),
 * which runs at the start of the next minute, after the burst.
 */
export function requestRescore(tx: Tx, accountId: string, now = new Date()) {
  const minute = Math.floor(now.getTime() / 60_000);
  return enqueueJob(tx, {
    kind: RESCORE_JOB_KIND,
    payload: { accountId },
    runAt: new Date((minute + 1) * 60_000),
    idempotencyKey: rescoreKey(accountId, minute),
    maxAttempts: 3,
  });
}

function rescoreKey(accountId: string, minute: number) {
  return `rescore:${accountId}:${minute}`;
}

/**
 * requestRescore for every account a batch touched (the events API), in two statements whatever the
 * count: the same job, key and run time per account as one by one. Inside a write transaction, so the
 * read of existing keys cannot race another writer. Returns how many jobs were queued.
 */
export async function requestRescores(tx: Tx, accountIds: Iterable<string>, now = new Date()) {
  const minute = Math.floor(now.getTime() / 60_000);
  const keys = new Map([...new Set(accountIds)].map((accountId) => [rescoreKey(accountId, minute), accountId]));
  if (keys.size === 0) return 0;
  const queued = await tx.job.findMany({ where: { idempotencyKey: { in: [...keys.keys()] } }, select: { idempotencyKey: true } });
  for (const job of queued) keys.delete(job.idempotencyKey!);
  if (keys.size === 0) return 0;
  const runAt = new Date((minute + 1) * 60_000);
  await tx.job.createMany({
    data: [...keys].map(([idempotencyKey, accountId]) => ({
      kind: RESCORE_JOB_KIND,
      payload: JSON.stringify({ accountId }),
      runAt,
      idempotencyKey,
      maxAttempts: 3,
    })),
  });
  return keys.size;
}

/** A full recompute soon (after the admin saves weights); one per minute at most. */
export function requestFullRecompute(tx: Tx, now = new Date()) {
  const minute = Math.floor(now.getTime() / 60_000);
  return enqueueJob(tx, { kind: SCORES_FULL_JOB_KIND, payload: {}, idempotencyKey: `scores-full:${minute}`, maxAttempts: 3 });
}

/** The nightly run is at 02:00 UTC, when the fewest people are using the app in most zones we serve. */
export const NIGHTLY_HOUR_UTC = 2;

export function nextNightlyRun(now: Date) {
  const run = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), NIGHTLY_HOUR_UTC));
  return run > now ? run : new Date(run.getTime() + DAY_MS);
}

/** Makes sure the next nightly run is queued; the key is its time, so every process queues the same one. */
export async function scheduleNightlyScores(db: Db = prisma, now = new Date()) {
  const runAt = nextNightlyRun(now);
  await writeTransaction(db, (tx) =>
    enqueueJob(tx, { kind: SCORES_NIGHTLY_JOB_KIND, payload: {}, runAt, idempotencyKey: `scores-nightly:${runAt.toISOString()}` }),
  );
  return runAt;
}
