import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

const FIXTURE = "test/fixtures/video/sample.webm";
const TITLE = "Resuming where you stopped (journey)";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signedIn(email: string) {
  const context = await newContext(browser, { timezoneId: "America/New_York" });
  const page = await context.newPage();
  await signInWithPassword(page, email);
  return page;
}

const currentTime = (page: Page) => page.locator("video").evaluate((element) => (element as HTMLVideoElement).currentTime);

async function waitFor<T>(read: () => T, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a library video, from upload to resume", () => {
  it("a publisher uploads and publishes a video; a customer watches part, leaves, returns and resumes where they stopped", async () => {
    // The publisher: a new video item, its file uploaded with a visible progress bar, then published.
    const publisher = await signedIn("publisher@lyceum.example");
    await publisher.goto("/console/library");
    await publisher.getByRole("link", { name: "New video" }).click();
    await publisher.getByRole("heading", { name: "New video", level: 1 }).waitFor();
    await publisher.getByLabel("Title").fill(TITLE);
    await publisher.getByLabel("Summary").fill("Proves that a viewer picks up where they left off.");
    await publisher.getByRole("button", { name: "Create draft" }).click();
    await publisher.getByText("Draft created.").waitFor();
    const contentId = new URL(publisher.url()).pathname.split("/").pop()!;

    await publisher.getByRole("link", { name: "Video file" }).click();
    await publisher.getByRole("heading", { name: `Video: ${TITLE}` }).waitFor();
    await publisher.getByLabel("Video file").setInputFiles(FIXTURE);
    await publisher.getByRole("button", { name: "Upload", exact: true }).click();
    await publisher.getByRole("progressbar", { name: "Upload progress" }).waitFor();
    await publisher.getByText("Uploaded: 100%").waitFor();
    await publisher.getByText("Ready", { exact: true }).waitFor();

    await publisher.goto(`/console/library/${contentId}`);
    await publisher.getByRole("link", { name: "Publish…" }).click();
    await publisher.getByRole("button", { name: "Yes, publish it" }).click();
    await publisher.getByText("Published: customers in its audience").waitFor();

    // The customer watches a few seconds, pauses, and leaves for their home page.
    const customer = await signedIn("member@northwind.example");
    await customer.goto("/portal/library");
    await customer.getByRole("link", { name: TITLE }).click();
    await customer.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    const video = customer.locator("video");
    await video.waitFor();
    await video.evaluate((element) => {
      const media = element as HTMLVideoElement;
      media.muted = true;
      return media.play();
    });
    await customer.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 5, undefined, { timeout: 20_000 });
    await video.evaluate((element) => (element as HTMLVideoElement).pause());
    const stoppedAt = await currentTime(customer);
    await customer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
    await customer.getByRole("heading", { name: "Continue watching" }).waitFor();

    // What the player reported reached the server (sendBeacon on leaving, at the latest).
    const progress = await waitFor(
      () =>
        queryOne<{ positionSeconds: number; watchedSeconds: number; completedAt: string | null } | undefined>(
          `SELECT p.positionSeconds, p.watchedSeconds, p.completedAt FROM ContentProgress p JOIN User u ON u.id = p.userId
           WHERE p.contentId = ? AND u.email = 'member@northwind.example'`,
          contentId,
        ),
      (row) => row !== undefined && Math.abs(row.positionSeconds - stoppedAt) < 1.5,
      "the progress row",
    );
    expect(progress!.watchedSeconds).toBeGreaterThan(4);
    expect(progress!.completedAt).toBeNull();
    await expectAccessible(customer);

    // Back again: the page opens at the position where they stopped, before they press play.
    await customer.getByRole("link", { name: /^Resume at 0:0\d/ }).click();
    await customer.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    await customer.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 4, undefined, { timeout: 15_000 });
    expect(Math.abs((await currentTime(customer)) - stoppedAt)).toBeLessThan(1.5);

    // Opening the item from the library (no ?t=) resumes there too.
    await customer.goto(`/portal/library`);
    await customer.getByRole("link", { name: TITLE }).click();
    await customer.waitForFunction(() => (document.querySelector("video")?.currentTime ?? 0) > 4, undefined, { timeout: 15_000 });
    expect(Math.abs((await currentTime(customer)) - stoppedAt)).toBeLessThan(1.5);
  });
});
