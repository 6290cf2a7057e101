import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startServer, stopServer } from "../../bench/server.ts";
import { createMigratedDatabase, postgresAvailable, testServer, type Cluster } from "../../scripts/pg-cluster.ts";
import type { Db } from "../../app/utils/db.server.ts";
import { startFakeResend, type FakeResend } from "../fake-resend.ts";

// Several app nodes on one PostgreSQL database (issue 8): two built servers, each with its own job
// worker, behind no balancer but taking requests in turn, while customers race for the same seats and
// the same CSM hour and a newsletter goes out. Everything that must happen once happens once: no seat
// oversold, no hour booked twice, no email sent twice (counted at a fake Resend both nodes send to).
// Needs PostgreSQL: PG_TEST_URL, or PostgreSQL installed here (a throwaway cluster is started).
// Without either it is skipped, except in CI (REQUIRE_POSTGRES=1), where it fails.

const available = postgresAvailable() || process.env.REQUIRE_POSTGRES === "1";
const SEATS = 20;
const REGISTRANTS = 60;
const BOOKERS = 12;
const RECIPIENTS = 250;

let cluster: Cluster | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let fake: FakeResend;
let nodes: { server: ChildProcess; url: string }[] = [];
let db: Db;
let origin: string;

/** A form POST to one node, as the balancer passes it on: the public Host and Origin, whichever node answers. */
function post(node: number, pathname: string, cookie: string, form: Record<string, string>): Promise<number> {
  const { url } = nodes[node % nodes.length]!;
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(pathname, url),
      {
        method: "POST",
        agent: false,
        headers: {
          Host: new URL(origin).host,
          Origin: origin,
          Cookie: cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Runs `work` for every item with `lanes` requests in flight at once. */
async function inParallel<T>(items: T[], lanes: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index]!, index);
    }),
  );
}

async function until(check: () => Promise<boolean>, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!available)("two app nodes on one PostgreSQL database", () => {
  beforeAll(async () => {
    cluster = await testServer(`two-nodes-${process.pid}`);
    const database = await createMigratedDatabase(cluster.url, `lyceum_two_nodes_${process.pid}`);
    dropDatabase = database.drop;
    const databaseUrl = database.url;
    // This process reads and writes the same database to set the scene and check the outcome.
    process.env.DATABASE_URL = databaseUrl;
    db = (await import("../../app/utils/db.server.ts")).prisma;

    fake = await startFakeResend({ requestsPerSecond: 1_000 });
    const ports = [await freePort(), await freePort()];
    // Behind a load balancer every node has the one public URL; requests carry it as their Origin.
    origin = `http://127.0.0.1:${ports[0]}`;
    nodes = await Promise.all(
      ports.map(async (port) => ({
        url: `http://127.0.0.1:${port}`,
        server: await startServer({
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port),
          HOST: "127.0.0.1",
          APP_URL: origin,
          DATABASE_URL: databaseUrl,
          DATABASE_POOL_SIZE: "8",
          WORKER_ENABLED: "true",
          WORKER_POLL_MS: "100",
          RESEND_API_KEY: "re_two_nodes",
          RESEND_BASE_URL: fake.url,
          NEWSLETTER_SEND_RATE: "50",
          LOG_LEVEL: "error",
          SEED_ON_START: "false",
          CHECKPOINT_DISABLE: "1",
        }),
      })),
    );
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => stopServer(node.server)));
    await db?.$disconnect();
    await fake?.close();
    await dropDatabase?.();
    cluster?.stop();
  });

  it("oversells no seat: 60 customers register for 20 seats through both nodes at once", async () => {
    const { createAccount, createUser } = await import("../factories.ts");
    const { sessionCookieFor } = await import("../request.ts");
    const session = await db.liveSession.create({
      data: {
        kind: "EXPERT",
        status: "PUBLISHED",
        title: "Two nodes, twenty seats",
        startsAt: new Date(Date.now() + 7 * 86_400_000),
        durationMinutes: 60,
        timeZone: "UTC",
        meetingUrl: "https://meet.example/two-nodes",
        seatCap: SEATS,
        publishedAt: new Date(),
      },
      select: { id: true },
    });
    const account = await createAccount({ tier: "TECH" });
    const people: { id: string; email: string; cookie: string }[] = [];
    for (let index = 0; index < REGISTRANTS; index++) {
      const user = await createUser({ role: "MEMBER", accountId: account.id, email: `seat${index}@two-nodes.test` });
      people.push({ id: user.id, email: `seat${index}@two-nodes.test`, cookie: await sessionCookieFor(user.id) });
    }

    const statuses: number[] = [];
    await inParallel(people, 30, async (person, index) => {
      statuses.push(await post(index, `/portal/sessions/${session.id}`, person.cookie, { intent: "register" }));
    });

    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const rows = await db.registration.findMany({ where: { sessionId: session.id }, select: { userId: true, status: true } });
    const { seatsTaken } = await db.liveSession.findUniqueOrThrow({ where: { id: session.id }, select: { seatsTaken: true } });
    expect(new Set(rows.map((row) => row.userId)).size).toBe(REGISTRANTS);
    expect(rows.filter((row) => row.status === "CONFIRMED")).toHaveLength(SEATS);
    expect(seatsTaken).toBe(SEATS);
    expect(rows.filter((row) => row.status === "WAITLISTED")).toHaveLength(REGISTRANTS - SEATS);
    // Each registrant's confirmation or waitlist notice leaves once, whichever node's worker sent it.
    await until(async () => people.every((person) => fake.deliveries.has(person.email)), "every registration notice");
    expect(people.map((person) => fake.deliveries.get(person.email))).toEqual(people.map(() => 1));
  });

  it("books no hour twice: 12 customers ask for the same CSM hour through both nodes at once", async () => {
    const { createAccount, createTierPolicies, createUser } = await import("../factories.ts");
    const { sessionCookieFor } = await import("../request.ts");
    await createTierPolicies();
    const day = [{ start: "00:00", end: "24:00" }];
    const week = JSON.stringify({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day });
    const csm = await createUser({ role: "CSM", name: "Two Nodes CSM" });
    await db.csmAvailability.create({
      data: { userId: csm.id, timeZone: "UTC", weeklyHours: week, minimumNoticeMinutes: 0, bufferAfterMinutes: 0, maxHoursPerDay: 24 },
    });
    const startsAt = new Date(Date.now() + 2 * 86_400_000);
    startsAt.setUTCHours(10, 0, 0, 0);
    const customers: { accountId: string; email: string; cookie: string }[] = [];
    for (let index = 0; index < BOOKERS; index++) {
      const account = await createAccount({ tier: "LOW" });
      const user = await createUser({ role: "MEMBER", accountId: account.id, email: `book${index}@two-nodes.test` });
      customers.push({ accountId: account.id, email: `book${index}@two-nodes.test`, cookie: await sessionCookieFor(user.id) });
    }

    const statuses: number[] = [];
    await inParallel(customers, BOOKERS, async (customer, index) => {
      const form = { intent: "book", purpose: "Plan our rollout to two more teams next quarter", startsAt: startsAt.toISOString() };
      statuses.push(await post(index, "/portal/book", customer.cookie, form));
    });

    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const bookings = await db.csmBooking.findMany({ where: { csmId: csm.id, startsAt, status: "CONFIRMED" }, select: { accountId: true } });
    expect(bookings).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(BOOKERS - 1);
    // Only the winner's hour was drawn.
    const used = await db.hourBalance.findMany({ where: { accountId: { in: customers.map((c) => c.accountId) } }, select: { used: true } });
    expect(used.reduce((sum, balance) => sum + balance.used, 0)).toBe(1);
  });

  it("sends no email twice: a newsletter to 250 people goes out once with both nodes' workers running", async () => {
    const { createSendAudience } = await import("../send-factories.ts");
    const { createNewsletterRow, READY_BLOCKS } = await import("../newsletter-factories.ts");
    const { startSend } = await import("../../app/modules/newsletters/send.server.ts");
    const audience = await createSendAudience({ count: RECIPIENTS, label: "two-nodes" });
    const newsletter = await createNewsletterRow({ topicId: audience.topicId, blocks: READY_BLOCKS });
    await startSend({ id: "publisher", timeZone: "UTC", locale: "en-US" }, newsletter.id, { when: "now" });

    await until(async () => audience.emails.every((email) => fake.deliveries.has(email)), "every newsletter email", 120_000);
    const sent = await db.newsletterRecipient.count({ where: { newsletterId: newsletter.id, status: "SENT" } });
    expect(sent).toBe(RECIPIENTS);
    expect(audience.emails.map((email) => fake.deliveries.get(email))).toEqual(audience.emails.map(() => 1));
  });
});
