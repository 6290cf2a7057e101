import { otherClient } from "#test/db-clients.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInsights } from "~/modules/engagement/insights.server.ts";
import { recipientLinks } from "~/modules/newsletters/consent-links.server.ts";
import { testRecipientId } from "~/modules/newsletters/placeholders.ts";
import { handleResendWebhook } from "~/modules/newsletters/tracking.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { newWebhookSecret, signedWebhookHeaders } from "#test/svix.ts";
import { createCustomer, createRecipient, createSentNewsletter, createTopic } from "#test/newsletter-factories.ts";
import { createUser } from "../../test/factories.ts";
import { buildRequest, invoke } from "../../test/request.ts";
import * as clickRoute from "./email.click.$token.tsx";
import { action as webhookAction } from "./webhooks.resend.tsx";

const SECRET = newWebhookSecret();

function svixHeaders(body: string, id?: string, secret = SECRET) {
  return signedWebhookHeaders(body, secret, id);
}

function eventBody(type: string, emailId: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    type,
    created_at: "2026-11-20T10:00:00.000Z",
    data: {
      email_id: emailId,
      created_at: "2026-11-20T09:59:00.000Z",
      from: "news@lyceum.example",
      to: ["x@example.com"],
      subject: "News",
      ...extra,
    },
  });
}

async function deliver(body: string, headers = svixHeaders(body)) {
  const result = await invoke(webhookAction, new Request("http://localhost:3000/webhooks/resend", { method: "POST", headers, body }));
  return { status: result.status, text: String(result.body) };
}

type Person = Awaited<ReturnType<typeof createCustomer>>;
let topicId: string;
let newsletterId: string;

async function recipientFor(person?: Person) {
  const who = person ?? (await createCustomer());
  const row = await createRecipient(newsletterId, who);
  return { person: who, row, emailId: row.providerMessageId! };
}

const readRecipient = (id: string) => prisma.newsletterRecipient.findUniqueOrThrow({ where: { id } });
const eventsOf = (recipientUserId: string, kind: string) => prisma.engagementEvent.findMany({ where: { userId: recipientUserId, kind } });

beforeAll(async () => {
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
  resetEnvForTests();
  topicId = (await createTopic()).id;
  newsletterId = (
    await createSentNewsletter({
      topicId,
      subject: "November product digest",
      blocks: [
        { type: "text", markdown: "See [the changelog](https://docs.example.com/changelog)." },
        { type: "cta", label: "Book", url: "https://calendar.example.com/book" },
      ],
    })
  ).id;
});

afterAll(() => {
  delete process.env.RESEND_WEBHOOK_SECRET;
  resetEnvForTests();
});

describe("Resend webhook: verification", () => {
  it("answers 503 with the reason when no secret is configured", async () => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvForTests();
    try {
      const result = await deliver(eventBody("email.delivered", "x"));
      expect(result.status).toBe(503);
      expect(result.text).toMatch(/RESEND_WEBHOOK_SECRET/);
    } finally {
      process.env.RESEND_WEBHOOK_SECRET = SECRET;
      resetEnvForTests();
    }
  });

  it("refuses a wrong signature, an altered body and missing headers, and changes nothing", async () => {
    const { row, emailId } = await recipientFor();
    const body = eventBody("email.delivered", emailId);
    expect((await deliver(body, svixHeaders(body, "msg_wrong", newWebhookSecret()))).status).toBe(401);
    expect((await deliver(body.replace("email.delivered", "email.complained"), svixHeaders(body))).status).toBe(401);
    expect((await deliver(body, new Headers({ "Content-Type": "application/json" }))).status).toBe(400);
    expect((await readRecipient(row.id)).deliveredAt).toBeNull();
    expect(await prisma.webhookDelivery.count({ where: { source: "resend" } })).toBe(0);
  });

  it("answers 400, not 500, to a correctly signed body that is not an event (found by fuzzing)", async () => {
    const before = await prisma.webhookDelivery.count();
    for (const body of ["", "null", "42", '"text"', "[]", '{"data":{}}']) {
      const result = await deliver(body);
      expect(result.status, body).toBe(400);
    }
    expect(await prisma.webhookDelivery.count()).toBe(before);
  });

  it("refuses a body larger than any Resend event without reading it whole", async () => {
    const huge = "x".repeat(300 * 1024);
    expect((await deliver(huge)).status).toBe(413);
  });
});

describe("Resend webhook: effects", () => {
  it("marks delivered, once per delivery id, and a redelivery changes nothing", async () => {
    const { row, emailId } = await recipientFor();
    const body = eventBody("email.delivered", emailId);
    const headers = svixHeaders(body);
    expect(await deliver(body, headers)).toMatchObject({ status: 200, text: expect.stringMatching(/Processed email.delivered/) });
    expect((await readRecipient(row.id)).deliveredAt).toEqual(new Date("2026-11-20T10:00:00.000Z"));
    expect(await deliver(body, headers)).toMatchObject({ status: 200, text: expect.stringMatching(/Already processed/) });
  });

  it("counts every open, keeps the first time, records one engagement event per recipient, and names the newsletter in insights", async () => {
    const { person, row, emailId } = await recipientFor();
    expect((await deliver(eventBody("email.opened", emailId))).status).toBe(200);
    expect(
      (await deliver(JSON.stringify({ ...JSON.parse(eventBody("email.opened", emailId)), created_at: "2026-11-21T10:00:00.000Z" }))).status,
    ).toBe(200);
    const after = await readRecipient(row.id);
    expect(after.openCount).toBe(2);
    expect(after.openedAt).toEqual(new Date("2026-11-20T10:00:00.000Z"));
    const events = await eventsOf(person.id, "newsletter.opened");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subjectType: "newsletter", subjectId: newsletterId, accountId: person.accountId });
    const viewer = await createUser({ role: "PUBLISHER" });
    const insights = await getInsights(viewer, 30, new Date("2026-11-22T00:00:00.000Z"));
    expect(insights.newsletters.find((row) => row.key === newsletterId)?.title).toBe("November product digest");
  });

  it("counts clicks with one engagement event per recipient and URL, unwrapping our own tracked links", async () => {
    const { person, row, emailId } = await recipientFor();
    const tracked = `http://localhost:3000/email/click/click.x.y?to=${encodeURIComponent("https://docs.example.com/changelog")}`;
    for (const link of ["https://calendar.example.com/book", "https://calendar.example.com/book", tracked]) {
      expect(
        (await deliver(eventBody("email.clicked", emailId, { click: { link, ipAddress: "203.0.113.1", timestamp: "", userAgent: "" } })))
          .status,
      ).toBe(200);
    }
    expect((await readRecipient(row.id)).clickCount).toBe(3);
    const urls = (await eventsOf(person.id, "newsletter.clicked")).map((event) => JSON.parse(event.data!).url).sort();
    expect(urls).toEqual(["https://calendar.example.com/book", "https://docs.example.com/changelog"]);
  });

  it("suppresses a hard bounce but not a transient one", async () => {
    const hard = await recipientFor();
    const soft = await recipientFor();
    const bounce = (type: string) => ({ bounce: { type, subType: "General", message: `${type} bounce` } });
    expect((await deliver(eventBody("email.bounced", soft.emailId, bounce("Transient")))).status).toBe(200);
    expect((await deliver(eventBody("email.bounced", hard.emailId, bounce("Permanent")))).status).toBe(200);
    expect((await readRecipient(soft.row.id)).bouncedAt).toBeNull();
    expect(await prisma.emailSuppression.findUnique({ where: { email: soft.person.email } })).toBeNull();
    expect((await readRecipient(hard.row.id)).bouncedAt).not.toBeNull();
    expect(await prisma.emailSuppression.findUnique({ where: { email: hard.person.email } })).toMatchObject({
      reason: "BOUNCE",
      detail: "Permanent bounce",
    });
  });

  it("suppresses and opts out a complaint", async () => {
    const { person, row, emailId } = await recipientFor();
    expect((await deliver(eventBody("email.complained", emailId))).status).toBe(200);
    expect((await readRecipient(row.id)).complainedAt).not.toBeNull();
    expect(await prisma.emailSuppression.findUnique({ where: { email: person.email } })).toMatchObject({ reason: "COMPLAINT" });
    expect(await prisma.newsletterOptOut.findUnique({ where: { userId: person.id } })).toMatchObject({ source: "COMPLAINT" });
  });

  it("acknowledges events for unknown emails and types it does not track", async () => {
    const before = await prisma.emailSuppression.count();
    expect(await deliver(eventBody("email.complained", "not-a-newsletter"))).toMatchObject({
      status: 200,
      text: expect.stringMatching(/ignored/),
    });
    expect(await deliver(eventBody("contact.created", "x"))).toMatchObject({
      status: 200,
      text: expect.stringMatching(/Ignored contact.created/),
    });
    expect(await prisma.emailSuppression.count()).toBe(before);
  });

  it("applies two copies of one delivery racing on separate connections exactly once", async () => {
    // Separate clients are separate SQLite connections, so the database's locking settles the race.
    // The driver is synchronous: a connection busy-waiting for the lock would freeze the event loop the
    // holder needs to finish, so these fail fast (busy timeout 0) and writeTransaction retries.
    const clients = [0, 1].map(() => otherClient());
    try {
      for (let round = 0; round < 5; round++) {
        const { person, row, emailId } = await recipientFor();
        const body = eventBody("email.opened", emailId);
        const headers = svixHeaders(body);
        const results = await Promise.all(clients.map((client) => handleResendWebhook(body, headers, client)));
        expect(results.map((result) => result.status)).toEqual([200, 200]);
        expect(results.filter((result) => /Already processed/.test(result.message))).toHaveLength(1);
        expect((await readRecipient(row.id)).openCount).toBe(1);
        expect(await eventsOf(person.id, "newsletter.opened")).toHaveLength(1);
      }
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });
});

describe("click redirect", () => {
  async function click(token: string, to: string | null) {
    const path = `/email/click/${token}${to === null ? "" : `?to=${encodeURIComponent(to)}`}`;
    return invoke(clickRoute.loader, buildRequest(path), { token });
  }

  it("records the click and redirects to the newsletter's links and the app's own pages", async () => {
    const { person, row } = await recipientFor();
    const { recipientToken } = await recipientLinks({ userId: person.id, topicId, recipientId: row.id });
    for (const to of [
      "https://docs.example.com/changelog",
      "https://docs.example.com/changelog",
      "http://localhost:3000/portal/sessions",
    ]) {
      const result = await click(recipientToken, to);
      expect(result.status).toBe(303);
      expect(result.headers.get("Location")).toBe(to);
    }
    expect((await readRecipient(row.id)).clickCount).toBe(3);
    expect(await eventsOf(person.id, "newsletter.clicked")).toHaveLength(2);
  });

  it("never redirects elsewhere (400) and answers 404 to a bad token, recording nothing", async () => {
    const { person, row } = await recipientFor();
    const { recipientToken } = await recipientLinks({ userId: person.id, topicId, recipientId: row.id });
    for (const to of ["https://evil.example.net/", "javascript:alert(1)", "//evil.example.net", null]) {
      expect((await click(recipientToken, to)).status).toBe(400);
    }
    expect(
      (
        await click(
          recipientToken.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
          "https://docs.example.com/changelog",
        )
      ).status,
    ).toBe(404);
    expect((await click("click.nope.sig", "https://docs.example.com/changelog")).status).toBe(404);
    expect((await readRecipient(row.id)).clickCount).toBe(0);
  });

  it("follows a preview's or test send's links by the same allow-list and counts nothing", async () => {
    const person = await createCustomer();
    const { recipientToken } = await recipientLinks({ userId: person.id, topicId, recipientId: testRecipientId(newsletterId) });
    const followed = await click(recipientToken, "https://docs.example.com/changelog");
    expect(followed.status).toBe(303);
    expect(followed.headers.get("Location")).toBe("https://docs.example.com/changelog");
    expect((await click(recipientToken, "https://evil.example.net/")).status).toBe(400);
    const gone = await recipientLinks({ userId: person.id, topicId, recipientId: testRecipientId("nosuchnewsletter") });
    expect((await click(gone.recipientToken, "https://docs.example.com/changelog")).status).toBe(404);
    expect(await eventsOf(person.id, "newsletter.clicked")).toHaveLength(0);
  });
});
