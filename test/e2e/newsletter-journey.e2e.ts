import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne, sqlDate, writeRows } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The whole newsletter path with rows of the journey's own: an account on a plan nobody else uses,
 * two readers in Tokyo and Los Angeles, a topic and an upcoming webinar. The publisher is the demo
 * one; what the journey checks is each reader's own copy.
 */
function seedJourney() {
  const tag = randomUUID().replace(/-/g, "").slice(0, 10);
  const now = sqlDate(new Date());
  const plan = `Newsletter plan ${tag}`;
  const accountId = `e2enlacc${tag}`;
  const readers = [
    { id: `e2enlr1${tag}`, name: "Aiko Reader", email: `aiko.${tag}@reader-${tag}.example`, timeZone: "Asia/Tokyo" },
    { id: `e2enlr2${tag}`, name: "Luis Reader", email: `luis.${tag}@reader-${tag}.example`, timeZone: "America/Los_Angeles" },
  ];
  const topic = { id: `e2enltopic${tag}`, name: `Reader news ${tag}` };
  const session = { id: `e2enlsess${tag}`, title: `Dashboards deep dive ${tag}` };
  writeRows((db) => {
    db.prepare(
      "INSERT INTO Account (id, name, plan, arrCents, currency, tier, timeZone, createdAt, updatedAt) VALUES (?, ?, ?, 1200000, 'USD', 'TECH', 'UTC', ?, ?)",
    ).run(accountId, `Reader Co ${tag}`, plan, now, now);
    for (const reader of readers) {
      db.prepare(
        "INSERT INTO User (id, email, name, role, accountId, timeZone, locale, emailVerifiedAt, createdAt, updatedAt) VALUES (?, ?, ?, 'MEMBER', ?, ?, 'en-US', ?, ?, ?)",
      ).run(reader.id, reader.email, reader.name, accountId, reader.timeZone, now, now, now);
    }
    db.prepare("INSERT INTO NewsletterTopic (id, slug, name, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)").run(
      topic.id,
      `reader-news-${tag}`,
      topic.name,
      now,
      now,
    );
    // 15:00 UTC on Tuesday 4 June 2030: midnight into Wednesday in Tokyo, 08:00 in Los Angeles.
    db.prepare(
      `INSERT INTO LiveSession (id, kind, status, title, startsAt, durationMinutes, timeZone, meetingUrl, publishedAt, createdAt, updatedAt)
       VALUES (?, 'WEBINAR', 'PUBLISHED', ?, ?, 60, 'Europe/Paris', 'https://meet.example/deep-dive', ?, ?, ?)`,
    ).run(session.id, session.title, sqlDate(new Date("2030-06-04T15:00:00Z")), now, now, now);
  });
  return { tag, plan, readers, topic, session, segmentName: `Reader Co readers ${tag}` };
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Copy = { subject: string; html: string; text: string; headers: string };
const copyFor = (email: string, subject: string) =>
  queryOne<Copy | undefined>(`SELECT subject, html, text, headers FROM OutboxMessage WHERE "to" = ? AND subject = ?`, email, subject);

/** New draft → details → blocks, as a publisher would with the pages. */
async function composeDraft(page: Page, input: { subject: string; topic: string; segment: string; sessionId?: string }) {
  await page.goto("/console/newsletters");
  await page.getByRole("link", { name: "New newsletter" }).click();
  await page.getByLabel("Subject").fill(input.subject);
  await page.getByLabel("Topic").selectOption({ label: input.topic });
  await page.getByLabel("Audience").selectOption({ label: input.segment });
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.getByRole("heading", { name: input.subject, level: 1 }).waitFor();
  const addForm = (title: string) => page.locator("form", { has: page.getByRole("heading", { name: title }) });
  await addForm("Add text").getByLabel("Text (markdown)").fill("Dashboards now have **filters**. Here is how to use them.");
  await addForm("Add text").getByRole("button", { name: "Add text" }).click();
  await page.getByText("Added as block 1.").waitFor();
  if (input.sessionId) {
    await addForm("Add a featured session").getByLabel("Session").selectOption(input.sessionId);
    await addForm("Add a featured session").getByRole("button", { name: "Add a featured session" }).click();
    await page.getByText("Added as block 2.").waitFor();
  }
}

async function sendNowAndWait(page: Page, total: number) {
  await page.getByRole("link", { name: "Choose when to send" }).click();
  await page.getByRole("radio", { name: "Send now" }).check();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const bar = page.locator("progress");
  await page
    .getByRole("status")
    .filter({ hasText: new RegExp(`^Sent: ${total} of ${total} sent`) })
    .waitFor({ timeout: 30_000 });
  expect(await bar.getAttribute("value")).toBe(String(total));
  expect(await bar.getAttribute("max")).toBe(String(total));
}

describe("a newsletter from compose to unsubscribe", () => {
  it("a publisher composes one featuring a session, picks a segment with a live count, previews and sends; readers get their own zone; one click unsubscribes and the next send skips them", async () => {
    const { plan, readers, topic, session, segmentName } = seedJourney();
    const [aiko, luis] = readers as [(typeof readers)[0], (typeof readers)[0]];
    const context = await newContext(browser, { timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInWithPassword(page, "publisher@lyceum.example");

    // A segment of the two readers, its count live while it is built.
    await page.goto("/console/segments/new");
    await page.getByLabel("New condition").selectOption({ label: "Plan" });
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.getByRole("checkbox", { name: plan }).check();
    await page.getByTestId("segment-count").filter({ hasText: /^2$/ }).waitFor();
    await page.getByLabel("Name").fill(segmentName);
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.getByText("Segment saved.").waitFor();

    // The newsletter: its audience line counts who the topic and segment reach right now.
    const subject = `Filters are here ${topic.id}`;
    await composeDraft(page, { subject, topic: topic.name, segment: segmentName, sessionId: session.id });
    await page.getByTestId("newsletter-reach").filter({ hasText: "2 people would receive it" }).waitFor();

    await page.getByRole("link", { name: "Preview", exact: true }).click();
    const email = page.frameLocator("iframe[title^='Email preview']");
    await email.getByText(session.title).first().waitFor();
    await page.getByLabel("Show it as a reader in").selectOption("Asia/Tokyo");
    await page.getByRole("button", { name: "Show in this zone" }).click();
    await email.getByText(/Wed 5 Jun 2030, 00:00 .*\(Asia\/Tokyo\)/).waitFor();
    await page.getByRole("link", { name: "Back to the newsletter" }).click();
    await page.getByRole("heading", { name: subject, level: 1 }).waitFor();

    await sendNowAndWait(page, 2);

    // Each reader's copy shows the webinar in their own zone and carries the one-click headers.
    const aikoCopy = await waitFor(() => copyFor(aiko.email, subject), "Aiko's copy");
    const luisCopy = await waitFor(() => copyFor(luis.email, subject), "Luis's copy");
    expect(aikoCopy.text).toMatch(/Wed 5 Jun 2030, 00:00 .*\(Asia\/Tokyo\)/);
    expect(luisCopy.text).toMatch(/Tue 4 Jun 2030, 08:00 PDT \(America\/Los_Angeles\)/);
    expect(aikoCopy.html).toContain("Hi Aiko,");
    expect(aikoCopy.html).not.toContain("%%lyceum.");
    const headers = JSON.parse(aikoCopy.headers) as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const unsubscribeUrl = /^<(.+)>$/.exec(headers["List-Unsubscribe"] ?? "")?.[1];
    expect(unsubscribeUrl).toBeDefined();

    // Aiko's mail client presses its unsubscribe button: a POST from its servers, no cookie, no Origin.
    const oneClick = await fetch(unsubscribeUrl!, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    const preference = queryOne<{ subscribed: number; source: string }>(
      "SELECT subscribed, source FROM TopicPreference WHERE userId = ? AND topicId = ?",
      aiko.id,
      topic.id,
    );
    expect(preference).toEqual({ subscribed: 0, source: "ONE_CLICK" });

    // The same link opened in a browser, signed out, says so and offers the way back.
    const reader = await browser.newContext({ baseURL: baseURL() });
    const readerPage = await reader.newPage();
    await readerPage.goto(unsubscribeUrl!);
    await readerPage.getByRole("heading", { level: 1 }).waitFor();
    expect(await readerPage.getByRole("main").innerText()).toContain(topic.name);
    await reader.close();

    // The next send on the topic reaches Luis only.
    const next = `Filters, part two ${topic.id}`;
    await composeDraft(page, { subject: next, topic: topic.name, segment: segmentName });
    await page.getByTestId("newsletter-reach").filter({ hasText: "1 person would receive it" }).waitFor();
    await sendNowAndWait(page, 1);
    await waitFor(() => copyFor(luis.email, next), "Luis's copy of the second send");
    expect(copyFor(aiko.email, next)).toBeUndefined();
    await context.close();
  });
});
