// `npm run fault:restart`: customers register over HTTP for a capped webinar while the built server is
// SIGKILLed and started again on the same SQLite file, several times. A registrant whose request failed
// (the connection died with the server) presses again, as a person would, until the server answers.
// Checks at the end: no registrant twice, seats never over the cap, confirmed = min(cap, registrants),
// seatsTaken agrees, everyone who got a success is in the database, the waitlist is the rest in order,
// and each registration has exactly one notice job. Exits 1 on any violation.
//
// Knobs: FAULT_REGISTRANTS (400), FAULT_SEATS (100), FAULT_RESTARTS (4), FAULT_CONCURRENCY (25).
// Run `npm run build` first: this script builds nothing.
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, migrateFreshDatabase, requireServerBuild, startServer } from "./server.ts";

const TOTAL = Number(process.env.FAULT_REGISTRANTS ?? 400);
const SEATS = Number(process.env.FAULT_SEATS ?? 100);
const RESTARTS = Number(process.env.FAULT_RESTARTS ?? 4);
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 25);

type Registrant = { userId: string; cookie: string };

async function prepare() {
  migrateFreshDatabase("fault-restart");
  const { ensureDatabaseReady, prisma } = await import("~/utils/db.server.ts");
  const { commitSessionCookie, createSession } = await import("~/modules/auth/session.server.ts");
  const { REGISTRATION_NOTICE_JOB_KIND } = await import("~/modules/sessions/notifications.server.ts");
  await ensureDatabaseReady();
  const registrants: Registrant[] = [];
  for (let a = 0; a < Math.ceil(TOTAL / 10); a++) {
    const domain = `fault-${a}.example`;
    const account = await prisma.account.create({
      data: { name: `Fault account ${a}`, plan: "Growth", tier: "TECH", domains: { create: [{ domain }] } },
      select: { id: true },
    });
    await prisma.user.createMany({
      data: Array.from({ length: Math.min(10, TOTAL - a * 10) }, (_, u) => ({
        email: `user${u}@${domain}`,
        name: `Fault user ${a}.${u}`,
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
      title: "Restart fault test",
      startsAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/fault",
      seatCap: SEATS,
      publishedAt: new Date(),
    },
    select: { id: true },
  });
  return { prisma, registrants, sessionId: session.id, REGISTRATION_NOTICE_JOB_KIND };
}

/** One POST of the registration form; 0 when the connection failed (the server was down or died). */
function post(url: URL, registrant: Registrant): Promise<number> {
  const body = new URLSearchParams({ intent: "register" }).toString();
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent: false,
        headers: {
          Origin: url.origin,
          Cookie: registrant.cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(0));
      },
    );
    request.on("error", () => resolve(0));
    request.end(body);
  });
}

async function main() {
  requireServerBuild();
  console.log(`Preparing ${TOTAL} customers and a ${SEATS}-seat webinar…`);
  const { prisma, registrants, sessionId, REGISTRATION_NOTICE_JOB_KIND } = await prepare();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: baseUrl,
    LOG_LEVEL: "error",
    RESEND_API_KEY: "",
    WORKER_ENABLED: "false",
  };
  let server: ChildProcess = await startServer(env);
  const url = new URL(`/portal/sessions/${sessionId}`, baseUrl);

  const figures = { requests: 0, connectionErrors: 0, retries: 0, restarts: 0, statuses: {} as Record<number, number> };
  /** The last answer each registrant got: a success (< 400) or 409 (already registered, from an earlier try). */
  const answered = new Map<string, number>();
  const queue = [...registrants];
  let done = 0;
  let restarting: Promise<void> | null = null;

  async function restart() {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGKILL");
    await exited;
    figures.restarts++;
    server = await startServer(env);
  }

  const lanes = Array.from({ length: CONCURRENCY }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (let tries = 0; ; tries++) {
        if (restarting) await restarting;
        const status = await post(url, next);
        figures.requests++;
        figures.statuses[status] = (figures.statuses[status] ?? 0) + 1;
        if (status !== 0 && status < 500) {
          answered.set(next.userId, status);
          break;
        }
        if (status === 0) figures.connectionErrors++;
        if (tries > 50) throw new Error(`registrant ${next.userId} never got an answer`);
        figures.retries++;
        await sleep(50);
      }
      done++;
      // A kill at evenly spaced points, while the other lanes have requests in flight.
      if (!restarting && figures.restarts < RESTARTS && done >= ((figures.restarts + 1) * TOTAL) / (RESTARTS + 1)) {
        restarting = restart().finally(() => (restarting = null));
      }
    }
  });
  await Promise.all(lanes);
  if (restarting) await restarting;

  const rows = await prisma.registration.findMany({
    where: { sessionId },
    orderBy: [{ waitlistedAt: "asc" }, { id: "asc" }],
    select: { id: true, userId: true, status: true, waitlistedAt: true },
  });
  const session = await prisma.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { seatsTaken: true } });
  const confirmed = rows.filter((row) => row.status === "CONFIRMED").length;
  const waitlisted = rows.filter((row) => row.status === "WAITLISTED");
  const registered = new Set(rows.map((row) => row.userId));
  // The confirmation or waitlist notice is queued in the registration's own transaction: exactly one each.
  const noticesByRegistration = new Map(rows.map((row) => [row.id, 0]));
  for (const job of await prisma.job.findMany({ where: { kind: REGISTRATION_NOTICE_JOB_KIND }, select: { payload: true } })) {
    const { registrationId } = JSON.parse(job.payload) as { registrationId: string };
    noticesByRegistration.set(registrationId, (noticesByRegistration.get(registrationId) ?? 0) + 1);
  }

  const checks = {
    "no registrant twice": registered.size === rows.length,
    "seats never over the cap": session.seatsTaken <= SEATS && confirmed <= SEATS,
    "confirmed = min(cap, registrants)": confirmed === Math.min(SEATS, registered.size),
    "seatsTaken = confirmed": session.seatsTaken === confirmed,
    "every answered registrant is in the database": [...answered.keys()].every((userId) => registered.has(userId)),
    "every registrant registered": registered.size === registrants.length,
    "waitlist = the rest, each with a time": waitlisted.length === rows.length - confirmed && waitlisted.every((row) => row.waitlistedAt),
    "one notice job per registration": [...noticesByRegistration.values()].every((count) => count === 1),
  };

  console.log("");
  console.log(`registrants     ${registrants.length} (cap ${SEATS})`);
  console.log(`server kills    ${figures.restarts} (SIGKILL, restarted on the same database)`);
  console.log(`requests        ${figures.requests} (${figures.connectionErrors} lost with the server, ${figures.retries} retried)`);
  console.log(
    `HTTP statuses   ${Object.entries(figures.statuses)
      .map(([status, count]) => `${status === "0" ? "connection lost" : status} × ${count}`)
      .join(", ")}`,
  );
  console.log(`confirmed       ${confirmed} · seatsTaken ${session.seatsTaken} · waitlisted ${waitlisted.length} · rows ${rows.length}`);
  for (const [check, ok] of Object.entries(checks)) console.log(`${ok ? "ok  " : "FAIL"}  ${check}`);

  const stopped = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await stopped;
  await prisma.$disconnect();
  if (Object.values(checks).some((ok) => !ok)) process.exitCode = 1;
}

await main();
