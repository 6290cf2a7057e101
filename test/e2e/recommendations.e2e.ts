import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { createCustomerLogin, sqlDate, writeRows } from "./db.ts";

const DAY = 86_400_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("recommendations on the customer's home", () => {
  it("a customer sees what to do next with the reason for each, and follows one", async () => {
    // A customer of their own who attended a session on a topic of this journey's alone, started a
    // video and has not registered for the next session on that topic.
    const customer = createCustomerLogin({ tier: "LOW", name: "Rhea Recommend" });
    const tag = customer.accountId.slice(-8);
    const topic = `rec-journey-${tag}`;
    const titles = {
      past: `Forecasting basics ${tag}`,
      next: `Forecasting in depth ${tag}`,
      video: `Forecast alerts ${tag}`,
      doc: `Forecast checklist ${tag}`,
    };
    const now = Date.now();
    const stamp = sqlDate(new Date(now));
    writeRows((db) => {
      const session = db.prepare(
        `INSERT INTO LiveSession (id, kind, status, title, startsAt, durationMinutes, timeZone, meetingUrl, publishedAt, createdAt, updatedAt)
         VALUES (?, 'WEBINAR', 'PUBLISHED', ?, ?, 45, 'UTC', 'https://meet.example.com/rec', ?, ?, ?)`,
      );
      const sessionTopic = db.prepare("INSERT INTO LiveSessionTopic (sessionId, topic) VALUES (?, ?)");
      session.run(`rec-past-${tag}`, titles.past, sqlDate(new Date(now - 10 * DAY)), stamp, stamp, stamp);
      session.run(`rec-next-${tag}`, titles.next, sqlDate(new Date(now + 6 * DAY)), stamp, stamp, stamp);
      sessionTopic.run(`rec-past-${tag}`, topic);
      sessionTopic.run(`rec-next-${tag}`, topic);
      db.prepare(
        `INSERT INTO Registration (id, sessionId, userId, accountId, status, joinCode, attendance, minutesAttended, registeredAt, updatedAt)
         VALUES (?, ?, ?, ?, 'CONFIRMED', ?, 'ATTENDED', 40, ?, ?)`,
      ).run(`rec-reg-${tag}`, `rec-past-${tag}`, customer.userId, customer.accountId, `rec-join-${tag}`, stamp, stamp);
      const item = db.prepare(
        `INSERT INTO ContentItem (id, kind, status, slug, title, summary, body, audienceTiers, publishedAt, createdAt, updatedAt)
         VALUES (?, ?, 'PUBLISHED', ?, ?, 'For the journey.', 'Plan ahead.', '', ?, ?, ?)`,
      );
      item.run(`rec-video-${tag}`, "VIDEO", `rec-video-${tag}`, titles.video, stamp, stamp, stamp);
      item.run(`rec-doc-${tag}`, "ONE_PAGER", `rec-doc-${tag}`, titles.doc, stamp, stamp, stamp);
      db.prepare("INSERT INTO ContentTopic (contentId, topic) VALUES (?, ?)").run(`rec-doc-${tag}`, topic);
      db.prepare(
        `INSERT INTO ContentProgress (userId, contentId, accountId, positionSeconds, durationSeconds, watchedSeconds, percent, opens, firstSeenAt, lastSeenAt)
         VALUES (?, ?, ?, 40, 100, 40, 40, 1, ?, ?)`,
      ).run(customer.userId, `rec-video-${tag}`, customer.accountId, stamp, stamp);
    });

    const context = await newContext(browser, { timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signInWithPassword(page, customer.email);
    await page.goto("/portal");
    const card = page.getByRole("region", { name: "Recommended for you" });
    await card.getByRole("heading", { name: "Recommended for you" }).waitFor();
    const items = card.getByRole("listitem");
    await expect(items.count()).resolves.toBeLessThanOrEqual(5);

    const entry = (title: string) => items.filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await entry(titles.video).getByText("Continue: you watched 40%").waitFor();
    await entry(titles.next).getByText(`Because you attended “${titles.past}”`).waitFor();
    await entry(titles.doc).getByText(`Because you attended “${titles.past}”`).waitFor();
    await expect(items.first().textContent()).resolves.toContain(titles.video);
    await expect(card.getByText(titles.past, { exact: true }).count()).resolves.toBe(0);
    await expectAccessible(page);

    await card.getByRole("link", { name: titles.next, exact: true }).click();
    await page.getByRole("heading", { name: titles.next, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/portal/sessions/rec-next-${tag}`);
    await context.close();
  });
});
