import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { createApiKey, revokeApiKey } from "~/modules/engagement/api-keys.server.ts";
import { INGEST_RATE_LIMIT } from "~/modules/engagement/ingest.server.ts";
import { RESCORE_JOB_KIND } from "~/modules/engagement/scores.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action } from "./api.v1.events.tsx";

type Outcome = { accepted: number; duplicates: number; rejected: Array<{ index: number; eventId: string | null; errors: string[] }> };

let secret: string;
let keyId: string;
let account: { id: string; domain: string };
let other: { id: string; domain: string };
let memberEmail: string;
let memberId: string;
let outsiderEmail: string;
const admin = { id: "", role: "ADMIN" as const, accountId: null };

beforeAll(async () => {
  const staff = await createUser({ role: "ADMIN" });
  admin.id = staff.id;
  const key = await createApiKey(admin, "Product backend");
  secret = key.secret;
  keyId = key.id;
  const home = await createAccount({ tier: "LOW", domains: ["usage-home.example", "usage-home-alt.example"] });
  const away = await createAccount({ tier: "TECH", domains: ["usage-away.example"] });
  account = { id: home.id, domain: "usage-home.example" };
  other = { id: away.id, domain: "usage-away.example" };
  const member = await createUser({ role: "MEMBER", accountId: home.id, email: "Pat.Usage@usage-home.example" });
  memberId = member.id;
  memberEmail = member.email;
  outsiderEmail = (await createUser({ role: "MEMBER", accountId: away.id, email: "sam@usage-away.example" })).email;
});

let sequence = 0;
function event(overrides: Record<string, unknown> = {}) {
  return {
    eventId: `evt-${Date.now()}-${++sequence}`,
    accountId: account.id,
    feature: "dashboards",
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

function post(body: unknown, headers: Record<string, string> = {}, key: string | null = secret) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return invoke(
    action,
    buildRequest("/api/v1/events", {
      method: "POST",
      body: text,
      headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers },
    }),
  );
}

const productEvents = (dedupeKeys: string[]) =>
  prisma.engagementEvent.findMany({
    where: { dedupeKey: { in: dedupeKeys } },
    select: {
      accountId: true,
      userId: true,
      kind: true,
      subjectType: true,
      subjectId: true,
      value: true,
      occurredAt: true,
      dedupeKey: true,
    },
  });

describe("POST /api/v1/events: who may send", () => {
  it("refuses a missing, unknown, malformed or revoked key with 401 and WWW-Authenticate, and writes nothing", async () => {
    const revoked = await createApiKey(admin, "Old integration");
    await revokeApiKey(admin, revoked.id);
    const cookie = await sessionCookieFor(admin.id);
    const before = await prisma.engagementEvent.count();
    for (const attempt of [
      await post({ events: [event()] }, {}, null),
      await post({ events: [event()] }, {}, "lyc_not-a-real-key"),
      await post({ events: [event()] }, { Authorization: `Basic ${secret}` }, null),
      await post({ events: [event()] }, {}, revoked.secret),
      await post({ events: [event()] }, { Cookie: cookie }, null),
    ]) {
      expect(attempt.status).toBe(401);
      expect(attempt.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    }
    expect(await prisma.engagementEvent.count()).toBe(before);
  });

  it("records when a key was last used, at most once a minute", async () => {
    const fresh = await createApiKey(admin, "Touch test");
    expect((await post({ events: [event()] }, {}, fresh.secret)).status).toBe(200);
    const first = (await prisma.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await post({ events: [event()] }, {}, fresh.secret);
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt).toEqual(first);
  });

  it("answers 429 with Retry-After once a key has used its minute, and writes nothing", async () => {
    const busy = await createApiKey(admin, "Busy client");
    // Use up this window and the next, so the test cannot straddle a minute boundary.
    const window = Math.floor(Date.now() / INGEST_RATE_LIMIT.windowMs);
    for (const w of [window, window + 1]) {
      await prisma.rateLimit.create({
        data: {
          key: `${INGEST_RATE_LIMIT.name}:${busy.id}:${w}`,
          count: INGEST_RATE_LIMIT.limit,
          windowStartAt: new Date(w * INGEST_RATE_LIMIT.windowMs),
        },
      });
    }
    const sent = event();
    const refused = await post({ events: [sent] }, {}, busy.secret);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await productEvents([`product:${sent.eventId}`])).toEqual([]);
    // Another key's budget is its own.
    expect((await post({ events: [event()] })).status).toBe(200);
  });
});

describe("POST /api/v1/events: the batch", () => {
  it("refuses a wrong content type (415), broken JSON (400), a bad shape (400), too many events and too many bytes (413)", async () => {
    expect((await post({ events: [event()] }, { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await post("{ not json")).status).toBe(400);
    expect((await post({ items: [] })).status).toBe(400);
    expect((await post({ events: [] })).status).toBe(400);
    const tooMany = await post({ events: Array.from({ length: 1_001 }, () => event()) });
    expect(tooMany.status).toBe(413);
    expect((tooMany.body as { error: string }).error).toMatch(/at most 1000/);
    const padded = JSON.stringify({ events: [event({ feature: "x" })], padding: "p".repeat(1024 * 1024) });
    expect((await post(padded)).status).toBe(413);
    // A Content-Length that admits the size is refused before the body is read.
    expect((await post({ events: [event()] }, { "Content-Length": String(2 * 1024 * 1024) })).status).toBe(413);
  });

  it("accepts the good events of a mixed batch and says why each other one was refused", async () => {
    const good = [
      event({ feature: "reports", value: 3 }),
      event({ accountId: undefined, accountDomain: "USAGE-HOME-ALT.example", userEmail: memberEmail.toUpperCase() }),
      event({ accountId: undefined, accountDomain: "someone@usage-home.example" }),
    ];
    const batch = [
      good[0],
      { feature: "no id", accountId: account.id, occurredAt: new Date().toISOString() },
      good[1],
      event({ occurredAt: new Date(Date.now() + 60 * 60_000).toISOString() }),
      event({ occurredAt: "yesterday" }),
      event({ accountId: "no-such-account" }),
      event({ accountId: undefined, accountDomain: "nobody.example" }),
      event({ userEmail: outsiderEmail }),
      event({ feature: "f".repeat(101), kind: "page.viewed" }),
      event({ accountDomain: account.domain }),
      "not an object",
      good[2],
      event({ occurredAt: new Date(Date.now() - 401 * 86_400_000).toISOString() }),
    ];
    const result = await post({ events: batch });
    expect(result.status).toBe(200);
    const body = result.body as Outcome;
    expect(body.accepted).toBe(3);
    expect(body.duplicates).toBe(0);
    expect(body.rejected.map((rejection) => rejection.index)).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
    const errors = Object.fromEntries(body.rejected.map((rejection) => [rejection.index, rejection.errors.join(" | ")]));
    expect(errors[1]).toMatch(/^eventId: /);
    expect(errors[3]).toMatch(/occurredAt: is more than 5 minutes in the future/);
    expect(errors[4]).toMatch(/occurredAt: is not an ISO 8601 date-time/);
    expect(errors[5]).toBe("accountId: no account has this id");
    expect(errors[6]).toBe("accountDomain: no account has this domain");
    expect(errors[7]).toBe("userEmail: no person with this email belongs to that account");
    expect(errors[8]).toMatch(/kind: .*feature: is longer than 100/);
    expect(errors[9]).toMatch(/accountId or accountDomain/);
    expect(errors[10]).toMatch(/JSON object/);
    expect(errors[12]).toMatch(/more than 400 days ago/);
    expect(body.rejected[0]!.eventId).toBeNull();
    expect(body.rejected[1]!.eventId).toBe((batch[3] as { eventId: string }).eventId);

    const rows = await productEvents(good.map((sent) => `product:${sent.eventId}`));
    expect(rows).toHaveLength(3);
    const byKey = new Map(rows.map((row) => [row.dedupeKey, row]));
    expect(byKey.get(`product:${good[0]!.eventId}`)).toMatchObject({
      accountId: account.id,
      userId: null,
      kind: "product.used",
      subjectType: "feature",
      subjectId: "reports",
      value: 3,
      occurredAt: new Date(good[0]!.occurredAt),
    });
    expect(byKey.get(`product:${good[1]!.eventId}`)).toMatchObject({ accountId: account.id, userId: memberId });
    expect(byKey.get(`product:${good[2]!.eventId}`)).toMatchObject({ accountId: account.id, userId: null });
  });

  it("is idempotent by eventId: a resent batch is all duplicates and leaves one row per event", async () => {
    const batch = [
      event(),
      event({ accountId: other.id, feature: "exports" }),
      event({ accountDomain: other.domain, accountId: undefined }),
    ];
    const first = await post({ events: batch });
    expect(first.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const again = await post({ events: batch });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    const repeatedInside = event();
    expect((await post({ events: [repeatedInside, repeatedInside] })).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(await productEvents([...batch, repeatedInside].map((sent) => `product:${sent.eventId}`))).toHaveLength(4);
  });

  it("lets the database settle a batch sent twice at once: each event is accepted once", async () => {
    const batch = Array.from({ length: 300 }, () => event());
    const answers = await Promise.all([post({ events: batch }), post({ events: batch }), post({ events: batch })]);
    const bodies = answers.map((answer) => answer.body as Outcome);
    expect(bodies.reduce((sum, body) => sum + body.accepted, 0)).toBe(300);
    expect(bodies.reduce((sum, body) => sum + body.duplicates, 0)).toBe(600);
    expect(await productEvents(batch.map((sent) => `product:${sent.eventId}`))).toHaveLength(300);
  });

  it("takes 1,000 events in one batch", async () => {
    const run = `bulk-${Date.now()}`;
    const batch = Array.from({ length: 1_000 }, (_, index) => event({ feature: `${run}-${index % 20}` }));
    const result = await post({ events: batch });
    expect(result.body).toEqual({ accepted: 1_000, duplicates: 0, rejected: [] });
    expect(await prisma.engagementEvent.count({ where: { kind: "product.used", subjectId: { startsWith: run } } })).toBe(1_000);
  });

  it("answers 405 to anything but POST", async () => {
    const result = await invoke(action, buildRequest("/api/v1/events", { method: "PUT", headers: { Authorization: `Bearer ${secret}` } }));
    expect(result.status).toBe(405);
    void keyId;
  });
});

describe("POST /api/v1/events: rescoring", () => {
  it("queues one debounced rescore per account that gained events, in the same transaction; a replay queues none", async () => {
    // Earlier posts this minute may already have queued this minute's job (that is the debounce), so
    // look at the jobs due after now rather than the ones created now.
    const since = new Date();
    const rescores = async () =>
      (
        await prisma.job.findMany({
          where: { kind: RESCORE_JOB_KIND, runAt: { gt: since } },
          select: { payload: true, runAt: true, idempotencyKey: true },
        })
      )
        .map((job) => ({ ...job, accountId: (JSON.parse(job.payload) as { accountId: string }).accountId }))
        .filter((job) => job.accountId === account.id || job.accountId === other.id);
    const batch = [event(), event({ feature: "reports" }), event({ accountId: other.id }), event({ accountId: "no-such-account" })];
    expect((await post({ events: batch })).body).toMatchObject({ accepted: 3 });
    const jobs = await rescores();
    expect(jobs.map((job) => job.accountId).sort()).toEqual([account.id, other.id].sort());
    for (const job of jobs) {
      expect(job.idempotencyKey).toMatch(/^rescore:\w+:\d+$/);
      expect(job.runAt.getTime() % 60_000).toBe(0);
      expect(job.runAt.getTime()).toBeGreaterThan(since.getTime());
    }
    expect((await post({ events: batch })).body).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await rescores()).toHaveLength(jobs.length);
  });
});
