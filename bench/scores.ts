// `npm run bench:scores`: the full recompute of every account's score and health, and the incremental
// update of one account. Targets (issue 7): 10,000 accounts over 1,000,000 events in under 10 s; one
// account in under 5 ms.
//
// Migrates a fresh SQLite file under tmp/bench, fills it with better-sqlite3 directly (fast, not the
// thing measured), then times the app's own functions through the app's Prisma client.
//
// Knobs: BENCH_ACCOUNTS (10000), BENCH_EVENTS (1000000), BENCH_PEOPLE (5 per account), BENCH_SAMPLES (500).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 5);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const root = path.resolve(import.meta.dirname, "..");
const DAY_MS = 86_400_000;

const KINDS = [
  "session.registered",
  "session.attended",
  "video.watched",
  "video.completed",
  "document.opened",
  "newsletter.opened",
  "newsletter.clicked",
  "product.used",
  "product.used",
  "product.used",
  "session.feedback_given",
  "session.no_show",
  "csm_hour.attended",
] as const;

/** A small deterministic generator, so two runs measure the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (at: number) => new Date(at).toISOString().replace("Z", "+00:00");

function fill(file: string, now: Date) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const rand = random(7);
  const stamp = iso(now.getTime());
  const tiers = ["TECH", "TECH", "LOW", "HIGH"];
  const insertAccount = db.prepare(
    `INSERT INTO "Account" (id, name, plan, tier, arrCents, createdAt, updatedAt) VALUES (?, ?, 'Growth', ?, ?, ?, ?)`,
  );
  const insertUser = db.prepare(
    `INSERT INTO "User" (id, email, name, role, accountId, createdAt, updatedAt) VALUES (?, ?, ?, 'MEMBER', ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO "EngagementEvent" (id, accountId, userId, kind, subjectType, subjectId, value, data, occurredAt, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let a = 0; a < ACCOUNTS; a++) {
      insertAccount.run(`acc${a}`, `Bench account ${a}`, tiers[a % tiers.length], Math.round(rand() * 10_000_000), stamp, stamp);
      for (let p = 0; p < PEOPLE; p++) insertUser.run(`u${a}.${p}`, `p${p}@a${a}.example`, `Person ${a}.${p}`, `acc${a}`, stamp, stamp);
    }
  })();
  const batch = 50_000;
  for (let start = 0; start < EVENTS; start += batch) {
    db.transaction(() => {
      for (let e = start; e < Math.min(EVENTS, start + batch); e++) {
        // Skewed: a few accounts are very busy, most are quiet.
        const a = Math.floor(ACCOUNTS * rand() ** 2);
        const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
        const at = now.getTime() - Math.floor(rand() * 365 * DAY_MS);
        const feedback = kind === "session.feedback_given";
        const score = Math.floor(rand() * 11);
        insertEvent.run(
          `e${e}`,
          `acc${a}`,
          `u${a}.${Math.floor(rand() * PEOPLE)}`,
          kind,
          kind === "product.used" ? "feature" : "content",
          `s${Math.floor(rand() * 40)}`,
          feedback ? score : kind === "video.watched" ? Math.floor(rand() * 1800) : kind.endsWith("attended") ? 45 : null,
          feedback ? JSON.stringify({ feedbackKind: "NPS", score }) : null,
          iso(at),
          iso(at),
        );
      }
    })();
  }
  db.close();
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const dir = path.join(root, "tmp/bench");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scores-${Date.now()}.db`);
  process.env.DATABASE_URL = `file:${file}`;
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  const now = new Date();
  let started = performance.now();
  fill(file, now);
  console.log(
    `setup: ${ACCOUNTS.toLocaleString("en")} accounts, ${EVENTS.toLocaleString("en")} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // Imported only now: the app's database client reads DATABASE_URL when it is first loaded.
  const { ensureDatabaseReady, prisma } = await import("~/utils/db.server.ts");
  const { recomputeAccountScore, recomputeAllScores, requestRescore } = await import("~/modules/engagement/scores.server.ts");
  const { writeTransaction } = await import("~/utils/db.server.ts");
  await ensureDatabaseReady();

  const [load] = os.loadavg();
  started = performance.now();
  const cpu = process.cpuUsage();
  const result = await recomputeAllScores(prisma, now);
  const fullMs = performance.now() - started;
  const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
  console.log(`full recompute: ${(fullMs / 1000).toFixed(2)} s for ${result.accounts.toLocaleString("en")} accounts (target < 10 s)`);
  // SQLite runs inside this process, so its CPU time is the work itself, whatever else shares the machine.
  console.log(`  CPU time ${(cpuMs / 1000).toFixed(2)} s; machine load average ${load!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`  health: ${result.GREEN} green, ${result.YELLOW} yellow, ${result.RED} red`);

  const rand = random(11);
  const timings: number[] = [];
  const incrementalCpu = process.cpuUsage();
  for (let i = 0; i < SAMPLES + 20; i++) {
    const id = `acc${Math.floor(rand() * ACCOUNTS)}`;
    const t = performance.now();
    await recomputeAccountScore(prisma, id, now);
    if (i >= 20) timings.push(performance.now() - t); // the first few warm the statement cache
  }
  const cpuPerUpdate = (({ user, system }) => (user + system) / 1000 / (SAMPLES + 20))(process.cpuUsage(incrementalCpu));
  timings.sort((x, y) => x - y);

  // What hooking recordEvent would add to every event-writing transaction: the debounced enqueue.
  const bare: number[] = [];
  const withEnqueue: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    let t = performance.now();
    await writeTransaction(prisma, (tx) => tx.account.findUnique({ where: { id: "acc1" }, select: { id: true } }));
    bare.push(performance.now() - t);
    t = performance.now();
    await writeTransaction(prisma, async (tx) => {
      await tx.account.findUnique({ where: { id: "acc1" }, select: { id: true } });
      await requestRescore(tx, `acc${i % ACCOUNTS}`, now);
    });
    withEnqueue.push(performance.now() - t);
  }
  bare.sort((x, y) => x - y);
  withEnqueue.sort((x, y) => x - y);
  const busiest = await prisma.engagementEvent.count({ where: { accountId: "acc0" } });
  const t = performance.now();
  await recomputeAccountScore(prisma, "acc0", now);
  const busiestMs = performance.now() - t;
  console.log(
    `incremental (one account, ${SAMPLES} samples): p50 ${percentile(timings, 50).toFixed(2)} ms, p95 ${percentile(timings, 95).toFixed(2)} ms, max ${timings.at(-1)!.toFixed(2)} ms (target < 5 ms)`,
  );
  console.log(`  CPU time per update ${cpuPerUpdate.toFixed(2)} ms`);
  console.log(`  busiest account (${busiest.toLocaleString("en")} events): ${busiestMs.toFixed(2)} ms`);
  console.log(
    `enqueue a debounced rescore in a write transaction: p50 +${(percentile(withEnqueue, 50) - percentile(bare, 50)).toFixed(2)} ms, p95 +${(percentile(withEnqueue, 95) - percentile(bare, 95)).toFixed(2)} ms per transaction`,
  );
  await prisma.$disconnect();
  if (!process.env.BENCH_KEEP) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
