import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createNewsletterRow, READY_BLOCKS } from "#test/newsletter-factories.ts";
import { createSendAudience } from "#test/send-factories.ts";
import { startFakeResend, type FakeResend } from "#test/fake-resend.ts";
import { RateLimitedError, sendEmailBatch } from "~/providers/email.server.ts";
import { createClient, ensureDatabaseReady, isPostgres, prisma } from "~/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "~/utils/env.server.ts";
import { getJobHandler } from "~/modules/jobs/handlers.server.ts";
import { deliverNewsletter, NEWSLETTER_DELIVERY_JOB, registerNewsletterDeliveryJobs } from "./delivery.server.ts";
import { TokenBucket } from "./delivery.ts";
import { controlSend, startSend } from "./send.server.ts";

const publisher = { id: "publisher", timeZone: "UTC", locale: "en-US" };
const fast = () => new TokenBucket(1_000);

async function startedNewsletter(count: number, options: { zones?: string[]; now?: Date } = {}) {
  const audience = await createSendAudience({ count, zones: options.zones });
  const { id } = await createNewsletterRow({ topicId: audience.topicId, blocks: READY_BLOCKS });
  await startSend(publisher, id, { when: "now" }, options.now);
  return { id, audience };
}

async function recipientStatuses(newsletterId: string) {
  const rows = await prisma.newsletterRecipient.groupBy({ by: ["status"], where: { newsletterId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

describe("deliverNewsletter with the local driver", () => {
  test("sends everyone in batches of 100, one outbox message each with the unsubscribe headers, then marks the newsletter SENT", async () => {
    const { id, audience } = await startedNewsletter(250);

    const outcome = await deliverNewsletter(id, { bucket: fast() });

    expect(outcome).toMatchObject({ batches: 3, sent: 250, skipped: 0, status: "SENT", nextDueAt: null });
    const batches = await prisma.newsletterBatch.findMany({ where: { newsletterId: id }, select: { size: true, status: true } });
    expect(batches.map((batch) => batch.size).sort()).toEqual([100, 100, 50]);
    expect(batches.every((batch) => batch.status === "SENT")).toBe(true);
    const outbox = await prisma.outboxMessage.findMany({
      where: { to: { in: audience.emails } },
      select: { id: true, to: true, headers: true, html: true },
    });
    expect(outbox).toHaveLength(250);
    expect(new Set(outbox.map((message) => message.to)).size).toBe(250);
    const headers = JSON.parse(outbox[0]!.headers) as Record<string, string>;
    expect(headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/email\/unsubscribe\/unsub\./);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(outbox[0]!.html).not.toContain("%%lyceum");
    const recipient = await prisma.newsletterRecipient.findFirstOrThrow({ where: { newsletterId: id, email: outbox[0]!.to } });
    expect(recipient).toMatchObject({ status: "SENT", providerMessageId: outbox[0]!.id });
    expect(recipient.sentAt).toBeInstanceOf(Date);
    const newsletter = await prisma.newsletter.findUniqueOrThrow({ where: { id } });
    expect(newsletter.completedAt).toBeInstanceOf(Date);
  });

  test("re-checks consent at claim: suppressed, opted-out and unsubscribed recipients are SKIPPED with the reason", async () => {
    const { id, audience } = await startedNewsletter(5);
    const [suppressed, optedOut, unsubscribed] = audience.userIds;
    await prisma.emailSuppression.create({ data: { email: audience.emails[0]!, reason: "BOUNCE" } });
    await prisma.newsletterOptOut.create({ data: { userId: optedOut!, source: "PREFERENCE_CENTRE" } });
    await prisma.topicPreference.update({
      where: { userId_topicId: { userId: unsubscribed!, topicId: audience.topicId } },
      data: { subscribed: false, source: "ONE_CLICK" },
    });

    const outcome = await deliverNewsletter(id, { bucket: fast() });

    expect(outcome).toMatchObject({ sent: 2, skipped: 3, status: "SENT" });
    const skipped = await prisma.newsletterRecipient.findMany({
      where: { newsletterId: id, status: "SKIPPED" },
      select: { userId: true, skipReason: true },
    });
    expect(Object.fromEntries(skipped.map((row) => [row.userId, row.skipReason]))).toEqual({
      [suppressed!]: "suppressed",
      [optedOut!]: "opted_out",
      [unsubscribed!]: "unsubscribed",
    });
    expect(await prisma.outboxMessage.count({ where: { to: { in: audience.emails.slice(0, 3) } } })).toBe(0);
  });

  test("a batch left CLAIMED by a crash is sent again under the same key: delivered once, nobody skipped", async () => {
    const { id, audience } = await startedNewsletter(120);
    // The provider accepts the first batch, then the worker dies before recording it.
    const crash = await deliverNewsletter(id, {
      bucket: fast(),
      send: async (messages, options) => {
        await sendEmailBatch(messages, options);
        throw new Error("killed");
      },
    }).catch((error: unknown) => error);
    expect(crash).toEqual(new Error("killed"));
    expect(await prisma.newsletterBatch.count({ where: { newsletterId: id, status: "CLAIMED" } })).toBe(1);

    const keys: string[] = [];
    const outcome = await deliverNewsletter(id, {
      bucket: fast(),
      send: (messages, options) => {
        keys.push(options.idempotencyKey);
        return sendEmailBatch(messages, options);
      },
    });

    const claimedKey = (await prisma.newsletterBatch.findFirstOrThrow({ where: { newsletterId: id }, orderBy: { createdAt: "asc" } }))
      .idempotencyKey;
    expect(keys[0]).toBe(claimedKey);
    expect(outcome).toMatchObject({ sent: 120, status: "SENT" });
    expect(await prisma.outboxMessage.count({ where: { to: { in: audience.emails } } })).toBe(120);
    expect(await recipientStatuses(id)).toEqual({ SENT: 120 });
  });

  test("a 429 waits the provider's time and sends the same batch again", async () => {
    const { id } = await startedNewsletter(3);
    const bucket = fast();
    const keys: string[] = [];
    let refused = false;
    const outcome = await deliverNewsletter(id, {
      bucket,
      send: (messages, options) => {
        keys.push(options.idempotencyKey);
        if (!refused) {
          refused = true;
          return Promise.reject(new RateLimitedError(30));
        }
        return sendEmailBatch(messages, options);
      },
    });
    expect(outcome).toMatchObject({ sent: 3, status: "SENT" });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  test("pause is read between batches: the run stops, and resume carries on", async () => {
    const { id } = await startedNewsletter(300);
    let batches = 0;
    const outcome = await deliverNewsletter(id, {
      bucket: fast(),
      send: async (messages, options) => {
        if (++batches === 1) await controlSend(publisher, id, "pause");
        return sendEmailBatch(messages, options);
      },
    });
    expect(outcome).toMatchObject({ batches: 1, sent: 100, status: "PAUSED" });
    expect(await recipientStatuses(id)).toEqual({ SENT: 100, PENDING: 200 });
    // Still paused: a run sends nothing.
    expect(await deliverNewsletter(id, { bucket: fast() })).toMatchObject({ batches: 0, status: "PAUSED" });

    await controlSend(publisher, id, "resume");
    expect(await deliverNewsletter(id, { bucket: fast() })).toMatchObject({ sent: 200, status: "SENT" });
  });

  test("local-hour waves: what is due goes now, the rest reports the next wave's time", async () => {
    const audience = await createSendAudience({ count: 4, zones: ["Asia/Tokyo", "America/New_York"] });
    const { id } = await createNewsletterRow({ topicId: audience.topicId, blocks: READY_BLOCKS });
    const now = new Date("2030-03-10T02:00:00Z"); // 11:00 in Tokyo, 22:00 the day before in New York
    await startSend(publisher, id, { when: "local", localDate: "2030-03-10", localHour: 9 }, now);

    const first = await deliverNewsletter(id, { bucket: fast(), now: () => now });
    expect(first).toMatchObject({ sent: 2, status: "SENDING", nextDueAt: new Date("2030-03-10T13:00:00Z") });

    const later = new Date("2030-03-10T13:00:00Z");
    expect(await deliverNewsletter(id, { bucket: fast(), now: () => later })).toMatchObject({ sent: 2, status: "SENT", nextDueAt: null });
  });
});

describe("the delivery job", () => {
  test("sends what is due and enqueues itself for the next wave instead of sleeping; the wave's job is the send's own", async () => {
    const audience = await createSendAudience({ count: 2 });
    const { id } = await createNewsletterRow({ topicId: audience.topicId, blocks: READY_BLOCKS });
    const at = new Date(Date.now() + 3_600_000);
    const local = (date: Date) => date.toISOString().slice(0, 16); // the publisher is in UTC
    await startSend(publisher, id, { when: "at", at: local(at) });
    const wave = new Date(`${local(at)}:00.000Z`);
    registerNewsletterDeliveryJobs();

    // Run early (as after a resume): nothing is due, so nothing is sent and the job for the wave stands.
    await getJobHandler(NEWSLETTER_DELIVERY_JOB)!(
      { newsletterId: id },
      { id: "j", kind: NEWSLETTER_DELIVERY_JOB, attempts: 1, idempotencyKey: null },
    );

    const jobs = await prisma.job.findMany({
      where: { kind: NEWSLETTER_DELIVERY_JOB, payload: { contains: id } },
      select: { runAt: true, idempotencyKey: true },
    });
    expect(jobs).toEqual([{ runAt: wave, idempotencyKey: `${NEWSLETTER_DELIVERY_JOB}:${id}:due:${wave.toISOString()}` }]);
    expect(await recipientStatuses(id)).toEqual({ PENDING: 2 });
  });
});

describe("two workers on two connections", () => {
  let fake: FakeResend;
  beforeAll(async () => {
    fake = await startFakeResend({ requestsPerSecond: 10_000 });
    process.env.RESEND_API_KEY = "re_race_123";
    process.env.RESEND_BASE_URL = fake.url;
    resetEnvForTests();
  });
  afterAll(async () => {
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
    resetEnvForTests();
    await fake.close();
  });

  test("never send a recipient twice: the claim is a conditional write", async () => {
    const { id, audience } = await startedNewsletter(1_000);
    const url = getEnv().DATABASE_URL;
    const [one, two] = [createClient(url), createClient(url)];
    await Promise.all([ensureDatabaseReady(one), ensureDatabaseReady(two)]);
    // Both connections live in this one process, where SQLite's busy wait blocks the other's commit:
    // wait briefly and let writeTransaction retry instead (separate worker processes need no such thing).
    // PostgreSQL's SERIALIZABLE conflicts fail at once and are retried the same way: nothing to set.
    if (!isPostgres) {
      await Promise.all([one.$queryRawUnsafe("PRAGMA busy_timeout = 20"), two.$queryRawUnsafe("PRAGMA busy_timeout = 20")]);
    }
    try {
      const [a, b] = await Promise.all([
        deliverNewsletter(id, { db: one, bucket: fast() }),
        deliverNewsletter(id, { db: two, bucket: fast() }),
      ]);
      expect(a.batches).toBeGreaterThan(0);
      expect(b.batches).toBeGreaterThan(0);
      expect(a.sent + b.sent).toBe(1_000);
    } finally {
      await Promise.all([one.$disconnect(), two.$disconnect()]);
    }
    expect(audience.emails.map((email) => fake.deliveries.get(email) ?? 0).every((count) => count === 1)).toBe(true);
    expect(fake.stats.emails).toBe(1_000);
    expect(await recipientStatuses(id)).toEqual({ SENT: 1_000 });
    expect(await prisma.newsletter.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: "SENT" });
  });
});
