import Database from "better-sqlite3";
import { afterEach, beforeAll, expect, test, vi } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import handleRequest, { handleError } from "~/entry.server.tsx";
import { action as sessionAction } from "~/routes/_app.portal.sessions.$sessionId.tsx";
import { REGISTRATION_NOTICE_JOB_KIND } from "~/modules/sessions/notifications.server.ts";
import { databaseFailure, prisma } from "./db.server.ts";

// A locked and a full database while a customer registers (a multi-row write: the seat, the
// registration, its event and its notice job): the request ends in a clear 503/507 page from the one
// central place (entry.server), nothing of the registration is left behind, and it works once the
// lock is gone or space returns.

vi.hoisted(() => {
  // Short, so the test waits half a second per try rather than five.
  process.env.DATABASE_BUSY_TIMEOUT_MS = "300";
});

const DAY = 24 * 60 * 60 * 1000;
let customer: { id: string; cookie: string };
let hostId: string;

beforeAll(async () => {
  const account = await createAccount({ tier: "TECH" });
  const user = await createUser({ role: "MEMBER", accountId: account.id });
  customer = { id: user.id, cookie: await sessionCookieFor(user.id) };
  hostId = (await createUser({ role: "CSM" })).id;
});

afterEach(async () => {
  await prisma.$executeRawUnsafe("PRAGMA max_page_count = 1073741823");
});

async function createWebinar() {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: "Fault webinar",
      startsAt: new Date(Date.now() + 3 * DAY),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/fault",
      publishedAt: new Date(),
      seatCap: 10,
      hosts: { create: [{ userId: hostId }] },
      questions: { create: [{ label: "Your situation", long: true, position: 0 }] },
    },
    select: { id: true, questions: { select: { id: true } } },
  });
}

function registerRequest(session: Awaited<ReturnType<typeof createWebinar>>, answer = "") {
  return buildRequest(`/portal/sessions/${session.id}`, {
    cookie: customer.cookie,
    form: { intent: "register", [`answers.${session.questions[0]!.id}`]: answer },
  });
}

/** The registration's rows, wherever they would be: all zero when nothing was half-written. */
async function footprint(sessionId: string) {
  const [session, registrations, events, jobs] = await Promise.all([
    prisma.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { seatsTaken: true } }),
    prisma.registration.findMany({ where: { sessionId }, select: { id: true } }),
    prisma.engagementEvent.count({ where: { subjectId: sessionId, userId: customer.id } }),
    prisma.job.findMany({ where: { kind: REGISTRATION_NOTICE_JOB_KIND }, select: { payload: true } }),
  ]);
  const ids = new Set(registrations.map((registration) => registration.id));
  const notices = jobs.filter((job) => ids.has((JSON.parse(job.payload) as { registrationId: string }).registrationId)).length;
  return { seatsTaken: session.seatsTaken, registrations: registrations.length, events, notices };
}

/** What the server answers for a request whose action threw `error`: entry.server's handleError, then handleRequest. */
async function answerFor(request: Request, error: unknown) {
  handleError(error, { request } as Parameters<typeof handleError>[1]);
  // The failure page is answered before anything is rendered, so no Remix context is needed.
  return handleRequest(
    request,
    500,
    new Headers(),
    {} as Parameters<typeof handleRequest>[3],
    { nonce: "" } as Parameters<typeof handleRequest>[4],
  );
}

test("another process holds the write lock past the busy timeout: 503 'busy, try again', nothing written, then it works", async () => {
  const session = await createWebinar();
  const other = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
  other.exec("BEGIN EXCLUSIVE");
  const request = registerRequest(session);
  let thrown: unknown;
  try {
    await invoke(sessionAction, request, { sessionId: session.id });
  } catch (error) {
    thrown = error;
  } finally {
    other.exec("ROLLBACK");
    other.close();
  }
  expect(databaseFailure(thrown)).toBe("busy");
  const response = await answerFor(request, thrown);
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  const html = await response.text();
  expect(html).toContain("Lyceum is busy, try again");
  expect(html).toContain("nothing was saved");
  expect(await footprint(session.id)).toEqual({ seatsTaken: 0, registrations: 0, events: 0, notices: 0 });

  const retried = await invoke(sessionAction, registerRequest(session), { sessionId: session.id });
  expect(retried.status).toBeLessThan(400);
  expect(await footprint(session.id)).toEqual({ seatsTaken: 1, registrations: 1, events: 1, notices: 1 });
});

test("the disk fills during the write: 507, the transaction rolled back whole, and it works once space returns", async () => {
  const session = await createWebinar();
  // No page left to grow into: the long answer needs overflow pages after the seat was already taken.
  await prisma.$executeRawUnsafe("CREATE TABLE IF NOT EXISTS fault_filler (blob BLOB)");
  const [pages] = await prisma.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count");
  await prisma.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(pages!.page_count)}`);
  await expect(async () => {
    for (;;) await prisma.$executeRawUnsafe("INSERT INTO fault_filler VALUES (randomblob(2000))");
  }).rejects.toSatisfy((error) => databaseFailure(error) === "full");

  const request = registerRequest(session, "x".repeat(3_900));
  let thrown: unknown;
  try {
    await invoke(sessionAction, request, { sessionId: session.id });
  } catch (error) {
    thrown = error;
  }
  expect(databaseFailure(thrown)).toBe("full");
  const response = await answerFor(request, thrown);
  expect(response.status).toBe(507);
  expect(await response.text()).toContain("disk is full, so nothing was saved");
  expect(await footprint(session.id)).toEqual({ seatsTaken: 0, registrations: 0, events: 0, notices: 0 });

  await prisma.$executeRawUnsafe("PRAGMA max_page_count = 1073741823");
  const retried = await invoke(sessionAction, registerRequest(session, "x".repeat(3_900)), { sessionId: session.id });
  expect(retried.status).toBeLessThan(400);
  expect(await footprint(session.id)).toEqual({ seatsTaken: 1, registrations: 1, events: 1, notices: 1 });
});

test("any other error is not mistaken for the database's trouble", async () => {
  expect(databaseFailure(new Error("boom"))).toBeNull();
  expect(databaseFailure(new Error("UNIQUE constraint failed"))).toBeNull();
});
