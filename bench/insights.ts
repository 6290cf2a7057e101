// `npm run bench:insights`: the engagement screens on a large workspace — 10,000 accounts, 40,000
// people, 1,000,000 events over 90 days, 200 CSMs with 50 accounts each and 90 days of snapshots.
// Prints how long the team dashboard (30 and 90 days), one CSM's book and one account's timeline page
// take, as p50/max over a few runs. They are GROUP BY queries: the point is that they stay in the
// hundreds of milliseconds, not that they meet a contract figure.
//
// Knobs: BENCH_EVENTS (1000000), BENCH_ACCOUNTS (10000), BENCH_RUNS (5), BENCH_KEEP=1 keeps the database file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PEOPLE_PER_ACCOUNT = 4;
const CSMS = 200;
const DAY = 86_400_000;
const root = path.resolve(import.meta.dirname, "..");

// A small seeded PRNG (mulberry32), so two runs build the same workspace.
let state = 20261123;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

const KINDS = [
  ["session.registered", "webinar"],
  ["session.attended", "webinar"],
  ["session.no_show", "webinar"],
  ["video.watched", "video"],
  ["video.completed", "video"],
  ["document.opened", "document"],
  ["newsletter.opened", "newsletter"],
  ["newsletter.clicked", "newsletter"],
  ["product.used", null],
  ["user.signed_in", null],
] as const;

function build(file: string, now: number) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const at = iso(now);
  db.transaction(() => {
    const csm = db.prepare(
      "INSERT INTO User (id, email, name, role, timeZone, locale, createdAt, updatedAt) VALUES (?, ?, ?, 'CSM', 'UTC', 'en-US', ?, ?)",
    );
    for (let c = 0; c < CSMS; c++) csm.run(`csm${c}`, `csm${c}@lyceum.example`, `CSM ${c}`, at, at);
    const account = db.prepare(
      "INSERT INTO Account (id, name, plan, arrCents, currency, tier, timeZone, renewalDate, ownerCsmId, createdAt, updatedAt) VALUES (?, ?, 'Growth', ?, 'USD', ?, 'UTC', ?, ?, ?, ?)",
    );
    const user = db.prepare(
      "INSERT INTO User (id, email, name, role, accountId, timeZone, locale, createdAt, updatedAt) VALUES (?, ?, ?, 'MEMBER', ?, 'UTC', 'en-US', ?, ?)",
    );
    const score = db.prepare(
      "INSERT INTO AccountScore (accountId, score, recency, frequency, breadth, depth, reach, health, healthReasons, computedAt) VALUES (?, ?, 0, 0, 0, 0, 0, ?, '[]', ?)",
    );
    const snapshot = db.prepare("INSERT INTO HealthSnapshot (accountId, day, score, health, createdAt) VALUES (?, ?, ?, ?, ?)");
    for (let a = 0; a < ACCOUNTS; a++) {
      const tier = a % 10 === 0 ? "HIGH" : a % 3 === 0 ? "LOW" : "TECH";
      const owner = a < CSMS * 50 ? `csm${a % CSMS}` : null;
      account.run(
        `acct${a}`,
        `Account ${a}`,
        Math.floor(random() * 500_000) * 100,
        tier,
        iso(now + Math.floor(random() * 365) * DAY),
        owner,
        at,
        at,
      );
      for (let p = 0; p < PEOPLE_PER_ACCOUNT; p++)
        user.run(`user${a}-${p}`, `p${p}@acct${a}.example`, `Person ${a}-${p}`, `acct${a}`, at, at);
      if (owner) {
        const value = Math.floor(random() * 100);
        score.run(`acct${a}`, value, value < 40 ? "RED" : value < 70 ? "YELLOW" : "GREEN", at);
        for (let d = 0; d < 90; d++) snapshot.run(`acct${a}`, new Date(now - d * DAY).toISOString().slice(0, 10), value, "YELLOW", at);
      }
    }
    const event = db.prepare(
      "INSERT INTO EngagementEvent (id, accountId, userId, kind, subjectType, subjectId, occurredAt, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (let e = 0; e < EVENTS; e++) {
      const a = Math.floor(random() * ACCOUNTS);
      const [kind, subjectType] = pick(KINDS);
      event.run(
        `ev${e}`,
        `acct${a}`,
        `user${a}-${Math.floor(random() * PEOPLE_PER_ACCOUNT)}`,
        kind,
        subjectType,
        subjectType ? `${subjectType}-${Math.floor(random() * 40)}` : null,
        iso(now - random() * 90 * DAY),
        at,
      );
    }
  })();
  db.close();
}

async function time(label: string, run: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(`${label.padEnd(40)} p50 ${fmt(samples[Math.floor(samples.length / 2)]!)}   max ${fmt(samples.at(-1)!)}`);
}

async function main() {
  const dir = path.join(root, "tmp/bench");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `insights-${Date.now()}.db`);
  process.env.DATABASE_URL = `file:${file}`;
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  const now = Date.now();
  const started = performance.now();
  build(file, now);
  console.log(
    `Workspace: ${ACCOUNTS.toLocaleString()} accounts, ${(ACCOUNTS * PEOPLE_PER_ACCOUNT).toLocaleString()} people, ${EVENTS.toLocaleString()} events (built in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  // Imported only now: the app's database client reads DATABASE_URL when it is first loaded.
  const { prisma } = await import("~/utils/db.server.ts");
  const { getInsights } = await import("~/modules/engagement/insights.server.ts");
  const { getPortfolio } = await import("~/modules/engagement/portfolio.server.ts");
  const { getAccountTimeline } = await import("~/modules/engagement/timeline.server.ts");
  const publisher = { id: "bench", role: "PUBLISHER", accountId: null, timeZone: "UTC", locale: "en-US" } as const;
  const csm = { id: "csm7", role: "CSM", accountId: null, timeZone: "UTC", locale: "en-US" } as const;

  const figures = await getInsights(publisher, 90);
  console.log(
    `Team dashboard: ${figures.reach.at(-1)!.accountsTouched.toLocaleString()} accounts touched in 90 days, ${figures.content.length} content items`,
  );
  await time("Team dashboard, last 30 days", () => getInsights(publisher, 30));
  await time("Team dashboard, last 90 days", () => getInsights(publisher, 90));
  await time("A CSM's book (50 accounts)", () => getPortfolio(csm, { csm: null, sort: "health" }));
  await time("An account's timeline, first page", () => getAccountTimeline(csm, "acct7", new URLSearchParams()));
  await prisma.$disconnect();
  // BENCH_KEEP=1 leaves the file for EXPLAIN QUERY PLAN and experiments.
  if (!process.env.BENCH_KEEP) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  else console.log(`Kept ${file}`);
}

await main();
