// `npm run bench:ingest`: how many product-usage events per second POST /api/v1/events accepts on the
// embedded SQLite database. A few clients each send batches of 1,000 events over HTTP with one API
// key; prints accepted events/s and each batch's latency. The target (issue 7): ≥ 5,000 events/s.
//
// It migrates a fresh SQLite file under tmp/bench and starts the built server on a free port (run
// `npm run build` first: this script builds nothing).
//
// Knobs: BENCH_BATCHES (60), BENCH_CLIENTS (4), BENCH_BATCH_SIZE (1000), BENCH_ACCOUNTS (500).
import fs from "node:fs";
import http from "node:http";
import { freePort, migrateFreshDatabase, requireServerBuild, startServer, stopServer } from "./server.ts";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 60);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 1_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 500);
const USERS_PER_ACCOUNT = 5;
const FEATURES = ["dashboards", "reports", "exports", "alerts", "api", "sso", "workflows", "comments", "search", "billing"];

type Target = { accountId: string; domain: string; emails: string[] };

async function prepareDatabase() {
  const file = migrateFreshDatabase("ingest");
  // Imported only now: the app's database client reads DATABASE_URL when it is first loaded.
  const { ensureDatabaseReady, prisma } = await import("~/utils/db.server.ts");
  const { createApiKey } = await import("~/modules/engagement/api-keys.server.ts");
  await ensureDatabaseReady();
  const tiers = ["TECH", "LOW", "HIGH"] as const;
  const targets: Target[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const domain = `ingest-${a}.example`;
    const account = await prisma.account.create({
      data: { name: `Ingest account ${a}`, plan: "Growth", tier: tiers[a % tiers.length]!, domains: { create: [{ domain }] } },
      select: { id: true },
    });
    const emails = Array.from({ length: USERS_PER_ACCOUNT }, (_, u) => `user${u}@${domain}`);
    await prisma.user.createMany({
      data: emails.map((email, u) => ({ email, name: `Ingest user ${a}.${u}`, role: "MEMBER" as const, accountId: account.id })),
    });
    targets.push({ accountId: account.id, domain, emails });
  }
  const admin = await prisma.user.create({ data: { email: "bench-admin@lyceum.example", name: "Bench admin", role: "ADMIN" } });
  const key = await createApiKey({ id: admin.id, role: "ADMIN", accountId: null }, "Ingest bench");
  return { prisma, targets, secret: key.secret, file };
}

/** A realistic mix: a third by account id, the rest by domain, half of them naming the person. */
function buildBatch(batch: number, targets: Target[], now: number) {
  return Array.from({ length: BATCH_SIZE }, (_, i) => {
    const n = batch * BATCH_SIZE + i;
    const target = targets[n % targets.length]!;
    const byId = n % 3 === 0;
    return {
      eventId: `bench-${batch}-${i}`,
      ...(byId ? { accountId: target.accountId } : { accountDomain: target.domain }),
      ...(n % 2 === 0 ? { userEmail: target.emails[n % target.emails.length] } : {}),
      feature: FEATURES[n % FEATURES.length],
      occurredAt: new Date(now - (n % 86_400) * 1000).toISOString(),
      value: n % 7,
    };
  });
}

type Result = { ms: number; status: number; accepted: number; duplicates: number; rejected: number };

function send(agent: http.Agent, url: URL, secret: string, body: string): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const ms = performance.now() - started;
          let parsed = { accepted: 0, duplicates: 0, rejected: [] as unknown[] };
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            // an error page: counted by its status
          }
          resolve({
            ms,
            status: response.statusCode ?? 0,
            accepted: parsed.accepted ?? 0,
            duplicates: parsed.duplicates ?? 0,
            rejected: parsed.rejected?.length ?? 0,
          });
        });
      },
    );
    request.on("error", () => resolve({ ms: performance.now() - started, status: 0, accepted: 0, duplicates: 0, rejected: 0 }));
    request.end(body);
  });
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(label: string, agent: http.Agent, url: URL, secret: string, bodies: string[]) {
  const queue = bodies.map((body, index) => ({ body, index }));
  const results: Result[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CLIENTS, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results.push(await send(agent, url, secret, next.body));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sum = (pick: (result: Result) => number) => results.reduce((total, result) => total + pick(result), 0);
  const sorted = results.map((result) => result.ms).sort((a, b) => a - b);
  const statuses = new Map<number, number>();
  for (const result of results) statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
  console.log(`\n${label}`);
  console.log(`  batches         ${results.length} × ${BATCH_SIZE} events from ${CLIENTS} clients in ${seconds.toFixed(2)} s`);
  console.log(`  HTTP statuses   ${[...statuses].map(([status, count]) => `${status || "network error"} × ${count}`).join(", ")}`);
  console.log(`  accepted        ${sum((r) => r.accepted)} (${Math.round(sum((r) => r.accepted) / seconds)} events/s)`);
  console.log(`  duplicates      ${sum((r) => r.duplicates)} (${Math.round(sum((r) => r.duplicates) / seconds)} events/s)`);
  console.log(`  rejected        ${sum((r) => r.rejected)}`);
  console.log(
    `  per batch       p50 ${percentile(sorted, 50).toFixed(0)} ms   p95 ${percentile(sorted, 95).toFixed(0)} ms   max ${percentile(sorted, 100).toFixed(0)} ms`,
  );
  return { seconds, accepted: sum((r) => r.accepted), failed: results.filter((result) => result.status !== 200).length };
}

async function main() {
  requireServerBuild();
  console.log(`Preparing ${ACCOUNTS} accounts with ${USERS_PER_ACCOUNT} people each and an API key…`);
  const { prisma, targets, secret, file } = await prepareDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startServer({
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: baseUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    RESEND_API_KEY: "",
  });
  try {
    const url = new URL("/api/v1/events", baseUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const now = Date.now();
    const bodies = Array.from({ length: BATCHES }, (_, batch) => JSON.stringify({ events: buildBatch(batch, targets, now) }));
    // One small batch first, so the figures below do not include the server's first-request warm-up.
    await send(agent, url, secret, JSON.stringify({ events: buildBatch(BATCHES, targets, now).slice(0, 10) }));
    const fresh = await run("New events", agent, url, secret, bodies);
    const replay = await run("The same batches again (all duplicates)", agent, url, secret, bodies.slice(0, Math.ceil(BATCHES / 3)));
    agent.destroy();
    const stored = await prisma.engagementEvent.count({ where: { kind: "product.used" } });
    const rate = fresh.accepted / fresh.seconds;
    console.log(`\nrows stored     ${stored} (expected ${BATCHES * BATCH_SIZE + 10})`);
    console.log(
      `accepted ≥ 5,000 events/s: ${rate >= 5_000 ? "yes" : "NO"} (${Math.round(rate)}/s) · failed batches: ${fresh.failed + replay.failed}`,
    );
    await prisma.$disconnect();
    if (fresh.failed + replay.failed > 0 || stored !== BATCHES * BATCH_SIZE + 10) process.exitCode = 1;
  } finally {
    await stopServer(server);
    // Tens of thousands of rows nobody will read again: leave no database behind.
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
