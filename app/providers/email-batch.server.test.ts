import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { BATCH_LIMIT, IdempotencyConflictError, RateLimitedError, sendEmailBatch, type BatchEmailMessage } from "./email.server.ts";

const BASE = "https://resend-batch.test";

function messages(count: number, prefix = "person"): BatchEmailMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    to: `${prefix}${index}@acme.test`,
    subject: "November news",
    html: `<p>Hello ${index}</p>`,
    text: `Hello ${index}`,
    headers: {
      "List-Unsubscribe": `<https://lyceum.test/email/unsubscribe/t${index}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  }));
}

describe("local driver", () => {
  test("stores the batch in one go, one outbox row per message, and a re-sent batch adds nothing", async () => {
    const batch = messages(3, "local");
    const first = await sendEmailBatch(batch, { idempotencyKey: "nl:batch-1" });
    const again = await sendEmailBatch(batch, { idempotencyKey: "nl:batch-1" });

    expect(first).toHaveLength(3);
    expect(again).toEqual(first);
    const rows = await prisma.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: "nl:batch-1:" } },
      orderBy: { idempotencyKey: "asc" },
    });
    expect(rows.map((row) => [row.idempotencyKey, row.to, row.id])).toEqual([
      ["nl:batch-1:0", "local0@acme.test", first[0]],
      ["nl:batch-1:1", "local1@acme.test", first[1]],
      ["nl:batch-1:2", "local2@acme.test", first[2]],
    ]);
    expect(JSON.parse(rows[0]!.headers)).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });

  test("refuses more than the provider's batch limit", async () => {
    await expect(sendEmailBatch(messages(BATCH_LIMIT + 1), { idempotencyKey: "too-big" })).rejects.toThrow(/at most 100/);
  });
});

describe("resend driver", () => {
  const received: Array<{ body: unknown[]; headers: Record<string, string> }> = [];
  let rateLimited = 0;
  const server = setupServer(
    http.post(`${BASE}/emails/batch`, async ({ request }) => {
      if (rateLimited > 0) {
        rateLimited--;
        return HttpResponse.json(
          { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." },
          { status: 429, headers: { "retry-after": "2", "ratelimit-reset": "1" } },
        );
      }
      if (request.headers.get("authorization") !== "Bearer re_batch_123") return HttpResponse.json({ statusCode: 401 }, { status: 401 });
      const body = (await request.json()) as unknown[];
      received.push({ body, headers: Object.fromEntries(request.headers.entries()) });
      return HttpResponse.json({ data: body.map((_, index) => ({ id: `re-${received.length}-${index}` })) });
    }),
  );

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    process.env.RESEND_API_KEY = "re_batch_123";
    process.env.RESEND_BASE_URL = BASE;
    process.env.EMAIL_FROM = "Lyceum <news@lyceum.test>";
    resetEnvForTests();
  });
  afterEach(() => {
    received.length = 0;
    rateLimited = 0;
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
    delete process.env.EMAIL_FROM;
    resetEnvForTests();
  });
  afterAll(() => server.close());

  test("sends 100 emails in one request with the Idempotency-Key header and returns their ids in order", async () => {
    const ids = await sendEmailBatch(messages(100), { idempotencyKey: "newsletter-batch:abc" });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.headers["idempotency-key"]).toBe("newsletter-batch:abc");
    expect(request!.body).toHaveLength(100);
    expect(request!.body[7]).toMatchObject({
      from: "Lyceum <news@lyceum.test>",
      to: "person7@acme.test",
      subject: "November news",
      html: "<p>Hello 7</p>",
      text: "Hello 7",
      headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
    expect(ids).toHaveLength(100);
    expect(ids[7]).toBe("re-1-7");
    expect(await prisma.outboxMessage.count({ where: { idempotencyKey: { startsWith: "newsletter-batch:abc" } } })).toBe(0);
  });

  test("a 429 becomes RateLimitedError with the wait from the response headers", async () => {
    rateLimited = 1;
    const error = await sendEmailBatch(messages(2), { idempotencyKey: "limited" }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(2_000);
    expect(received).toHaveLength(0);
    // The same batch again, once the limit has passed, goes through.
    expect(await sendEmailBatch(messages(2), { idempotencyKey: "limited" })).toEqual(["re-1-0", "re-1-1"]);
  });

  test("a key still in flight elsewhere waits like a 429; a key spent on another body is IdempotencyConflictError", async () => {
    server.use(
      http.post(`${BASE}/emails/batch`, () =>
        HttpResponse.json(
          { statusCode: 409, name: "concurrent_idempotent_requests", message: "Same key in progress." },
          { status: 409, headers: { "retry-after": "1" } },
        ),
      ),
    );
    const inFlight = await sendEmailBatch(messages(1), { idempotencyKey: "busy" }).catch((caught: unknown) => caught);
    expect(inFlight).toBeInstanceOf(RateLimitedError);
    expect((inFlight as RateLimitedError).retryAfterMs).toBe(1_000);

    server.use(
      http.post(`${BASE}/emails/batch`, () =>
        HttpResponse.json(
          { statusCode: 409, name: "invalid_idempotent_request", message: "Key used with another payload." },
          { status: 409 },
        ),
      ),
    );
    await expect(sendEmailBatch(messages(1), { idempotencyKey: "spent" })).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  test("other refusals throw for a retry", async () => {
    server.use(
      http.post(`${BASE}/emails/batch`, () =>
        HttpResponse.json({ statusCode: 422, name: "validation_error", message: "Invalid `to` field." }, { status: 422 }),
      ),
    );
    await expect(sendEmailBatch(messages(1), { idempotencyKey: "bad" })).rejects.toThrow(
      /did not accept the batch \(422, validation_error\)/,
    );
  });
});
