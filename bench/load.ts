// `npm run bench:load`: how many pages per second the built server answers on loopback, and how fast,
// next to a bare route served by the same server (issue 8). Targets: the catalogue serves at least half
// the bare route's throughput, and every page's p99 stays under 100 ms at 70 % of its own peak.
//
// It migrates a fresh SQLite file under tmp/bench, seeds the demo company into it, starts the built
// server (run `npm run build` first: this script builds nothing), signs in through the real form as a
// customer and as a CSM, and then, route by route: a warm-up, `BENCH_SECONDS` at `BENCH_CONNECTIONS`
// open connections as fast as the server answers (the peak), and `BENCH_SECONDS` at 70 % of that peak
// rate twice for p50/p99: with autocannon's overallRate (latencies corrected for coordinated omission;
// its limit sends each second's budget back to back) and with requests spread evenly (evenlyPaced).
// Requests carry the session cookie and `Accept-Encoding: gzip`, as a browser's would. Any answer but
// 200 fails the run. Knobs: BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (10), BENCH_ONLY
// (comma-separated route names), BENCH_PROFILE=1, LOG_LEVEL (warn: request logs would measure the terminal),
// BENCH_DATABASE=postgresql (a new database on PG_TEST_URL's server, or on a throwaway local cluster,
// as the test suite uses; the cluster runs without fsync, which reads like these do not feel).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { createMigratedDatabase, testServer } from "../scripts/pg-cluster.ts";
import { freePort, migrateFreshDatabase, requireServerBuild, root, startServer, stopServer } from "./server.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ONLY = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
const CUSTOMER = "member@northwind.example";
const CSM = "csm@lyceum.example";
const POSTGRES = process.env.BENCH_DATABASE === "postgresql";

type Target = { name: string; path: string; cookie?: string };
type Figures = {
  target: Target;
  peak: number;
  cpuPerRequest: number | null;
  rate: number;
  /** autocannon's overallRate: a budget per connection and second, spent back to back as each second starts. */
  p50: number;
  p99: number;
  /** The same rate with requests spread evenly over each second (see `evenlyPaced`). */
  evenP50: number;
  evenP99: number;
};

/**
 * `rate` requests a second for `seconds`, the i-th sent at start + i / rate whatever is still in flight
 * (an open loop, like visitors arriving independently), each timed from the moment it was due, so a
 * late start counts against the server (no coordinated omission). autocannon's own limit is a budget
 * per connection per second: each second begins with all connections sending back to back until the
 * budget is spent, so its "70 %" is about 0.7 s at full concurrency and 0.3 s idle, and its p99 is
 * close to the p99 at peak. Both are printed, and the target is judged on autocannon's, as the issue
 * names it; this one shows what a request costs at 70 % when arrivals are spread out (its median is a
 * page's own time) and, in its p99, stalls that hit the whole machine (on the shared 2-core machine,
 * sporadic 100–300 ms ones, with or without the job worker).
 */
async function evenlyPaced(url: string, headers: Record<string, string>, rate: number, seconds: number) {
  // node:http with keep-alive, reading the gzip bytes as they come: a light client, so that at a
  // thousand requests a second the figures are the server's and not this process's.
  // Idle sockets are closed well before the server's 5 s keep-alive timeout, and a request that finds
  // its reused socket closed by the server at that very moment is sent again once, as browsers do.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 2_000 });
  const latencies: number[] = [];
  const failures: string[] = [];
  const send = (due: number, retried = false): Promise<void> =>
    new Promise<void>((resolve) => {
      const request = http.get(url, { agent, headers }, (response) => {
        response.on("data", () => {});
        response.on("end", () => {
          if (response.statusCode !== 200) failures.push(String(response.statusCode));
          latencies.push(performance.now() - due);
          resolve();
        });
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && error.code === "ECONNRESET" && !retried) resolve(send(due, true));
        else {
          failures.push(error.message);
          resolve();
        }
      });
    });
  const start = performance.now() + 50;
  const total = Math.round(rate * seconds);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(due));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99), failures };
}

/**
 * CPU time the server process has used, in ms, from /proc (Linux); null elsewhere. Throughput on a
 * shared machine moves with its neighbours; CPU per request moves much less, so both are printed.
 */
function serverCpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime, the 14th and 15th fields of stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ intent: "password", email, password }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`signing in as ${email} answered ${response.status}`);
  return cookie;
}

/** The first session the customer's catalogue links to, read from the page as a visitor would. */
async function firstSessionPath(baseUrl: string, cookie: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/portal/sessions`, { headers: { Cookie: cookie } })).text();
  const match = /href="(\/portal\/sessions\/[^"/?#]+)"/.exec(html);
  if (!match) throw new Error("the catalogue links to no session page");
  return match[1]!;
}

function check(result: Result, target: Target, phase: string) {
  const bad = Object.entries(result.statusCodeStats).filter(([code]) => code !== "200");
  if (bad.length > 0 || result.errors > 0) {
    const codes = bad.map(([code, { count }]) => `${count}× ${code}`).join(", ");
    throw new Error(`${target.name} (${target.path}) during ${phase}: ${codes || "no bad status"}, ${result.errors} connection errors`);
  }
}

async function measure(baseUrl: string, pid: number | undefined, target: Target): Promise<Figures> {
  const base = {
    url: baseUrl + target.path,
    connections: CONNECTIONS,
    headers: { "Accept-Encoding": "gzip", ...(target.cookie ? { Cookie: target.cookie } : {}) },
  };
  check(await autocannon({ ...base, duration: WARMUP }), target, "warm-up");
  const cpuBefore = serverCpuMs(pid);
  const peakRun = await autocannon({ ...base, duration: SECONDS });
  const cpuAfter = serverCpuMs(pid);
  check(peakRun, target, "peak");
  const peak = peakRun.requests.total / peakRun.duration;
  const cpuPerRequest = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / peakRun.requests.total;
  const rate = Math.max(1, Math.floor(peak * 0.7));
  const paced = await autocannon({ ...base, duration: SECONDS, overallRate: rate });
  check(paced, target, "70 % of peak");
  const even = await evenlyPaced(base.url, base.headers, rate, SECONDS);
  if (even.failures.length > 0) throw new Error(`${target.name} (${target.path}) evenly paced: ${even.failures.slice(0, 5).join(", ")}`);
  const figures = {
    target,
    peak,
    cpuPerRequest,
    rate,
    p50: paced.latency.p50,
    p99: paced.latency.p99,
    evenP50: even.p50,
    evenP99: even.p99,
  };
  console.log(
    `  ${target.name.padEnd(16)} peak ${peak.toFixed(0).padStart(6)} req/s · at ${rate} req/s: p50 ${figures.p50} ms, p99 ${figures.p99} ms` +
      ` (served ${(paced.requests.total / paced.duration).toFixed(0)} req/s); evenly paced: p50 ${even.p50} ms, p99 ${even.p99} ms`,
  );
  return figures;
}

function printTable(rows: Figures[], bare: Figures) {
  const header = ["route", "path", "req/s at peak", "× bare", "server CPU/req", "p50 / p99 at 70 %, autocannon", "p50 / p99 at 70 %, even"];
  const lines = rows.map((row) => [
    row.target.name,
    row.target.path.replace(/\/portal\/sessions\/[^/]+$/, "/portal/sessions/<id>"),
    row.peak.toFixed(0),
    (row.peak / bare.peak).toFixed(2),
    row.cpuPerRequest === null ? "–" : `${row.cpuPerRequest.toFixed(1)} ms`,
    `${row.p50} / ${row.p99} ms`,
    `${row.evenP50} / ${row.evenP99} ms`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(`\n${format(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const line of lines) console.log(format(line));
}

/** Points DATABASE_URL at a new, migrated database; returns what removes it. */
async function freshDatabase(): Promise<() => Promise<void>> {
  if (!POSTGRES) {
    const file = migrateFreshDatabase("load");
    return async () => {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    };
  }
  const cluster = await testServer("bench-load");
  const database = await createMigratedDatabase(cluster.url, `lyceum_load_${Date.now()}`);
  process.env.DATABASE_URL = database.url;
  return async () => {
    await database.drop();
    cluster.stop();
  };
}

async function main() {
  requireServerBuild();
  const [load1] = os.loadavg();
  console.log(
    `${os.cpus().length} CPUs, load ${load1!.toFixed(2)} · ${POSTGRES ? "PostgreSQL" : "SQLite"} · ${CONNECTIONS} connections, ${WARMUP} s warm-up, ${SECONDS} s runs`,
  );
  const removeDatabase = await freshDatabase();
  // Imported only now: the app's database client reads DATABASE_URL when it is first loaded.
  const { prisma } = await import("~/utils/db.server.ts");
  const { seedDemo, DEMO_PASSWORD } = await import("../prisma/seed.ts");
  const seeding = performance.now();
  await seedDemo({ db: prisma, log: () => {} });
  await prisma.$disconnect();
  console.log(`Demo seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_PROFILE=1 writes the server's CPU profile to tmp/bench/profiles (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, "tmp/bench/profiles")}`] : [];
  const server = await startServer(
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
  let failed = false;
  try {
    const customer = await signIn(baseUrl, CUSTOMER, DEMO_PASSWORD);
    const csm = await signIn(baseUrl, CSM, DEMO_PASSWORD);
    const targets: Target[] = [
      { name: "bare", path: "/livez" },
      { name: "health", path: "/healthz" },
      { name: "catalogue", path: "/portal/sessions", cookie: customer },
      { name: "session page", path: await firstSessionPath(baseUrl, customer), cookie: customer },
      { name: "library", path: "/portal/library", cookie: customer },
      { name: "customer home", path: "/portal", cookie: customer },
      { name: "team dashboard", path: "/console", cookie: csm },
    ].filter((target) => target.name === "bare" || !ONLY || ONLY.includes(target.name));

    const rows: Figures[] = [];
    for (const target of targets) rows.push(await measure(baseUrl, server.pid, target));
    const bare = rows[0]!;
    printTable(rows, bare);

    const catalogue = rows.find((row) => row.target.name === "catalogue");
    if (catalogue) {
      const ratio = catalogue.peak / bare.peak;
      console.log(`\ncatalogue ≥ 0.5 × bare: ${ratio >= 0.5 ? "yes" : "NO"} (${ratio.toFixed(2)})`);
      failed ||= ratio < 0.5;
    }
    const slow = rows.filter((row) => row.p99 >= 100);
    const evenSlow = rows.filter((row) => row.evenP99 >= 100);
    const names = (list: Figures[]) => (list.length === 0 ? "yes" : `NO (${list.map((row) => row.target.name).join(", ")})`);
    console.log(`p99 < 100 ms at 70 % of peak (autocannon): ${names(slow)} · evenly paced: ${names(evenSlow)}`);
    failed ||= slow.length > 0;
  } finally {
    await stopServer(server);
    await removeDatabase();
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
