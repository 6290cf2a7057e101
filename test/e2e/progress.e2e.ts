import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const VIDEO_ID = "e2e-progress-video";
const SLUG = "e2e-progress-video";

/**
 * A published video written straight to the database: the library editor is not part of this
 * journey. Dates are copied from a seeded row so they are stored in the form the app writes.
 */
function createVideo() {
  const db = new Database(inject("databaseFile"));
  try {
    db.prepare(
      `INSERT INTO ContentItem (id, kind, status, slug, title, audienceTiers, createdAt, updatedAt, publishedAt)
       SELECT ?, 'VIDEO', 'PUBLISHED', ?, 'Getting started in ten minutes', '', createdAt, updatedAt, createdAt FROM User LIMIT 1`,
    ).run(VIDEO_ID, SLUG);
    db.prepare(
      `INSERT INTO Video (id, contentId, provider, status, durationSeconds, createdAt, updatedAt)
       SELECT ?, ?, 'LOCAL', 'READY', 600, createdAt, updatedAt FROM User LIMIT 1`,
    ).run(`${VIDEO_ID}-file`, VIDEO_ID);
  } finally {
    db.close();
  }
}

describe("video progress from the browser", () => {
  it("a beacon sent as the page hides records progress, shown on the customer's home", async () => {
    createVideo();
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "member@globex.example");

    // What the player's hook sends: a JSON Blob through sendBeacon, with the page's cookie and Origin.
    const queued = await page.evaluate((contentId) => {
      const at = Date.now();
      const events = [
        { contentId, type: "start", position: 0, at: at - 30_000, seq: 0 },
        { contentId, type: "progress", position: 10, from: 0, to: 10, at: at - 20_000, seq: 1 },
        { contentId, type: "progress", position: 20, from: 10, to: 20, at: at - 10_000, seq: 2 },
        { contentId, type: "pause", position: 205, from: 195, to: 205, at, seq: 3 },
      ];
      const body = JSON.stringify({ batchId: "e2e-beacon-batch-1", events });
      const blob = new Blob([body], { type: "application/json" });
      try {
        return navigator.sendBeacon("/api/progress", blob) ? "json" : "refused";
      } catch {
        return navigator.sendBeacon("/api/progress", new Blob([body], { type: "text/plain" })) ? "text" : "refused";
      }
    }, VIDEO_ID);
    expect(queued).not.toBe("refused");

    await expect
      .poll(
        () =>
          queryOne<{ positionSeconds: number } | undefined>("SELECT positionSeconds FROM ContentProgress WHERE contentId = ?", VIDEO_ID),
        {
          timeout: 10_000,
        },
      )
      .toEqual({ positionSeconds: 205 });
    const progress = queryOne<{ watchedRanges: string; percent: number }>(
      "SELECT watchedRanges, percent FROM ContentProgress WHERE contentId = ?",
      VIDEO_ID,
    );
    expect(progress).toEqual({ watchedRanges: "[[0,20],[195,205]]", percent: 5 });

    await page.goto("/portal");
    const section = page.getByRole("region", { name: "Continue watching" });
    await expect.poll(() => section.getByRole("progressbar", { name: "Getting started in ten minutes: 5% watched" }).count()).toBe(1);
    const resume = section.getByRole("link", { name: /Resume at 3:25/ });
    expect(await resume.getAttribute("href")).toBe(`/portal/library/${SLUG}?t=205`);
    await expectAccessible(page);
    await context.close();
  });

  it("the endpoint refuses other sites and signed-out callers over HTTP", async () => {
    const body = JSON.stringify({
      batchId: "e2e-forged-batch",
      events: [{ contentId: VIDEO_ID, type: "start", position: 0, at: 1, seq: 0 }],
    });
    const forged = await fetch(`${baseURL()}/api/progress`, {
      method: "POST",
      body,
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
    });
    expect(forged.status).toBe(403);
    const anonymous = await fetch(`${baseURL()}/api/progress`, {
      method: "POST",
      body,
      headers: { Origin: baseURL(), "Content-Type": "application/json" },
      redirect: "manual",
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: expect.stringMatching(/sign in/i) });
  });
});
