import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne, sqlDate, writeRows } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PEOPLE = ["Ada Send", "<Bo> Send", "Cy Send"];

/** An opt-in topic of its own, three customers subscribed to it, and a draft: nobody else's rows join this send. */
function createDraft() {
  const suffix = randomUUID().replace(/-/g, "").slice(0, 12);
  const now = sqlDate(new Date());
  const accountId = `e2esendacct${suffix}`;
  const topicId = `e2esendtopic${suffix}`;
  const newsletterId = `e2esendnl${suffix}`;
  const emails = PEOPLE.map((_, index) => `reader${index}@send-${suffix}.example`);
  writeRows((db) => {
    db.prepare(
      "INSERT INTO Account (id, name, plan, arrCents, currency, tier, timeZone, createdAt, updatedAt) VALUES (?, ?, 'Starter', 100000, 'USD', 'TECH', 'UTC', ?, ?)",
    ).run(accountId, `Send journey ${suffix}`, now, now);
    db.prepare(
      "INSERT INTO NewsletterTopic (id, slug, name, description, subscribedByDefault, createdAt, updatedAt) VALUES (?, ?, ?, '', 0, ?, ?)",
    ).run(topicId, `send-journey-${suffix}`, `Send journey ${suffix}`, now, now);
    PEOPLE.forEach((name, index) => {
      const userId = `e2esenduser${index}${suffix}`;
      db.prepare(
        "INSERT INTO User (id, email, name, role, accountId, timeZone, locale, createdAt, updatedAt) VALUES (?, ?, ?, 'MEMBER', ?, ?, 'en-US', ?, ?)",
      ).run(userId, emails[index], name, accountId, ["UTC", "Europe/Paris", "Asia/Tokyo"][index], now, now);
      db.prepare("INSERT INTO TopicPreference (userId, topicId, subscribed, source, updatedAt) VALUES (?, ?, 1, 'ADMIN', ?)").run(
        userId,
        topicId,
        now,
      );
    });
    db.prepare(
      "INSERT INTO Newsletter (id, subject, preheader, topicId, blocks, status, scheduleKind, recipientsTotal, createdAt, updatedAt) VALUES (?, ?, 'What shipped', ?, ?, 'DRAFT', 'NOW', 0, ?, ?)",
    ).run(newsletterId, `Send journey news ${suffix}`, topicId, JSON.stringify([{ type: "text", markdown: "Hello" }]), now, now);
  });
  return { newsletterId, emails };
}

describe("sending a newsletter", () => {
  it("a publisher sends now and watches the progress bar reach the total; each recipient gets one email with the unsubscribe headers", async () => {
    const { newsletterId, emails } = createDraft();
    const context = await newContext(browser, { timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signInWithPassword(page, "publisher@lyceum.example");

    await page.goto(`/console/newsletters/${newsletterId}/send`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toMatch(/Send journey news/);
    expect(await page.getByRole("radio", { name: "Send now" }).isChecked()).toBe(true);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Send", exact: true }).click();
    // Two live regions: the flash notice ("Sending to 3 recipients.") and the send's own progress line.
    const progress = page.getByRole("status").filter({ hasText: /3 of 3 sent/ });
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.innerText()).toMatch(/^Sent: 3 of 3 sent \(\w{3} \d+, \d{4}/);
    const bar = page.locator("progress");
    expect(await bar.getAttribute("value")).toBe("3");
    expect(await bar.getAttribute("max")).toBe("3");
    // Sent: no more controls to pause or cancel.
    expect(await page.getByRole("button", { name: "Pause" }).count()).toBe(0);
    await expectAccessible(page);

    for (const email of emails) {
      const { count } = queryOne<{ count: number }>(`SELECT COUNT(*) AS count FROM OutboxMessage WHERE "to" = ?`, email);
      expect(count, `one email for ${email}`).toBe(1);
      const message = queryOne<{ headers: string; html: string }>(`SELECT headers, html FROM OutboxMessage WHERE "to" = ?`, email);
      const headers = JSON.parse(message.headers) as Record<string, string>;
      expect(headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:\d+\/email\/unsubscribe\/unsub\.[\w.-]+>$/);
      expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    }
    const bo = queryOne<{ html: string }>(`SELECT html FROM OutboxMessage WHERE "to" = ?`, emails[1]);
    // The template greets by first name; the name is escaped where it is put into the HTML.
    expect(bo.html).toContain("Hi &lt;Bo&gt;,");
    const recipients = queryOne<{ sent: number }>(
      `SELECT COUNT(*) AS sent FROM NewsletterRecipient WHERE newsletterId = ? AND status = 'SENT' AND providerMessageId IS NOT NULL`,
      newsletterId,
    );
    expect(recipients.sent).toBe(3);
    await context.close();
  });

  it("works without JavaScript: the form posts, and the page reloads itself until the send is done", async () => {
    const { newsletterId, emails } = createDraft();
    const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithPassword(page, "publisher@lyceum.example");
    await page.goto(`/console/newsletters/${newsletterId}/send`);

    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("Sending to 3 recipients.").waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: /^Sent: 3 of 3 sent/ })
      .waitFor({ timeout: 30_000 });
    const { count } = queryOne<{ count: number }>(
      `SELECT COUNT(*) AS count FROM OutboxMessage WHERE "to" IN (${emails.map(() => "?").join(", ")})`,
      ...emails,
    );
    expect(count).toBe(3);
    await context.close();
  });
});
