import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
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

const TITLE = "First week with reports (journey)";
const ITEMS = [
  { slug: "journey-first-report", title: "Your first report (journey)", kind: "VIDEO", minutes: 6 },
  { slug: "journey-sharing", title: "Sharing a dashboard (journey)", kind: "ONE_PAGER", minutes: 4 },
  { slug: "journey-admin-handbook", title: "Admin handbook (journey)", kind: "EBOOK", minutes: 30 },
] as const;

// The library editor is another capability's; its items are written straight to the database here.
function write<T>(work: (db: Database.Database) => T): T {
  const db = new Database(inject("databaseFile"));
  try {
    db.pragma("busy_timeout = 5000");
    return work(db);
  } finally {
    db.close();
  }
}

function createItems() {
  const now = new Date().toISOString();
  return write((db) =>
    ITEMS.map((item) => {
      const id = `journey-${randomUUID().slice(0, 8)}`;
      db.prepare(
        `INSERT INTO ContentItem (id, kind, status, slug, title, summary, body, audienceTiers, minutes, publishedAt, createdAt, updatedAt)
         VALUES (?, ?, 'PUBLISHED', ?, ?, '', '', '', ?, ?, ?, ?)`,
      ).run(id, item.kind, item.slug, item.title, item.minutes, now, now, now);
      return id;
    }),
  );
}

/** What the progress tracker writes when someone finishes an item. */
function complete(userId: string, contentId: string) {
  const now = new Date().toISOString();
  write((db) =>
    db
      .prepare(
        `INSERT INTO ContentProgress (userId, contentId, percent, opens, completedAt, firstSeenAt, lastSeenAt) VALUES (?, ?, 100, 1, ?, ?, ?)`,
      )
      .run(userId, contentId, now, now, now),
  );
}

async function stepTitles(page: Page) {
  return page.getByRole("list", { name: "Steps in order" }).locator("li p.font-medium").allInnerTexts();
}

async function nextUp(page: Page) {
  return (await page.locator('li[aria-current="step"] h3').innerText()).trim();
}

describe("a learning path from building to completion", () => {
  it("a publisher builds and publishes a 3-step path without JavaScript; a tech-touch customer follows it to the end", async () => {
    const contentIds = createItems();

    // The publisher's browser runs no JavaScript: every form on the editor must work as plain HTML.
    const publisherContext = await browser.newContext({ baseURL: baseURL(), timezoneId: "Europe/London", javaScriptEnabled: false });
    const publisher = await publisherContext.newPage();
    await signInWithPassword(publisher, "publisher@lyceum.example");
    await publisher.goto("/console/paths/new");
    await publisher.getByRole("button", { name: "Create draft" }).click();
    await publisher.getByText("Enter a title").waitFor();
    await publisher.getByLabel("Title").fill(TITLE);
    await publisher.getByLabel("Summary").fill("Build, share and look things up: your first week.");
    await publisher.getByLabel("Tech touch").check();
    await publisher.getByRole("button", { name: "Create draft" }).click();
    await publisher.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    const pathId = new URL(publisher.url()).pathname.split("/").pop()!;

    // Added out of order on purpose, then put right with the move buttons.
    for (const index of [0, 2, 1]) {
      await publisher
        .getByLabel("Library item or live session")
        .selectOption({ label: `${ITEMS[index]!.title} (${["Video", "One-pager", "E-book"][index]})` });
      if (index === 0) await publisher.getByLabel("Note (optional)", { exact: true }).fill("Six minutes, with the sample data.");
      await publisher.getByRole("button", { name: "Add step" }).click();
      await publisher.getByText(/^Added as step \d\.$/).waitFor();
    }
    await publisher.getByRole("button", { name: `Move step 3, ${ITEMS[1].title} up` }).click();
    await publisher.getByText("Moved up.").waitFor();
    expect(await stepTitles(publisher)).toEqual(ITEMS.map((item) => expect.stringContaining(item.title)));
    await publisher.getByRole("button", { name: "Publish", exact: true }).click();
    await publisher.getByText(/^Published:/).waitFor();
    expect(queryOne<{ status: string }>("SELECT status FROM LearningPath WHERE id = ?", pathId).status).toBe("PUBLISHED");

    // Greta Holm's account (Globex) is tech touch.
    const customerContext = await newContext(browser, { timezoneId: "Europe/Berlin" });
    const customer = await customerContext.newPage();
    await signInWithPassword(customer, "member@globex.example");
    const userId = queryOne<{ id: string }>("SELECT id FROM User WHERE email = 'member@globex.example'").id;
    await customer.goto("/portal/paths");
    await expectAccessible(customer);
    const card = customer.getByRole("article", { name: TITLE });
    await card.getByText("Not started · 3 steps").waitFor();
    await card.getByRole("link", { name: TITLE, exact: true }).click();
    await customer.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    await expectAccessible(customer);
    expect(await nextUp(customer)).toContain(ITEMS[0].title);
    await customer.getByText("Six minutes, with the sample data.").waitFor();
    expect(await customer.getByRole("link", { name: `Watch the video: ${ITEMS[0].title}` }).getAttribute("href")).toBe(
      `/portal/library/${ITEMS[0].slug}`,
    );

    // The second item first: progress moves, but next up stays the first step not done.
    complete(userId, contentIds[1]!);
    await customer.reload();
    await customer.getByText("1 of 3 steps done").waitFor();
    expect(await nextUp(customer)).toContain(ITEMS[0].title);
    expect(await customer.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("33");

    complete(userId, contentIds[0]!);
    await customer.reload();
    await customer.getByText("2 of 3 steps done").waitFor();
    expect(await nextUp(customer)).toContain(ITEMS[2].title);
    await customer.getByText("Step 1, done:", { exact: false }).waitFor();

    complete(userId, contentIds[2]!);
    await customer.reload();
    await customer.getByRole("heading", { name: "Path complete" }).waitFor();
    expect(await customer.locator('li[aria-current="step"]').count()).toBe(0);
    await expectAccessible(customer);

    // Back on the list, the card says so; the completion and its event exist once.
    await customer.goto("/portal/paths");
    await customer.getByRole("article", { name: TITLE }).getByText("Completed", { exact: true }).first().waitFor();
    const count = (sql: string) => queryOne<{ n: number }>(sql, pathId, userId).n;
    expect(count("SELECT COUNT(*) AS n FROM LearningPathCompletion WHERE pathId = ? AND userId = ?")).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM EngagementEvent WHERE kind = 'path.completed' AND subjectId = ? AND userId = ?")).toBe(1);

    // axe runs in the page, so the console pages are checked in a second, scripted browser.
    const checker = await (await newContext(browser)).newPage();
    await signInWithPassword(checker, "publisher@lyceum.example");
    await checker.goto("/console/paths/new");
    await expectAccessible(checker);
    await checker.goto(`/console/paths/${pathId}`);
    await expectAccessible(checker);
    await checker.goto("/console/paths");
    await expectAccessible(checker);
    const row = checker.getByRole("row", { name: new RegExp(TITLE.replace(/[()]/g, "\\$&")) });
    expect(await row.getByRole("cell").allInnerTexts()).toEqual(["Tech touch", "3", "1", "Published"]);

    // A draft nobody needs is deleted after a confirmation.
    await publisher.goto("/console/paths/new");
    await publisher.getByLabel("Title").fill("Throwaway (journey)");
    await publisher.getByRole("button", { name: "Create draft" }).click();
    await publisher.getByRole("link", { name: "Delete…" }).click();
    await publisher.getByRole("button", { name: "Yes, delete the path" }).click();
    await publisher.waitForURL((url) => url.pathname === "/console/paths");
    expect(await publisher.getByRole("link", { name: "Throwaway (journey)" }).count()).toBe(0);
  });
});
