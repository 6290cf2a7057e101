import { z } from "zod";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { prisma, writeTransaction, type Db } from "~/utils/db.server.ts";
import { logger } from "~/utils/logger.server.ts";
import {
  recomputeAccountScore,
  recomputeAllScores,
  RESCORE_JOB_KIND,
  scheduleNightlyScores,
  SCORES_FULL_JOB_KIND,
  SCORES_NIGHTLY_JOB_KIND,
} from "./scores.server.ts";

const RescorePayload = z.object({ accountId: z.string().min(1) });
const CatchUpPayload = z.object({ since: z.string().datetime() });

export const SCORES_CATCH_UP_JOB_KIND = "engagement.scores-catch-up";
/** Scores follow new events within this long, without touching the paths that record them. */
export const CATCH_UP_EVERY_MS = 15 * 60_000;
/** Past this many changed accounts one full recompute is cheaper than one query set per account. */
const CATCH_UP_FULL_ABOVE = 500;

function nextCatchUpAt(now: Date) {
  return new Date((Math.floor(now.getTime() / CATCH_UP_EVERY_MS) + 1) * CATCH_UP_EVERY_MS);
}

/** Queues the next catch-up at the next 15-minute boundary, covering events recorded since `since`. */
export async function scheduleScoresCatchUp(db: Db = prisma, now = new Date(), since = now) {
  const runAt = nextCatchUpAt(now);
  await writeTransaction(db, (tx) =>
    enqueueJob(tx, {
      kind: SCORES_CATCH_UP_JOB_KIND,
      payload: { since: since.toISOString() },
      runAt,
      idempotencyKey: `scores-catch-up:${runAt.toISOString()}`,
      maxAttempts: 3,
    }),
  );
}

/** Rescores the accounts with events recorded since `since`; returns how many. */
export async function catchUpScores(db: Db, since: Date, now = new Date()) {
  const rows = await db.engagementEvent.findMany({
    where: { recordedAt: { gte: since }, accountId: { not: null } },
    distinct: ["accountId"],
    select: { accountId: true },
  });
  const ids = rows.map((row) => row.accountId).filter((id): id is string => id !== null);
  if (ids.length > CATCH_UP_FULL_ABOVE) await recomputeAllScores(db, now);
  else for (const id of ids) await recomputeAccountScore(db, id, now);
  return ids.length;
}

/** The scores' jobs; called once when the server starts. Returns an unregister. */
export function registerScoreJobs(db: Db = prisma): () => void {
  const unregister = [
    registerJobHandler(RESCORE_JOB_KIND, async (payload) => {
      await recomputeAccountScore(db, RescorePayload.parse(payload).accountId);
    }),
    registerJobHandler(SCORES_FULL_JOB_KIND, async () => {
      const result = await recomputeAllScores(db);
      logger.info("scores recomputed", result);
    }),
    registerJobHandler(SCORES_NIGHTLY_JOB_KIND, async () => {
      const started = performance.now();
      const result = await recomputeAllScores(db);
      logger.info("nightly scores and health snapshots written", { ...result, ms: Math.round(performance.now() - started) });
      await scheduleNightlyScores(db);
    }),
    registerJobHandler(SCORES_CATCH_UP_JOB_KIND, async (payload) => {
      const now = new Date();
      await catchUpScores(db, new Date(CatchUpPayload.parse(payload).since), now);
      await scheduleScoresCatchUp(db, now, now);
    }),
  ];
  return () => unregister.forEach((remove) => remove());
}

/** At start: the next nightly run and the next catch-up are queued (no-ops when already queued). */
export async function scheduleScoreJobs(db: Db = prisma, now = new Date()) {
  await scheduleNightlyScores(db, now);
  await scheduleScoresCatchUp(db, now, new Date(now.getTime() - CATCH_UP_EVERY_MS));
}
