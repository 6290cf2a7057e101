import { createRequestHandler } from "@remix-run/node";
import { decodeViaTurboStream } from "@remix-run/react/dist/single-fetch.js";
import Database from "better-sqlite3";
import { afterEach, beforeAll, expect, test, vi } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor, TEST_ORIGIN, testContext } from "#test/request.ts";
import { testBuild } from "#test/remix-build.ts";
import handleRequest, { handleError } from "~/entry.server.tsx";
import { createApiKey } from "~/modules/engagement/api-keys.server.ts";
import * as eventsApi from "~/routes/api.v1.events.tsx";
import * as homeRedirect from "~/routes/_index.tsx";
import * as sessionPage from "~/routes/_app.portal.sessions.$sessionId.tsx";
import { action as sessionAction } from "~/routes/_app.portal.sessions.$sessionId.tsx";
import { REGISTRATION_NOTICE_JOB_KIND } from "~/modules/sessions/notifications.server.ts";
import { withDatabaseFailureAnswers } from "./database-failure.server.ts";
import { databaseFailure, prisma } from "./db.server.ts";

// A locked and a full database while a customer registers (a multi-row write: the seat, the
// registration, its event and its notice job): the request ends in a clear 503/507 page from the one
// central place (entry.server), nothing of the registration is left behind, and it works once the
// lock is gone or space returns. The same through Remix's request handler for `.data` requests (a
// loader, a form) and an API route: 503/507 with Retry-After instead of its 500.

vi.hoisted(() => {
  // Short, so the test waits half a second per try rather than five.
  process.env.DATABASE_BUSY_TIMEOUT_MS = "300";
});

const DAY = 24 * 60 * 60 * 1000;
let customer: { id: string; cookie: string };
let hostId: string;
let accountId: string;

beforeAll(async () => {
  const account = await createAccount({ tier: "TECH" });
  accountId = account.id;
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
  await fillDisk();

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

// Requests through Remix's own request handler, as server.js serves them: entry.server as the entry and
// the build passed through withDatabaseFailureAnswers, with a bare root, the session page, the events
// API and the home path's redirect (a route without a component) as routes. `.data` is what Remix's
// client fetches when JavaScript runs, for loaders and forms alike.
const build = withDatabaseFailureAnswers(
  testBuild({
    root: { id: "root", path: "", module: { default: () => null } },
    "routes/session": { id: "routes/session", parentId: "root", path: "portal/sessions/:sessionId", module: sessionPage },
    "routes/_index": { id: "routes/_index", parentId: "root", index: true, module: homeRedirect },
    "routes/api.v1.events": {
      id: "routes/api.v1.events",
      parentId: "root",
      path: "api/v1/events",
      module: eventsApi,
    },
  }),
);
const serve = createRequestHandler(build, "production");
// Remix compares a POST's Origin with the Host, which a browser always sends.
const HOST = { Host: new URL(TEST_ORIGIN).host };

/** `send()` while a second connection holds the write lock past the busy timeout. */
async function whileLocked(send: () => Promise<Response>) {
  const other = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
  other.exec("BEGIN EXCLUSIVE");
  try {
    return await send();
  } finally {
    other.exec("ROLLBACK");
    other.close();
  }
}

/** The file pinned to its current size with every free page used. */
async function fillDisk() {
  await prisma.$executeRawUnsafe("CREATE TABLE IF NOT EXISTS fault_filler (blob BLOB)");
  const [pages] = await prisma.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count");
  await prisma.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(pages!.page_count)}`);
  await expect(async () => {
    for (;;) await prisma.$executeRawUnsafe("INSERT INTO fault_filler VALUES (randomblob(2000))");
  }).rejects.toSatisfy((error) => databaseFailure(error) === "full");
}

/** What Remix's client makes of a `.data` body (its own decoder): per route, `{ data }` or `{ error }`. */
async function decoded(response: Response) {
  return (await decodeViaTurboStream(response.body!, globalThis as unknown as Window)).value as Record<string, unknown>;
}

function registerData(session: Awaited<ReturnType<typeof createWebinar>>, answer = "") {
  return buildRequest(`/portal/sessions/${session.id}.data`, {
    cookie: customer.cookie,
    headers: HOST,
    form: { intent: "register", [`answers.${session.questions[0]!.id}`]: answer },
  });
}

test("a .data GET whose loader writes while the database is locked: 503 with Retry-After, and the client still gets the error for its boundary", async () => {
  const session = await createWebinar();
  // A session last active two hours ago: reading it slides its expiry forward, a write.
  const reader = await createUser({ role: "MEMBER", accountId });
  const cookie = await sessionCookieFor(reader.id);
  await prisma.session.updateMany({ where: { userId: reader.id }, data: { lastActiveAt: new Date(Date.now() - 2 * 60 * 60 * 1000) } });
  const load = () => serve(buildRequest(`/portal/sessions/${session.id}.data`, { cookie, headers: HOST }), testContext);

  const response = await whileLocked(load);
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  expect(response.headers.get("Content-Type")).toBe("text/x-script");
  expect(response.headers.get("X-Remix-Response")).toBe("yes");
  const result = await decoded(response);
  expect((result["routes/session"] as { error: unknown }).error).toBeInstanceOf(Error);

  const retried = await load();
  expect(retried.status).toBe(200);
  expect(await decoded(retried)).toHaveProperty(["routes/session", "data"]);
});

test("a .data GET of a route without a component (the home path's redirect) while the database is locked: 503 with Retry-After", async () => {
  const reader = await createUser({ role: "MEMBER", accountId });
  const cookie = await sessionCookieFor(reader.id);
  await prisma.session.updateMany({ where: { userId: reader.id }, data: { lastActiveAt: new Date(Date.now() - 2 * 60 * 60 * 1000) } });
  const load = () => serve(buildRequest("/_root.data", { cookie, headers: HOST }), testContext);

  const response = await whileLocked(load);
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  expect((await decoded(response))["routes/_index"]).toHaveProperty("error");

  const retried = await load();
  expect(retried.status).toBe(202);
  // Remix's redirect for its client (under a symbol of its own), to the member's home.
  const body = (await decoded(retried)) as Record<symbol, unknown>;
  expect(Object.getOwnPropertySymbols(body).map((key) => body[key])).toEqual([
    expect.objectContaining({ redirect: "/portal", status: 302 }),
  ]);
});

test("a .data POST (the form with JavaScript) while the database is locked: 503 with Retry-After, nothing written", async () => {
  const session = await createWebinar();
  const response = await whileLocked(() => serve(registerData(session), testContext));
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  expect(await decoded(response)).toEqual({ error: expect.any(Error) });
  expect(await footprint(session.id)).toEqual({ seatsTaken: 0, registrations: 0, events: 0, notices: 0 });

  const retried = await serve(registerData(session), testContext);
  expect(retried.status).toBe(200);
  expect(await footprint(session.id)).toEqual({ seatsTaken: 1, registrations: 1, events: 1, notices: 1 });
});

test("a .data POST when the disk fills during the write: 507, nothing written", async () => {
  const session = await createWebinar();
  await fillDisk();
  const response = await serve(registerData(session, "x".repeat(3_900)), testContext);
  expect(response.status).toBe(507);
  expect(response.headers.get("Retry-After")).toBe("60");
  expect(await decoded(response)).toEqual({ error: expect.any(Error) });
  expect(await footprint(session.id)).toEqual({ seatsTaken: 0, registrations: 0, events: 0, notices: 0 });
});

test("the events API while the database is locked: 503 with Retry-After and a JSON error saying to retry, nothing written", async () => {
  const staff = await createUser({ role: "ADMIN" });
  const key = await createApiKey({ id: staff.id, role: "ADMIN", accountId: null }, "Fault backend");
  const post = () =>
    serve(
      buildRequest("/api/v1/events", {
        method: "POST",
        headers: { ...HOST, "Content-Type": "application/json", Authorization: `Bearer ${key.secret}` },
        body: JSON.stringify({ events: [{ eventId: "fault-1", accountId, feature: "dashboards", occurredAt: new Date().toISOString() }] }),
      }),
      testContext,
    );
  const events = () => prisma.engagementEvent.count({ where: { accountId, subjectId: "dashboards" } });

  const response = await whileLocked(post);
  expect(response.status).toBe(503);
  expect(response.headers.get("Retry-After")).toBe("5");
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: string; retryAfterSeconds: number };
  expect(body.error).toMatch(/^Lyceum is busy, try again\. .*nothing was saved/);
  expect(body.retryAfterSeconds).toBe(5);
  expect(await events()).toBe(0);

  const retried = await post();
  expect(retried.status).toBe(200);
  expect(await retried.json()).toMatchObject({ accepted: 1 });
  expect(await events()).toBe(1);
});

test("any other error is not mistaken for the database's trouble", async () => {
  expect(databaseFailure(new Error("boom"))).toBeNull();
  expect(databaseFailure(new Error("UNIQUE constraint failed"))).toBeNull();
});
