import fs from "node:fs";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

const FIXTURE = "test/fixtures/video/sample.webm";
const FIXTURE_BYTES = fs.statSync(FIXTURE).size;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The content editor is another screen's job: the item is written straight to the database, with
 * dates in the same form the app stores them in.
 */
function insertVideoItem(title: string) {
  const stored = queryOne<{ kind: string }>("SELECT typeof(createdAt) AS kind FROM User LIMIT 1").kind;
  const now = stored === "integer" ? Date.now() : new Date().toISOString();
  const id = `e2evideo${Date.now().toString(36)}`;
  const db = new Database(inject("databaseFile"));
  try {
    db.prepare(
      `INSERT INTO ContentItem (id, kind, status, slug, title, audienceTiers, createdAt, updatedAt)
       VALUES (?, 'VIDEO', 'PUBLISHED', ?, ?, '', ?, ?)`,
    ).run(id, `video-journey-${id}`, title, now, now);
  } finally {
    db.close();
  }
  return id;
}

describe("video in the library (local driver)", () => {
  it("a publisher uploads a video in chunks, sees the progress reach 100% and the status turn ready, and the preview plays", async () => {
    const contentId = insertVideoItem("Getting started in five minutes");
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "publisher@lyceum.example");

    const puts: Array<{ status: number; range: string | undefined; location: string | undefined }> = [];
    page.on("response", (response) => {
      if (response.request().method() === "PUT" && response.url().includes("/uploads/video/")) {
        const headers = response.headers();
        puts.push({ status: response.status(), range: headers["range"], location: headers["location"] });
      }
    });

    // 256 KiB chunks (UpChunk's smallest): the 277,013-byte fixture goes in two PUTs.
    await page.goto(`/console/library/${contentId}/video?chunkKb=256`);
    await page.getByRole("heading", { name: "Video: Getting started in five minutes" }).waitFor();
    await page.getByText("No video yet.").waitFor();
    await expectAccessible(page);

    // Every value the progress bar shows, from the moment it appears.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      const record = () => {
        const bar = document.querySelector("progress");
        if (bar && seen[seen.length - 1] !== bar.value) seen.push(bar.value);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["value"] });
    });

    await page.getByLabel("Video file").setInputFiles(FIXTURE);
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page.getByText("Uploaded: 100%").waitFor();
    expect(await page.getByRole("progressbar", { name: "Upload progress" }).evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(
      100,
    );
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(
      seen.some((value) => value > 0 && value < 100),
      `progress values seen: ${seen.join(", ")}`,
    ).toBe(true);
    expect(seen[seen.length - 1]).toBe(100);

    // Exactly two PUTs: the 308 carried no Location, so the browser did not follow it.
    expect(puts).toEqual([
      { status: 308, range: "bytes=0-262143", location: undefined },
      { status: 200, range: `bytes=0-${FIXTURE_BYTES - 1}`, location: undefined },
    ]);

    // The page reloads its data after the last chunk: the status and the preview follow.
    await page.getByText("Ready", { exact: true }).waitFor();
    await page.getByText("0:24").waitFor();
    const video = page.locator("video");
    await video.waitFor();
    expect(await video.evaluate((element) => (element as HTMLVideoElement).currentSrc)).toContain(`/media/videos/${contentId}?v=`);
    await video.evaluate((element) => {
      const media = element as HTMLVideoElement;
      media.muted = true;
      return media.play();
    });
    await page.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 1, undefined, { timeout: 15_000 });
    expect(await video.evaluate((element) => (element as HTMLVideoElement).duration)).toBeCloseTo(24, 0);
    await expectAccessible(page);

    const row = queryOne<{ status: string; mimeType: string; sizeBytes: number; durationSeconds: number }>(
      "SELECT status, mimeType, sizeBytes, durationSeconds FROM Video WHERE contentId = ?",
      contentId,
    );
    expect(row).toMatchObject({ status: "READY", mimeType: "video/webm", sizeBytes: FIXTURE_BYTES });
    expect(row.durationSeconds).toBeCloseTo(24, 0);
    await context.close();
  });

  it("the server checks the Origin of chunk PUTs but lets Mux's webhooks (no Origin) reach their signature check", async () => {
    const put = await fetch(`${baseURL()}/uploads/video/anything`, {
      method: "PUT",
      headers: { "Content-Range": "bytes 0-0/1" },
      body: "x",
    });
    expect(put.status).toBe(403);
    // Mux is not configured in the journeys: the route answers, rather than the CSRF check.
    const webhook = await fetch(`${baseURL()}/webhooks/mux`, {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    expect(webhook.status).toBe(404);
    expect(await webhook.text()).toBe("Mux is not configured on this Lyceum.");
    // Without Mux, the CSP names none of its hosts.
    const page = await fetch(`${baseURL()}/login`);
    expect(page.headers.get("content-security-policy")).not.toContain("mux.com");
  });
});
