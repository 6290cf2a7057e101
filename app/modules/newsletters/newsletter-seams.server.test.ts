import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newWebhookSecret, signedWebhookHeaders } from "#test/svix.ts";
import { startFakeResend, type FakeDelivery, type FakeResend } from "#test/fake-resend.ts";
import { createNewsletterRow } from "#test/newsletter-factories.ts";
import { buildRequest, invoke } from "#test/request.ts";
import { createSendAudience } from "#test/send-factories.ts";
import * as clickRoute from "~/routes/email.click.$token.tsx";
import * as preferencesRoute from "~/routes/email.preferences.$token.tsx";
import * as unsubscribeRoute from "~/routes/email.unsubscribe.$token.tsx";
import { action as webhookAction } from "~/routes/webhooks.resend.tsx";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { deliverNewsletter } from "./delivery.server.ts";
import { TokenBucket } from "./delivery.ts";
import { startSend } from "./send.server.ts";

// The four parts of newsletters end to end, through the real Resend SDK against the fake Resend: what
// compose renders and delivery sends must be what the consent routes and the webhook accept.

const SECRET = newWebhookSecret();
const publisher = { id: "publisher", timeZone: "UTC", locale: "en-US" };
const GUIDE = "https://docs.example.com/guide";
let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend({ requestsPerSecond: 10_000 });
  process.env.RESEND_API_KEY = "re_seams_123";
  process.env.RESEND_BASE_URL = fake.url;
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
  resetEnvForTests();
});

afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  delete process.env.RESEND_WEBHOOK_SECRET;
  resetEnvForTests();
  await fake.close();
});

async function sendOne(topicId: string, subject: string) {
  const { id } = await createNewsletterRow({
    topicId,
    subject,
    blocks: [
      { type: "text", markdown: "Hello **there**" },
      { type: "cta", label: "Read the guide", url: GUIDE },
    ],
  });
  await startSend(publisher, id, { when: "now" });
  const outcome = await deliverNewsletter(id, { bucket: new TokenBucket(1_000) });
  expect(outcome.status).toBe("SENT");
  return id;
}

/** A signed-out link as the email carries it: path and query only, HTML entities undone. */
function linkIn(email: FakeDelivery, pattern: RegExp) {
  const href = pattern.exec(email.html)?.[1];
  expect(href, `no link matching ${pattern} in the email`).toBeDefined();
  const url = new URL(href!.replaceAll("&amp;", "&"));
  return { path: `${url.pathname}${url.search}`, token: decodeURIComponent(url.pathname.split("/").pop()!) };
}

describe("a newsletter from send to webhook to unsubscribe", () => {
  test("the sent email's links and ids are the ones the click, preferences, unsubscribe and webhook routes accept", async () => {
    const audience = await createSendAudience({ count: 3 });
    const [reader, quitter, suppressed] = audience.emails as [string, string, string];
    await prisma.emailSuppression.create({ data: { email: suppressed, reason: "BOUNCE" } });

    const firstId = await sendOne(audience.topicId, "First issue");
    expect(fake.deliveries.get(reader)).toBe(1);
    expect(fake.deliveries.get(quitter)).toBe(1);
    expect(fake.deliveries.get(suppressed)).toBeUndefined();

    // The Resend batch id delivery stored is the one Resend's webhook names.
    const email = fake.lastEmail.get(reader)!;
    const row = await prisma.newsletterRecipient.findUniqueOrThrow({
      where: { newsletterId_email: { newsletterId: firstId, email: reader } },
    });
    expect(row.providerMessageId).toBe(email.id);
    const body = JSON.stringify({
      type: "email.delivered",
      created_at: new Date().toISOString(),
      data: { email_id: email.id, created_at: new Date().toISOString(), from: "news@lyceum.example", to: [reader], subject: "First issue" },
    });
    const hook = await invoke(
      webhookAction,
      new Request("http://localhost:3000/webhooks/resend", { method: "POST", headers: signedWebhookHeaders(body, SECRET), body }),
    );
    expect(hook.status).toBe(200);
    expect((await prisma.newsletterRecipient.findUniqueOrThrow({ where: { id: row.id } })).deliveredAt).toBeInstanceOf(Date);

    // The tracked call to action leads to its URL and counts the click.
    const click = linkIn(email, /href="([^"]*\/email\/click\/[^"]*)"/);
    const followed = await invoke(clickRoute.loader, buildRequest(click.path), { token: click.token });
    expect(followed.status).toBe(303);
    expect(followed.headers.get("Location")).toBe(GUIDE);
    expect((await prisma.newsletterRecipient.findUniqueOrThrow({ where: { id: row.id } })).clickCount).toBe(1);

    // The preference centre opens for this person.
    const prefs = linkIn(email, /href="([^"]*\/email\/preferences\/[^"]*)"/);
    const centre = await invoke(preferencesRoute.loader, buildRequest(prefs.path), { token: prefs.token });
    expect(centre.status).toBe(200);
    expect(centre.body).toMatchObject({ person: { email: reader } });

    // The List-Unsubscribe header's one-click POST, as a mail provider sends it.
    const header = fake.lastEmail.get(quitter)!.headers["List-Unsubscribe"]!;
    const unsubscribeUrl = new URL(header.slice(1, -1));
    const token = unsubscribeUrl.pathname.split("/").pop()!;
    const posted = await invoke(
      unsubscribeRoute.action,
      new Request(unsubscribeUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
      { token },
    );
    expect(posted.status).toBe(200);

    // The next send of the topic goes to the reader only: not to who unsubscribed, not to the suppressed address.
    const secondId = await sendOne(audience.topicId, "Second issue");
    expect(fake.deliveries.get(reader)).toBe(2);
    expect(fake.deliveries.get(quitter)).toBe(1);
    expect(fake.deliveries.get(suppressed)).toBeUndefined();
    const second = await prisma.newsletterRecipient.findMany({ where: { newsletterId: secondId }, select: { email: true } });
    expect(second.map((recipient) => recipient.email)).toEqual([reader]);
  });
});
