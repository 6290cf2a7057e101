import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { isPostgres, prisma, type Db, type Prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger, outsideLogContext, withLogContext } from "~/utils/logger.server.ts";
import { retryDelayMs } from "./backoff.ts";
import { getJobHandler } from "./handlers.server.ts";
import { onJobEnqueued } from "./queue.server.ts";

const MAX_ERROR_LENGTH = 2000;

export type WorkerOptions = {
  /** Written into leaseOwner; must differ between workers. Defaults to host:pid:random. */
  owner?: string;
  pollMs: number;
  /** Most jobs this worker runs at once. */
  concurrency: number;
  /** How long a claim holds before another worker may take the job over (a crashed worker's jobs). */
  leaseMs?: number;
  now?: () => Date;
  db?: Db;
  /** Delay before the next attempt, given the attempts made so far. */
  retryDelay?: (attempts: number) => number;
  /**
   * True while the process is serving requests: the worker then waits (re-checking every
   * YIELD_RETRY_MS) so jobs do not take the CPU from people waiting on a page. After `maxYieldMs`
   * of continuous load it takes one batch anyway, so jobs are delayed, never starved.
   */
  busy?: () => boolean;
  maxYieldMs?: number;
};

const YIELD_RETRY_MS = 25;

function errorMessage(error: unknown) {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
}

export type Worker = {
  readonly owner: string;
  /** Polls every pollMs and wakes as soon as a job is enqueued in this process. */
  start(): void;
  /** Stops claiming, releases jobs claimed but not started, and waits for running handlers. */
  stop(): Promise<void>;
  /** Claims and runs one batch (up to `concurrency` jobs); resolves with the number claimed. */
  runOnce(): Promise<number>;
};

type ClaimedJob = {
  id: string;
  kind: string;
  payload: string;
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string | null;
};

/** A job another worker may claim: not finished, due, and not under a live lease. */
function claimable(at: Date) {
  return {
    completedAt: null,
    failedAt: null,
    runAt: { lte: at },
    OR: [{ leasedUntil: null }, { leasedUntil: { lt: at } }],
  } satisfies Prisma.JobWhereInput;
}

export function createWorker(options: WorkerOptions): Worker {
  const { pollMs, concurrency, leaseMs = 60_000, now = () => new Date(), db = prisma, busy, maxYieldMs = 1_000 } = options;
  const retryDelay = options.retryDelay ?? ((attempts: number) => retryDelayMs(attempts));
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const running = new Set<Promise<void>>();
  const claiming = new Set<Promise<Promise<void>[]>>();
  let started = false;
  let stopping = false;
  let ticking = false;
  let tickAgain = false;
  // The last claim filled every free slot, so more jobs may be due: refill as soon as one finishes.
  let saturated = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  let yieldingSince: number | null = null;

  function shouldYield() {
    if (!busy?.()) {
      yieldingSince = null;
      return false;
    }
    const at = Date.now();
    yieldingSince ??= at;
    if (at - yieldingSince < maxYieldMs) return true;
    yieldingSince = at;
    return false;
  }

  async function claimAndLaunch(limit: number): Promise<Promise<void>[]> {
    if (limit <= 0 || stopping) return [];
    const at = now();
    const claimed = isPostgres ? await claimSkippingLocked(at, limit) : await claimOneByOne(at, limit);
    if (claimed.length === 0) return [];
    const jobs = await db.job.findMany({
      where: { id: { in: claimed }, leaseOwner: owner },
      // Started in the order they fell due, whatever order the claim returned them in.
      orderBy: [{ runAt: "asc" }, { createdAt: "asc" }],
      select: { id: true, kind: true, payload: true, attempts: true, maxAttempts: true, idempotencyKey: true },
    });
    if (stopping) {
      await release(claimed);
      return [];
    }
    // Launch synchronously after the stopping check, so stop() either sees these in `running` or
    // they were released above.
    return jobs.map(launch);
  }

  /**
   * PostgreSQL: one statement takes up to `limit` due jobs, skipping rows another worker's claim has
   * locked at this moment, so several app nodes polling together neither wait on each other nor
   * take the same job.
   */
  async function claimSkippingLocked(at: Date, limit: number): Promise<string[]> {
    const leasedUntil = new Date(at.getTime() + leaseMs);
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE "Job" SET "leaseOwner" = ${owner}, "leasedUntil" = ${leasedUntil}, "attempts" = "attempts" + 1, "updatedAt" = ${at}
      WHERE "id" IN (
        SELECT "id" FROM "Job"
        WHERE "completedAt" IS NULL AND "failedAt" IS NULL AND "runAt" <= ${at} AND ("leasedUntil" IS NULL OR "leasedUntil" < ${at})
        ORDER BY "runAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id"`;
    return rows.map((row) => row.id);
  }

  /** SQLite (one writer at a time): read a few candidates, then take each with a conditional write. */
  async function claimOneByOne(at: Date, limit: number): Promise<string[]> {
    // Read more candidates than free slots: other workers may win some of them.
    const candidates = await db.job.findMany({
      where: claimable(at),
      orderBy: { runAt: "asc" },
      take: limit * 3,
      select: { id: true },
    });
    const claimed: string[] = [];
    for (const { id } of candidates) {
      if (claimed.length >= limit || stopping) break;
      // The conditional write is the lock: the database lets exactly one worker's update match.
      const { count } = await db.job.updateMany({
        where: { id, ...claimable(at) },
        data: { leaseOwner: owner, leasedUntil: new Date(at.getTime() + leaseMs), attempts: { increment: 1 } },
      });
      if (count === 1) claimed.push(id);
    }
    return claimed;
  }

  /** Hands back claims that never ran; the attempt didn't happen, so it isn't counted. */
  async function release(ids: string[]) {
    await db.job.updateMany({
      where: { id: { in: ids }, leaseOwner: owner },
      data: { leaseOwner: null, leasedUntil: null, attempts: { decrement: 1 } },
    });
  }

  async function claim(limit: number) {
    const pending = claimAndLaunch(limit);
    claiming.add(pending);
    try {
      return await pending;
    } finally {
      claiming.delete(pending);
    }
  }

  function launch(job: ClaimedJob): Promise<void> {
    const run: Promise<void> = execute(job).then(() => {
      running.delete(run);
      // setImmediate, not a direct call: the SQLite driver is synchronous, so a backlog of quick jobs
      // refilled in microtasks alone would starve HTTP requests served by this process.
      if (saturated) setImmediate(wake);
    });
    running.add(run);
    return run;
  }

  /** Never rejects: every outcome is written to the row, and every run is one log line (kind, id, attempt, ms, outcome). */
  async function execute(job: ClaimedJob) {
    const startedAt = performance.now();
    // A handler still running at half the lease gets more time, so no other worker starts it too.
    const heartbeat = setInterval(() => void extendLease(job), leaseMs / 2);
    // Lines the handler logs carry the job's id, kind and attempt.
    const failure = await withLogContext({ jobId: job.id, kind: job.kind, attempt: job.attempts }, async () => {
      try {
        const handler = getJobHandler(job.kind);
        if (!handler) throw new Error(`No handler registered for job kind "${job.kind}"`);
        const payload: unknown = JSON.parse(job.payload);
        await handler(payload, { id: job.id, kind: job.kind, attempts: job.attempts, idempotencyKey: job.idempotencyKey });
        return null;
      } catch (error) {
        return { error };
      } finally {
        clearInterval(heartbeat);
      }
    });
    const run = { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts, owner };
    const ms = () => Math.round(performance.now() - startedAt);
    try {
      if (!failure) {
        // Lost lease: another worker took the job over and may run it again; idempotency keys absorb the duplicate.
        if (await recordSuccess(job)) logger.info("job run", { ...run, ms: ms(), outcome: "completed" });
        else logger.warn("job run", { ...run, ms: ms(), outcome: "lease-lost" });
        return;
      }
      const recorded = await recordFailure(job, failure.error);
      const message = recorded ? recorded.message : errorMessage(failure.error);
      if (!recorded) logger.warn("job run", { ...run, ms: ms(), outcome: "lease-lost", error: message });
      else if (recorded.dead) logger.error("job run", { ...run, ms: ms(), outcome: "failed", error: message });
      else logger.warn("job run", { ...run, ms: ms(), outcome: "retry", error: message, retryAt: recorded.runAt?.toISOString() });
    } catch (error) {
      // The lease will expire and the job will run again: at-least-once delivery.
      logger.error("job worker could not record a job's outcome", { ...run, ms: ms(), error });
    }
  }

  async function recordSuccess(job: ClaimedJob) {
    const { count } = await db.job.updateMany({
      where: { id: job.id, leaseOwner: owner },
      data: { completedAt: now(), leaseOwner: null, leasedUntil: null },
    });
    return count === 1;
  }

  /** Null when the lease had passed to another worker (nothing written). */
  async function recordFailure(job: ClaimedJob, error: unknown) {
    const message = errorMessage(error);
    const at = now();
    const dead = job.attempts >= job.maxAttempts;
    const runAt = dead ? undefined : new Date(at.getTime() + retryDelay(job.attempts));
    const { count } = await db.job.updateMany({
      where: { id: job.id, leaseOwner: owner },
      data: { lastError: message, leaseOwner: null, leasedUntil: null, ...(dead ? { failedAt: at } : { runAt }) },
    });
    return count === 1 ? { message, dead, runAt } : null;
  }

  async function extendLease(job: ClaimedJob) {
    try {
      const { count } = await db.job.updateMany({
        where: { id: job.id, leaseOwner: owner, completedAt: null, failedAt: null },
        data: { leasedUntil: new Date(now().getTime() + leaseMs) },
      });
      if (count === 0) logger.warn("job lease lost while its handler runs", { jobId: job.id, kind: job.kind, owner });
    } catch (error) {
      logger.error("job worker could not extend a lease", { jobId: job.id, kind: job.kind, owner, error });
    }
  }

  function wake() {
    if (!started || stopping) return;
    if (ticking) {
      tickAgain = true;
      return;
    }
    clearTimeout(timer);
    if (shouldYield()) {
      timer = setTimeout(wake, YIELD_RETRY_MS);
      return;
    }
    ticking = true;
    void tick().finally(() => {
      ticking = false;
      if (tickAgain) {
        tickAgain = false;
        setImmediate(wake);
      } else if (!stopping) {
        timer = setTimeout(wake, pollMs);
      }
    });
  }

  async function tick() {
    const free = concurrency - running.size;
    if (free <= 0) {
      saturated = true;
      return;
    }
    try {
      const runs = await claim(free);
      saturated = runs.length === free;
    } catch (error) {
      logger.error("job worker could not claim jobs", { owner, error });
    }
  }

  return {
    owner,
    start() {
      if (started || stopping) return;
      started = true;
      // A request that enqueues a job wakes the worker; the worker's timers and runs must not inherit
      // that request's log context (its id would follow every later job).
      unsubscribe = onJobEnqueued(() => outsideLogContext(wake));
      outsideLogContext(wake);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      unsubscribe?.();
      // Claims in flight release their jobs once they see `stopping`, or launch them first.
      await Promise.allSettled([...claiming]);
      await Promise.allSettled([...running]);
    },
    async runOnce() {
      const runs = await claim(concurrency);
      await Promise.all(runs);
      return runs.length;
    },
  };
}

// Survives dev reloads of this module, like the Prisma client, so only one worker polls.
const globalForWorker = globalThis as unknown as { lyceumWorker?: Worker };

/** Starts the process's worker unless WORKER_ENABLED is false; returns it, or null when disabled. */
export function startWorkerFromEnv(options: Pick<WorkerOptions, "busy"> = {}): Worker | null {
  const env = getEnv();
  if (!env.WORKER_ENABLED) {
    logger.info("job worker disabled (WORKER_ENABLED=false)");
    return null;
  }
  if (globalForWorker.lyceumWorker) return globalForWorker.lyceumWorker;
  const worker = createWorker({ pollMs: env.WORKER_POLL_MS, concurrency: env.WORKER_CONCURRENCY, busy: options.busy });
  globalForWorker.lyceumWorker = worker;
  worker.start();
  logger.info("job worker started", { owner: worker.owner, pollMs: env.WORKER_POLL_MS, concurrency: env.WORKER_CONCURRENCY });
  return worker;
}

/** For shutdown: lets running jobs finish and frees the rest for other workers. */
export async function stopWorker(): Promise<void> {
  const worker = globalForWorker.lyceumWorker;
  if (!worker) return;
  globalForWorker.lyceumWorker = undefined;
  await worker.stop();
  logger.info("job worker stopped", { owner: worker.owner });
}
