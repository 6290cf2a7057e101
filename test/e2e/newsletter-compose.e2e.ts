import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, signInWithPassword } from "./browser.ts";
import { queryOne, sqlDate, writeRows } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The journey's own publisher (in New York), topic and session, so no other journey's rows matter.
function seedJourney() {
  const suffix = randomUUID().replace(/-/g, "").slice(0, 10);
  const now = sqlDate(new Date());
  const publisher = { id: `e2epub${suffix}`, email: `publisher-${suffix}@lyceum.example`, name: "Nora Newsletter" };
  const topic = { id: `e2etopic${suffix}`, name: `Journey updates ${suffix}` };
  const session = { id: `e2esess${suffix}`, title: `Journey webinar ${suffix}` };
  writeRows((db) => {
    const { hash } = db
      .prepare("SELECT p.hash FROM Password p JOIN User u ON u.id = p.userId WHERE u.email = 'publisher@lyceum.example'")
      .get() as { hash: string };
    db.prepare(
      "INSERT INTO User (id, email, name, role, accountId, timeZone, locale, emailVerifiedAt, createdAt, updatedAt) VALUES (?, ?, ?, 'PUBLISHER', NULL, 'America/New_York', 'en-US', ?, ?, ?)",
    ).run(publisher.id, publisher.email, publisher.name, now, now, now);
    db.prepare("INSERT INTO Password (userId, hash, updatedAt) VALUES (?, ?, ?)").run(publisher.id, hash, now);
    db.prepare("INSERT INTO NewsletterTopic (id, slug, name, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)").run(
      topic.id,
      `journey-${suffix}`,
      topic.name,
      now,
      now,
    );
    // 15:00 UTC on Tuesday 4 June 2030 is 11:00 in New York (daylight time).
    db.prepare(
      `INSERT INTO LiveSession (id, kind, status, title, startsAt, durationMinutes, timeZone, meetingUrl, publishedAt, createdAt, updatedAt)
       VALUES (?, 'WEBINAR', 'PUBLISHED', ?, ?, 60, 'Europe/Paris', 'https://meet.example/journey', ?, ?, ?)`,
    ).run(session.id, session.title, sqlDate(new Date("2030-06-04T15:00:00Z")), now, now, now);
  });
  return { publisher, topic, session };
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const WHEN = "Tue 4 Jun 2030, 11:00 EDT (America/New_York)";

describe("composing a newsletter", () => {
  it("a publisher composes text + a featured session + a button without JavaScript, previews it in their zone and sends a test to themselves", async () => {
    const { publisher, topic, session } = seedJourney();
    const subject = `June at Lyceum ${topic.id}`;
    // The browser's zone is not the publisher's: times follow the zone in their profile.
    const context = await browser.newContext({ baseURL: baseURL(), timezoneId: "Asia/Tokyo", javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await signInWithPassword(page, publisher.email);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Newsletters", exact: true }).click();
    await page.getByRole("heading", { name: "Newsletters", level: 1 }).waitFor();
    await page.getByRole("link", { name: "New newsletter" }).click();
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByText("Enter a subject").waitFor();
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel("Preheader").fill("One webinar you should not miss");
    await page.getByLabel("Topic").selectOption({ label: topic.name });
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("heading", { name: subject, level: 1 }).waitFor();

    const addForm = (title: string) => page.locator("form", { has: page.getByRole("heading", { name: title }) });
    const text = addForm("Add text");
    await text
      .getByLabel("Text (markdown)")
      .fill("## What's new\n\nDashboards got **filters**. Read the [notes](https://docs.example.com/notes).");
    await text.getByRole("button", { name: "Add text" }).click();
    await page.getByText("Added as block 1.").waitFor();

    const featured = addForm("Add a featured session");
    await featured.getByLabel("Session").selectOption(session.id);
    await featured.getByRole("button", { name: "Add a featured session" }).click();
    await page.getByText("Added as block 2.").waitFor();

    const button = addForm("Add a button");
    await button.getByLabel("Button words").fill("Book an hour with a CSM");
    await button.getByLabel("Link").fill("not a link");
    await button.getByRole("button", { name: "Add a button" }).click();
    await page.getByText("Enter a full link starting with https://").waitFor();
    await addForm("Add a button").getByLabel("Link").fill(`${baseURL()}/portal/book`);
    await addForm("Add a button").getByRole("button", { name: "Add a button" }).click();
    await page.getByText("Added as block 3.").waitFor();

    const blocks = page.getByRole("list", { name: "Blocks in order" }).locator(":scope > li");
    expect(await blocks.count()).toBe(3);
    await page.getByRole("button", { name: "Move block 3, Button up" }).click();
    await page.getByText("Moved up.").waitFor();
    await page.getByRole("button", { name: "Move block 2, Button down" }).click();
    await page.getByText("Moved down.").waitFor();
    expect(await blocks.nth(1).innerText()).toContain(session.title);
    const editorUrl = page.url();

    await page.getByRole("link", { name: "Preview", exact: true }).click();
    await page.getByRole("heading", { name: `Preview: ${subject}` }).waitFor();
    const email = page.frameLocator("iframe[title^='Email preview']");
    await email.getByText(WHEN).waitFor();
    await email.getByText("Hi Nora,").waitFor();
    expect(await page.getByLabel("Plain-text version").innerText()).toContain(WHEN);
    const previewUrl = page.url();

    await page.getByLabel("Show it as a reader in").selectOption("Europe/Paris");
    await page.getByRole("button", { name: "Show in this zone" }).click();
    await email.getByText("Tue 4 Jun 2030, 17:00 CEST (Europe/Paris)").waitFor();

    await page.getByRole("button", { name: "Send a test to yourself" }).click();
    await page.getByText(`A test is on its way to ${publisher.email}.`).waitFor();

    const test = await waitFor(
      () =>
        queryOne<{ subject: string; html: string; text: string } | undefined>(
          "SELECT subject, html, text FROM OutboxMessage WHERE \"to\" = ? AND template = 'newsletter-test'",
          publisher.email,
        ),
      "the test in the outbox",
    );
    expect(test.subject).toBe(`[Test] ${subject}`);
    expect(test.text).toContain(WHEN);
    expect(test.text).toContain(session.title);
    expect(test.html).toContain("Hi Nora,");
    expect(test.html).not.toContain("%%lyceum.");
    expect(test.text).toContain(`You receive ${topic.name} from Lyceum.`);
    await context.close();

    // axe runs as a script, so the pages' accessibility is checked in a browser with JavaScript.
    const scripted = await browser.newContext({ baseURL: baseURL(), timezoneId: "Asia/Tokyo" });
    const again = await scripted.newPage();
    await signInWithPassword(again, publisher.email);
    await again.goto(editorUrl);
    await again.getByRole("heading", { name: subject, level: 1 }).waitFor();
    await expectAccessible(again);
    await again.goto(previewUrl);
    await again.frameLocator("iframe[title^='Email preview']").getByText(WHEN).waitFor();
    await expectAccessible(again);
    await scripted.close();
  });
});
