import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { captureLogs } from "#test/log-capture.ts";
import { createClient, prisma, type Db } from "~/utils/db.server.ts";
import { logger, withLogContext } from "~/utils/logger.server.ts";
import { retryDelayMs } from "./backoff.ts";
import { registerJobHandler, type JobHandler } from "./handlers.server.ts";
import { enqueueJob, enqueueJobNow } from "./queue.server.ts";
import { createWorker, startWorkerFromEnv, type Worker, type WorkerOptions } from "./worker.server.ts";

let clock: Date;
const now = () => clock;
const cleanups: (() => unknown)[] = [];

function handle(kind: string, handler: JobHandler) {
  cleanups.push(registerJobHandler(kind, handler));
}

function worker(options: Partial<WorkerOptions> = {}): Worker {
  const created = createWorker({
    pollMs: 60_000,
    concurrency: 4,
    now,
    // Half the ceiling, so the tests know exactly when a retry is due.
    retryDelay: (attempts) => retryDelayMs(attempts, { random: () => 0.5 }),
    ...options,
  });
  cleanups.push(() => created.stop());
  return created;
}

function readJob(id: string) {
  return prisma.job.findUniqueOrThrow({ where: { id } });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await sleep(10);
  }
}

beforeEach(async () => {
  clock = new Date("2026-03-01T12:00:00.000Z");
  await prisma.job.deleteMany();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("job worker", () => {
  test("runs a due job once and marks it completed", async () => {
    const calls: unknown[] = [];
    handle("test.ok", async (payload, job) => {
      calls.push({ payload, job });
    });
    const { id } = await enqueueJob(prisma, { kind: "test.ok", payload: { hello: "world" }, runAt: clock, idempotencyKey: "k-1" });

    const w = worker({ owner: "w1" });
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0);

    expect(calls).toEqual([{ payload: { hello: "world" }, job: { id, kind: "test.ok", attempts: 1, idempotencyKey: "k-1" } }]);
    const row = await readJob(id);
    expect(row.completedAt).toEqual(clock);
    expect(row).toMatchObject({ attempts: 1, leaseOwner: null, leasedUntil: null, failedAt: null, lastError: null });
  });

  test("does not run a job before its runAt", async () => {
    let calls = 0;
    handle("test.later", async () => void calls++);
    await enqueueJob(prisma, { kind: "test.later", payload: null, runAt: new Date(clock.getTime() + 60_000) });

    const w = worker();
    expect(await w.runOnce()).toBe(0);
    clock = new Date(clock.getTime() + 60_000);
    expect(await w.runOnce()).toBe(1);
    expect(calls).toBe(1);
  });

  test("a failing handler is retried after a backoff, then succeeds", async () => {
    let calls = 0;
    handle("test.flaky", async () => {
      calls++;
      if (calls === 1) throw new Error("provider is down");
    });
    const { id } = await enqueueJob(prisma, { kind: "test.flaky", payload: {}, runAt: clock });
    const w = worker();

    expect(await w.runOnce()).toBe(1);
    let row = await readJob(id);
    expect(row).toMatchObject({ attempts: 1, lastError: "provider is down", completedAt: null, failedAt: null, leaseOwner: null });
    expect(row.runAt).toEqual(new Date(clock.getTime() + 2_500));

    // Not due yet at the same instant.
    expect(await w.runOnce()).toBe(0);

    clock = new Date(clock.getTime() + 2_500);
    expect(await w.runOnce()).toBe(1);
    row = await readJob(id);
    expect(row.attempts).toBe(2);
    expect(row.completedAt).toEqual(clock);
    expect(calls).toBe(2);
  });

  test("after maxAttempts the job is dead and no longer claimed", async () => {
    let calls = 0;
    handle("test.broken", async () => {
      calls++;
      throw new Error("x".repeat(5_000));
    });
    const { id } = await enqueueJob(prisma, { kind: "test.broken", payload: {}, runAt: clock, maxAttempts: 2 });
    const w = worker();

    expect(await w.runOnce()).toBe(1);
    expect((await readJob(id)).failedAt).toBeNull();
    clock = new Date(clock.getTime() + 60_000);
    expect(await w.runOnce()).toBe(1);

    const row = await readJob(id);
    expect(row.attempts).toBe(2);
    expect(row.failedAt).toEqual(clock);
    expect(row.lastError).toHaveLength(2_000);
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    expect(await w.runOnce()).toBe(0);
    expect(calls).toBe(2);
  });

  test("each run logs one line with kind, id, attempt, duration and outcome; the handler's own lines carry the job", async () => {
    const capture = captureLogs();
    cleanups.push(() => capture.restore());
    let calls = 0;
    handle("test.logged", async () => {
      calls++;
      logger.info("inside the handler");
      if (calls < 3) throw new Error(`try ${calls} failed`);
    });
    const { id } = await enqueueJob(prisma, { kind: "test.logged", payload: {}, runAt: clock, maxAttempts: 3 });
    const { id: deadId } = await enqueueJob(prisma, { kind: "test.logged-dead", payload: {}, runAt: clock, maxAttempts: 1 });
    const w = worker();
    for (let round = 0; round < 3; round++) {
      await w.runOnce();
      clock = new Date(clock.getTime() + 60_000);
    }

    const runs = capture.lines.filter((line) => line.msg === "job run" && line.jobId === id);
    expect(runs.map((line) => [line.level, line.kind, line.attempt, line.outcome, line.error])).toEqual([
      ["warn", "test.logged", 1, "retry", "try 1 failed"],
      ["warn", "test.logged", 2, "retry", "try 2 failed"],
      ["info", "test.logged", 3, "completed", undefined],
    ]);
    for (const line of runs) expect(line.ms).toEqual(expect.any(Number));
    expect(runs[0]!.retryAt).toEqual(expect.any(String));
    const dead = capture.lines.find((line) => line.msg === "job run" && line.jobId === deadId);
    expect(dead).toMatchObject({ level: "error", kind: "test.logged-dead", attempt: 1, outcome: "failed" });
    expect(dead!.error).toMatch(/No handler registered/);
    const inside = capture.lines.filter((line) => line.msg === "inside the handler");
    expect(inside.map((line) => [line.jobId, line.kind, line.attempt])).toEqual([
      [id, "test.logged", 1],
      [id, "test.logged", 2],
      [id, "test.logged", 3],
    ]);
  });

  test("a job woken by a request does not log under that request's id", async () => {
    const capture = captureLogs();
    cleanups.push(() => capture.restore());
    const done = deferred();
    handle("test.woken", async () => {
      logger.info("inside the woken job");
      done.resolve();
    });
    worker({ now: undefined }).start();
    await withLogContext({ requestId: "request-that-enqueued" }, () => enqueueJobNow({ kind: "test.woken", payload: {} }));
    await done.promise;
    await waitFor(() => capture.lines.some((line) => line.msg === "job run" && line.kind === "test.woken"));

    const lines = capture.lines.filter((line) => line.kind === "test.woken");
    expect(lines.map((line) => line.msg)).toEqual(["inside the woken job", "job run"]);
    for (const line of lines) expect(line).not.toHaveProperty("requestId");
  });

  test("an unknown kind fails with a clear error", async () => {
    const { id } = await enqueueJob(prisma, { kind: "test.nobody-handles-this", payload: {}, runAt: clock });
    expect(await worker().runOnce()).toBe(1);
    const row = await readJob(id);
    expect(row.lastError).toBe('No handler registered for job kind "test.nobody-handles-this"');
    expect(row.attempts).toBe(1);
    expect(row.completedAt).toBeNull();
  });

  test("a crashed worker's expired lease is taken over; a live lease is left alone", async () => {
    const ran: string[] = [];
    handle("test.orphan", async (_payload, job) => void ran.push(job.id));
    const data = { kind: "test.orphan", payload: "{}", runAt: new Date(clock.getTime() - 120_000), attempts: 1 };
    const expired = await prisma.job.create({ data: { ...data, leaseOwner: "crashed", leasedUntil: new Date(clock.getTime() - 1_000) } });
    const live = await prisma.job.create({ data: { ...data, leaseOwner: "busy", leasedUntil: new Date(clock.getTime() + 30_000) } });

    expect(await worker({ owner: "rescuer" }).runOnce()).toBe(1);

    expect(ran).toEqual([expired.id]);
    expect(await readJob(expired.id)).toMatchObject({ attempts: 2, leaseOwner: null });
    expect((await readJob(expired.id)).completedAt).toEqual(clock);
    expect(await readJob(live.id)).toMatchObject({ attempts: 1, leaseOwner: "busy", completedAt: null });
  });

  test("two workers on separate connections run each of 50 jobs exactly once", async () => {
    // A second client has its own SQLite connection, so the race goes through the database's
    // locking, not just this process's single-connection mutex.
    const other = createClient(process.env.DATABASE_URL!);
    cleanups.push(() => other.$disconnect());

    const runs = new Map<string, number>();
    const byOwner = new Map<string, number>();
    handle("test.race", async (_payload, job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await sleep(1);
    });
    await prisma.job.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ kind: "test.race", payload: JSON.stringify({ i }), runAt: clock })),
    });

    const a = worker({ owner: "a", concurrency: 5 });
    const b = worker({ owner: "b", concurrency: 5, db: other as unknown as Db });
    async function drain(w: Worker) {
      for (;;) {
        const claimed = await w.runOnce();
        byOwner.set(w.owner, (byOwner.get(w.owner) ?? 0) + claimed);
        if (claimed > 0) continue;
        // Zero claimed can mean the other worker holds the rest; stop only when all are done.
        if ((await prisma.job.count({ where: { completedAt: null } })) === 0) return;
        // The SQLite driver is synchronous, so a loop of queries alone never lets timers run.
        await sleep(5);
      }
    }
    await Promise.all([drain(a), drain(b)]);

    expect(runs.size).toBe(50);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect((byOwner.get("a") ?? 0) + (byOwner.get("b") ?? 0)).toBe(50);
    expect(byOwner.get("a")).toBeGreaterThan(0);
    expect(byOwner.get("b")).toBeGreaterThan(0);
    expect(await prisma.job.count({ where: { completedAt: { not: null }, attempts: 1 } })).toBe(50);
  });

  test("the lease is extended while a long handler runs, so no other worker starts it", async () => {
    const gate = deferred();
    let calls = 0;
    handle("test.slow", async () => {
      calls++;
      await gate.promise;
    });
    const { id } = await enqueueJobNow({ kind: "test.slow", payload: {} });
    // Real clocks here: the heartbeat runs on timers.
    const first = worker({ owner: "first", leaseMs: 200, now: undefined });
    const second = worker({ owner: "second", leaseMs: 200, now: undefined });

    const running = first.runOnce();
    await waitFor(() => calls === 1);
    const leasedAt = (await readJob(id)).leasedUntil!;
    await sleep(400); // twice the lease: without a heartbeat it would have expired
    expect(await second.runOnce()).toBe(0);
    expect((await readJob(id)).leasedUntil!.getTime()).toBeGreaterThan(leasedAt.getTime());

    gate.resolve();
    expect(await running).toBe(1);
    expect(calls).toBe(1);
    const row = await readJob(id);
    expect(row).toMatchObject({ leaseOwner: null, attempts: 1 });
    expect(row.completedAt).not.toBeNull();
  });

  test("start() wakes on enqueue; stop() waits for the running handler, then nothing new runs", async () => {
    const gate = deferred();
    const ran: string[] = [];
    handle("test.inflight", async (_payload, job) => {
      ran.push(job.id);
      await gate.promise;
    });
    // A poll interval far beyond the test: only the enqueue notification can start the job.
    const w = worker({ now: undefined, pollMs: 60_000 });
    w.start();
    const { id } = await enqueueJobNow({ kind: "test.inflight", payload: {} });
    await waitFor(() => ran.length === 1);

    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await sleep(50);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect((await readJob(id)).completedAt).not.toBeNull();

    const later = await enqueueJobNow({ kind: "test.inflight", payload: {} });
    await sleep(100);
    expect(ran).toEqual([id]);
    expect((await readJob(later.id)).attempts).toBe(0);
  });

  test("start() polls for jobs written without a notification", async () => {
    let calls = 0;
    handle("test.polled", async () => void calls++);
    const w = worker({ now: undefined, pollMs: 50 });
    w.start();
    await sleep(20);
    await prisma.job.create({ data: { kind: "test.polled", payload: "{}" } });
    await waitFor(() => calls === 1);
  });

  test("while requests are in flight the worker waits, and runs the job as soon as they are done", async () => {
    let calls = 0;
    let busy = true;
    handle("test.yield", async () => void calls++);
    const w = worker({ now: undefined, pollMs: 60_000, busy: () => busy, maxYieldMs: 60_000 });
    w.start();
    await enqueueJobNow({ kind: "test.yield", payload: {} });
    await sleep(150);
    expect(calls).toBe(0);
    busy = false;
    await waitFor(() => calls === 1, 1_000);
  });

  test("under continuous load the worker still takes a batch every maxYieldMs, so jobs are never starved", async () => {
    let calls = 0;
    handle("test.starve", async () => void calls++);
    const w = worker({ now: undefined, pollMs: 60_000, busy: () => true, maxYieldMs: 100 });
    w.start();
    await enqueueJobNow({ kind: "test.starve", payload: {} });
    await sleep(40);
    expect(calls).toBe(0);
    await waitFor(() => calls === 1, 2_000);
  });

  test("start() keeps refilling free slots while a backlog is due, without waiting for the next poll", async () => {
    let calls = 0;
    handle("test.backlog", async () => {
      calls++;
      await sleep(5);
    });
    await prisma.job.createMany({ data: Array.from({ length: 20 }, () => ({ kind: "test.backlog", payload: "{}" })) });
    const w = worker({ now: undefined, pollMs: 60_000, concurrency: 2 });
    w.start();
    await waitFor(async () => (await prisma.job.count({ where: { completedAt: null } })) === 0, 3_000);
    expect(calls).toBe(20);
  });

  test("stop() during a claim releases claimed-but-not-started jobs without counting an attempt", async () => {
    let calls = 0;
    handle("test.released", async () => void calls++);
    await prisma.job.createMany({ data: [1, 2, 3].map(() => ({ kind: "test.released", payload: "{}", runAt: clock })) });

    let stopping: Promise<void> | undefined;
    // Stops the worker right after its first successful claim, the moment a SIGTERM could land.
    const job = new Proxy(prisma.job, {
      get(target, key, receiver) {
        if (key !== "updateMany") return Reflect.get(target, key, receiver);
        return async (args: Parameters<typeof prisma.job.updateMany>[0]) => {
          const result = await target.updateMany(args);
          if (args.data.leaseOwner === "quitter" && result.count === 1) stopping ??= w.stop();
          return result;
        };
      },
    });
    // On PostgreSQL the claim is one UPDATE … FOR UPDATE SKIP LOCKED through $queryRaw.
    const claimInOneStatement = async (...args: Parameters<typeof prisma.$queryRaw>) => {
      const rows = await prisma.$queryRaw<unknown[]>(...args);
      if (rows.length > 0) stopping ??= w.stop();
      return rows;
    };
    const db = new Proxy(prisma, {
      get: (target, key, receiver) =>
        key === "job" ? job : key === "$queryRaw" ? claimInOneStatement : Reflect.get(target, key, receiver),
    });
    const w = worker({ owner: "quitter", db });

    expect(await w.runOnce()).toBe(0);
    await stopping;
    expect(calls).toBe(0);
    const rows = await prisma.job.findMany({ select: { attempts: true, leaseOwner: true, leasedUntil: true } });
    expect(rows).toEqual([1, 2, 3].map(() => ({ attempts: 0, leaseOwner: null, leasedUntil: null })));
  });

  test("enqueueing twice with one idempotency key writes one job", async () => {
    const first = await enqueueJobNow({ kind: "test.once", payload: { n: 1 }, idempotencyKey: "registration:42" });
    const second = await enqueueJobNow({ kind: "test.once", payload: { n: 2 }, idempotencyKey: "registration:42" });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(await prisma.job.count({ where: { idempotencyKey: "registration:42" } })).toBe(1);
  });

  test("startWorkerFromEnv respects WORKER_ENABLED=false", () => {
    expect(startWorkerFromEnv()).toBeNull();
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
