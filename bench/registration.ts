// `npm run bench:registration`: 2,000 customers register at once, over HTTP, for a 100-seat webinar.
// Prints confirmed, waitlisted, errors and latency percentiles. The target (issue 3): exactly the cap
// confirmed, no server errors, p99 under 300 ms.
//
// Without BENCH_URL it migrates a fresh SQLite file under tmp/bench and starts the built server on a
// free port (run `npm run build` first: this script builds nothing). With BENCH_URL it starts nothing
// and writes its users and session through DATABASE_URL, which must be that server's database.
//
// Knobs: BENCH_REGISTRANTS (2000), BENCH_SEATS (100), BENCH_CONCURRENCY (all), BENCH_MODE=document|data: `document` posts the
// form like a browser without JavaScript (the action, then the page rendered); `data` posts to the
// `.data` URL like Remix's client does with JavaScript (the action only).
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { freePort, migrateFreshDatabase, requireServerBuild, root, startServer, stopServer } from "./server.ts";

const TOTAL = Number(process.env.BENCH_REGISTRANTS ?? 2_000);
const SEATS = Number(process.env.BENCH_SEATS ?? 100);
const MODE = process.env.BENCH_MODE === "data" ? "data" : "document";
// All at once by default, as the issue asks; a smaller number keeps that many requests in flight.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? TOTAL);
const USERS_PER_ACCOUNT = 10;

type Registrant = { userId: string; cookie: string };
type Outcome = { userId: string; sentAt: number; ms: number; status: number; error?: string };

/** A fresh migrated database, or the running server's; either way the bench's rows go in directly. */
async function prepareDatabase(selfHosted: boolean) {
  if (selfHosted) {
    migrateFreshDatabase("registration");
  } else if (!process.env.DATABASE_URL) {
    throw new Error("With BENCH_URL, set DATABASE_URL to that server's database so the bench can create its users.");
  }
  // Imported only now: the app's database client reads DATABASE_URL when it is first loaded.
  const { ensureDatabaseReady, prisma } = await import("~/utils/db.server.ts");
  const { commitSessionCookie, createSession } = await import("~/modules/auth/session.server.ts");
  await ensureDatabaseReady();

  const run = Date.now().toString(36);
  const tiers = ["TECH", "LOW", "HIGH"] as const;
  const registrants: Registrant[] = [];
  for (let a = 0; a < Math.ceil(TOTAL / USERS_PER_ACCOUNT); a++) {
    const domain = `bench-${run}-${a}.example`;
    const account = await prisma.account.create({
      data: { name: `Bench account ${a}`, plan: "Growth", tier: tiers[a % tiers.length]!, domains: { create: [{ domain }] } },
      select: { id: true },
    });
    const size = Math.min(USERS_PER_ACCOUNT, TOTAL - a * USERS_PER_ACCOUNT);
    await prisma.user.createMany({
      data: Array.from({ length: size }, (_, u) => ({
        email: `user${u}@${domain}`,
        name: `Bench user ${a}.${u}`,
        role: "MEMBER" as const,
        accountId: account.id,
        emailVerifiedAt: new Date(),
      })),
    });
    for (const user of await prisma.user.findMany({ where: { accountId: account.id }, select: { id: true } })) {
      const { token, expiresAt } = await createSession(user.id);
      registrants.push({ userId: user.id, cookie: (await commitSessionCookie(token, expiresAt)).split(";")[0]! });
    }
  }
  const session = await prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: `Registration bench ${run}`,
      startsAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/bench",
      seatCap: SEATS,
      publishedAt: new Date(),
    },
    select: { id: true },
  });
  return { prisma, registrants, sessionId: session.id };
}

function register(agent: http.Agent, origin: string, url: URL, registrant: Registrant): Promise<Outcome> {
  const body = new URLSearchParams({ intent: "register" }).toString();
  const sentAt = Date.now();
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          Origin: origin,
          Cookie: registrant.cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () =>
          resolve({ userId: registrant.userId, sentAt, ms: performance.now() - started, status: response.statusCode ?? 0 }),
        );
      },
    );
    request.on("error", (error) =>
      resolve({ userId: registrant.userId, sentAt, ms: performance.now() - started, status: 0, error: error.message }),
    );
    request.end(body);
  });
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function describeLatency(label: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (p: number) => `${percentile(sorted, p).toFixed(0)} ms`;
  return `${label.padEnd(34)} p50 ${ms(50).padStart(8)}   p95 ${ms(95).padStart(8)}   p99 ${ms(99).padStart(8)}   max ${ms(100).padStart(8)}`;
}

async function main() {
  const selfHosted = !process.env.BENCH_URL;
  if (selfHosted) requireServerBuild();
  console.log(`Preparing ${TOTAL} customers and a ${SEATS}-seat webinar…`);
  const { prisma, registrants, sessionId } = await prepareDatabase(selfHosted);

  let server: ChildProcess | null = null;
  let baseUrl = process.env.BENCH_URL?.replace(/\/+$/, "") ?? "";
  if (selfHosted) {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // BENCH_PROFILE=1 writes the server's CPU profile to tmp/bench/profiles (open it in Chrome DevTools).
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, "tmp/bench/profiles")}`] : [];
    server = await startServer(
      {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_URL: baseUrl,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
        RESEND_API_KEY: "",
      },
      profile,
    );
  }

  try {
    const origin = new URL(baseUrl).origin;
    const url = new URL(`/portal/sessions/${sessionId}${MODE === "data" ? ".data" : ""}`, baseUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    console.log(
      `Firing ${registrants.length} POSTs, ${Math.min(CONCURRENCY, registrants.length)} at a time, at ${url.pathname} (${MODE} mode)…`,
    );
    const burstStarted = performance.now();
    const outcomes: Outcome[] = [];
    const queue = [...registrants];
    const lanes = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) outcomes.push(await register(agent, origin, url, next));
    });
    await Promise.all(lanes);
    const burstMs = performance.now() - burstStarted;
    agent.destroy();

    const rows = await prisma.registration.findMany({ where: { sessionId }, select: { userId: true, status: true, registeredAt: true } });
    const session = await prisma.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { seatsTaken: true } });
    const confirmed = rows.filter((row) => row.status === "CONFIRMED").length;
    const waitlisted = rows.filter((row) => row.status === "WAITLISTED").length;
    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500 || outcome.status === 0);
    const statuses = new Map<number, number>();
    for (const outcome of outcomes) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    const sentAt = new Map(outcomes.map((outcome) => [outcome.userId, outcome.sentAt]));
    // From the database: how long after its request was sent each registration was decided.
    const decided = rows.map((row) => row.registeredAt.getTime() - (sentAt.get(row.userId) ?? row.registeredAt.getTime()));
    const clientMs = outcomes.map((outcome) => outcome.ms);
    const p99 = percentile(
      [...clientMs].sort((a, b) => a - b),
      99,
    );

    console.log("");
    console.log(
      `requests        ${outcomes.length} in ${(burstMs / 1000).toFixed(2)} s (${Math.round(outcomes.length / (burstMs / 1000))} req/s)`,
    );
    console.log(`HTTP statuses   ${[...statuses].map(([status, count]) => `${status || "network error"} × ${count}`).join(", ")}`);
    console.log(`confirmed       ${confirmed} (cap ${SEATS}, seatsTaken ${session.seatsTaken})`);
    console.log(`waitlisted      ${waitlisted}`);
    console.log(`not registered  ${registrants.length - rows.length}`);
    console.log(`errors          ${serverErrors.length} (5xx or network)`);
    for (const sample of serverErrors.slice(0, 3)) console.log(`                e.g. ${sample.status || sample.error}`);
    console.log(describeLatency("latency (client)", clientMs));
    console.log(describeLatency("decided after send (registeredAt)", decided));
    console.log("");
    const exact = confirmed === Math.min(SEATS, registrants.length) && session.seatsTaken === confirmed;
    console.log(
      `exactly the cap confirmed: ${exact ? "yes" : "NO"} · server errors: ${serverErrors.length} · p99 < 300 ms: ${p99 < 300 ? "yes" : "no"}`,
    );
    await prisma.$disconnect();
    if (!exact || serverErrors.length > 0) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
