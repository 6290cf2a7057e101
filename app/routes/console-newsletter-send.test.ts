import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { createNewsletterRow, READY_BLOCKS } from "#test/newsletter-factories.ts";
import { createSendAudience } from "#test/send-factories.ts";
import type { NewsletterBlock } from "~/modules/newsletters/blocks.ts";
import { NEWSLETTER_DELIVERY_JOB } from "~/modules/newsletters/delivery.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./_app.console.newsletters.$newsletterId_.send.tsx";

type Reply = { intent: string; result: { error?: Record<string, string[] | null> }; done?: string };
type Page = {
  newsletter: { status: string; scheduledAt: string | null };
  problems: string[];
  progress: { total: number; sent: number; pending: number; skipped: number; cancelled: number; nextWaveAt: string | null };
};

let publisher: string;
let csm: string;

beforeAll(async () => {
  publisher = await sessionCookieFor((await createUser({ role: "PUBLISHER", timeZone: "Europe/Paris" })).id);
  csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
});

const post = (newsletterId: string, form: Record<string, string>, cookie = publisher) =>
  invoke(action, buildRequest(`/console/newsletters/${newsletterId}/send`, { cookie, form }), { newsletterId });
const page = async (newsletterId: string) => {
  const result = await invoke(loader, buildRequest(`/console/newsletters/${newsletterId}/send`, { cookie: publisher }), { newsletterId });
  expect(result.status).toBe(200);
  return result.body as Page;
};

async function draft(count = 3, overrides: { subject?: string; blocks?: NewsletterBlock[] } = {}) {
  const audience = await createSendAudience({ count });
  const { id } = await createNewsletterRow({ topicId: audience.topicId, blocks: READY_BLOCKS, ...overrides });
  return { id, audience };
}

describe("starting a send", () => {
  it("send now: one transaction makes it SENDING, snapshots the recipients and enqueues the delivery job", async () => {
    const { id } = await draft(3);
    const result = await post(id, { intent: "send", when: "now" });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect((result.body as Reply).done).toBe("Sending to 3 recipients.");
    const newsletter = await prisma.newsletter.findUniqueOrThrow({ where: { id } });
    expect(newsletter).toMatchObject({ status: "SENDING", scheduleKind: "NOW", recipientsTotal: 3 });
    expect(await prisma.newsletterRecipient.count({ where: { newsletterId: id, status: "PENDING" } })).toBe(3);
    const jobs = await prisma.job.findMany({ where: { kind: NEWSLETTER_DELIVERY_JOB, payload: { contains: id } } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.idempotencyKey).toBe(`${NEWSLETTER_DELIVERY_JOB}:${id}:due:${jobs[0]!.runAt.toISOString()}`);
    expect((await page(id)).progress).toMatchObject({ total: 3, sent: 0, pending: 3 });
  });

  it("at a time in the publisher's zone: SCHEDULED, everyone due then, the job runs then", async () => {
    const { id } = await draft(2);
    const result = await post(id, { intent: "send", when: "at", at: "2031-06-01T09:30" });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const newsletter = await prisma.newsletter.findUniqueOrThrow({ where: { id } });
    const at = new Date("2031-06-01T07:30:00Z"); // 09:30 in Paris (CEST, UTC+2)
    expect(newsletter).toMatchObject({ status: "SCHEDULED", scheduleKind: "AT", scheduledAt: at });
    const dueAts = await prisma.newsletterRecipient.findMany({ where: { newsletterId: id }, select: { dueAt: true } });
    expect(dueAts.every(({ dueAt }) => dueAt.getTime() === at.getTime())).toBe(true);
    const job = await prisma.job.findFirstOrThrow({ where: { kind: NEWSLETTER_DELIVERY_JOB, payload: { contains: id } } });
    expect(job.runAt).toEqual(at);
    expect((await page(id)).newsletter.scheduledAt).toMatch(/Jun 1, 2031, 9:30/);
  });

  it.each([
    [{ when: "at", at: "2020-01-01T09:00" }, "at", /passed/],
    [{ when: "at", at: "" }, "at", /Enter the date and time/],
    [{ when: "local", localDate: "2020-01-01", localHour: "9" }, "localDate", /passed in every zone/],
    [{ when: "local", localHour: "9" }, "localDate", /Enter the day/],
    [{ when: "later" }, "when", /Choose when/],
  ])("400 with the field's message for %o", async (form, field, message) => {
    const { id } = await draft(1);
    const result = await post(id, { intent: "send", ...form });

    expect(result.status).toBe(400);
    expect((result.body as Reply).result.error?.[field]?.join(" ")).toMatch(message);
    expect(await prisma.newsletter.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: "DRAFT" });
    expect(await prisma.newsletterRecipient.count({ where: { newsletterId: id } })).toBe(0);
  });

  it.each([
    [{ subject: "  " }, /subject is empty/],
    [{ blocks: [] }, /no content/],
  ])("400 for a draft that is not ready (%o), shown on the page before sending too", async (overrides, message) => {
    const { id } = await draft(1, overrides);
    expect((await page(id)).problems.join(" ")).toMatch(message);
    const result = await post(id, { intent: "send", when: "now" });
    expect(result.status).toBe(400);
    expect(JSON.stringify((result.body as Reply).result.error)).toMatch(message);
    expect(await prisma.newsletterRecipient.count({ where: { newsletterId: id } })).toBe(0);
  });

  it("400 for an archived topic", async () => {
    const { id, audience } = await draft(1);
    await prisma.newsletterTopic.update({ where: { id: audience.topicId }, data: { archivedAt: new Date() } });
    const result = await post(id, { intent: "send", when: "now" });
    expect(result.status).toBe(400);
    expect(JSON.stringify((result.body as Reply).result.error)).toMatch(/topic is archived/);
  });

  it("409 and nothing written when nobody would receive it", async () => {
    const { id } = await draft(0);
    const result = await post(id, { intent: "send", when: "now" });

    expect(result.status).toBe(409);
    expect(JSON.stringify((result.body as Reply).result.error)).toMatch(/Nobody would receive/);
    expect(await prisma.newsletter.findUniqueOrThrow({ where: { id }, select: { status: true, recipientsTotal: true } })).toEqual({
      status: "DRAFT",
      recipientsTotal: 0,
    });
    expect(await prisma.job.count({ where: { kind: NEWSLETTER_DELIVERY_JOB, payload: { contains: id } } })).toBe(0);
  });

  it("two sends at once: one wins, the other gets 409; recipients and job are written once", async () => {
    const { id } = await draft(4);
    const results = await Promise.all([post(id, { intent: "send", when: "now" }), post(id, { intent: "send", when: "now" })]);

    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    const refused = results.find((result) => result.status === 409)!;
    expect(JSON.stringify((refused.body as Reply).result.error)).toMatch(/already been sent or scheduled/);
    expect(await prisma.newsletterRecipient.count({ where: { newsletterId: id } })).toBe(4);
    expect(await prisma.job.count({ where: { kind: NEWSLETTER_DELIVERY_JOB, payload: { contains: id } } })).toBe(1);
  });

  it("403 for a CSM; 404 for an unknown newsletter", async () => {
    const { id } = await draft(1);
    expect((await post(id, { intent: "send", when: "now" }, csm)).status).toBe(403);
    expect((await post("nope", { intent: "send", when: "now" })).status).toBe(404);
    expect(await prisma.newsletter.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: "DRAFT" });
  });
});

describe("pause, resume, cancel", () => {
  it("are conditional writes: the wrong state is a 409 with what to do", async () => {
    const { id } = await draft(2);
    expect((await post(id, { intent: "pause" })).status).toBe(409);
    await post(id, { intent: "send", when: "now" });

    expect((await post(id, { intent: "resume" })).status).toBe(409);
    const paused = await post(id, { intent: "pause" });
    expect((paused.body as Reply).done).toMatch(/Paused/);
    expect((await post(id, { intent: "pause" })).status).toBe(409);
    expect((await page(id)).newsletter.status).toBe("PAUSED");

    const resumed = await post(id, { intent: "resume" });
    expect((resumed.body as Reply).done).toMatch(/Resumed/);
    expect(await prisma.newsletter.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({ status: "SENDING" });
    expect(await prisma.job.count({ where: { kind: NEWSLETTER_DELIVERY_JOB, payload: { contains: id } } })).toBe(2);
  });

  it("cancel marks everyone not yet in a batch CANCELLED; a second cancel is a 409", async () => {
    const { id } = await draft(3);
    await post(id, { intent: "send", when: "at", at: "2031-01-01T10:00" });
    const cancelled = await post(id, { intent: "cancel" });

    expect((cancelled.body as Reply).done).toMatch(/Cancelled/);
    expect(await prisma.newsletterRecipient.count({ where: { newsletterId: id, status: "CANCELLED" } })).toBe(3);
    expect((await page(id)).progress).toMatchObject({ cancelled: 3, pending: 0 });
    expect((await post(id, { intent: "cancel" })).status).toBe(409);
    expect((await post(id, { intent: "resume" })).status).toBe(409);
  });

  it("a local-hour send shows the next wave in the viewer's zone", async () => {
    const { id } = await draft(2);
    await post(id, { intent: "send", when: "local", localDate: "2031-03-10", localHour: "9" });
    const progress = (await page(id)).progress;
    // The recipients are in UTC, so their 09:00 is 10:00 for the publisher in Paris.
    expect(progress.nextWaveAt).toBe("Mar 10, 2031, 10:00 AM GMT+1");
  });
});
