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

const DAY = 24 * 60 * 60 * 1000;

/** An account of the journey's own, owned by the demo CSM, with one busy person: healthy by the numbers. */
function seedJourney() {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const now = Date.now();
  const sam = queryOne<{ id: string }>("SELECT id FROM User WHERE email = 'csm@lyceum.example'");
  const ids = { account: `e2e-health-account-${tag}`, person: `e2e-health-person-${tag}` };
  const name = `Lumen Outfitters ${tag}`;
  const stamp = sqlDate(new Date(now));
  writeRows((db) => {
    db.prepare(
      `INSERT INTO Account (id, name, plan, arrCents, currency, tier, renewalDate, timeZone, ownerCsmId, createdAt, updatedAt)
       VALUES (?, ?, 'Growth', 4200000, 'USD', 'LOW', ?, 'UTC', ?, ?, ?)`,
    ).run(ids.account, name, sqlDate(new Date(now + 60 * DAY)), sam.id, stamp, stamp);
    db.prepare(
      `INSERT INTO User (id, email, name, role, accountId, timeZone, locale, emailVerifiedAt, createdAt, updatedAt)
       VALUES (?, ?, 'Noor Health', 'ACCOUNT_ADMIN', ?, 'UTC', 'en-US', ?, ?, ?)`,
    ).run(ids.person, `noor.${tag}@lumen-${tag}.example`, ids.account, stamp, stamp, stamp);
    const event = db.prepare(
      `INSERT INTO EngagementEvent (id, accountId, userId, kind, subjectType, subjectId, value, occurredAt, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const kinds = ["session.attended", "video.watched", "document.opened", "newsletter.clicked", "session.registered"];
    for (let i = 0; i < 15; i++) {
      const kind = kinds[i % kinds.length]!;
      const value = kind === "session.attended" ? 60 : kind === "video.watched" ? 900 : null;
      event.run(
        `e2e-health-e${i}-${tag}`,
        ids.account,
        ids.person,
        kind,
        "content",
        `item-${i}`,
        value,
        sqlDate(new Date(now - (i + 1) * DAY)),
        stamp,
      );
    }
  });
  return { ids, name };
}

describe("a CSM's health call", () => {
  it("the CSM reads the score breakdown and reasons, makes a red call with a reason, and sees health red because of it", async () => {
    const { ids, name } = seedJourney();
    const context = await newContext(browser, { timezoneId: "America/Chicago" });
    const page = await context.newPage();
    await signInWithPassword(page, "csm@lyceum.example");
    await page.goto(`${baseURL()}/console/accounts/${ids.account}`);
    await page.getByRole("heading", { level: 1, name }).waitFor();

    const panel = page.getByRole("region", { name: "Health" });
    await panel.getByRole("heading", { name: "Score breakdown" }).waitFor();
    for (const part of ["Recency", "Frequency", "Breadth", "Depth", "Reach"]) {
      expect(await panel.getByRole("meter", { name: new RegExp(`^${part} \\d+ of 100$`) }).count(), part).toBe(1);
    }
    await panel.getByRole("meter", { name: "Reach 100 of 100" }).waitFor();
    await panel.getByText("Active in the last week").waitFor();
    await panel.getByText("1 of 1 person active in the last 90 days").waitFor();
    expect(await panel.getByTestId("health-label").textContent()).not.toBe("Red");
    await expectAccessible(page);

    const form = panel.getByRole("form", { name: "Make a health call" });
    await form.getByLabel("Health").selectOption("RED");
    await form.getByLabel("Reason").fill("Champion left for a competitor");
    await form.getByRole("button", { name: "Save call" }).click();

    await page.waitForURL(`${baseURL()}/console/accounts/${ids.account}`);
    await panel.getByTestId("health-label").getByText("Red", { exact: true }).waitFor();
    await panel
      .getByRole("listitem")
      .filter({ hasText: /^CSM call: red until \d+ \w{3} — Champion left for a competitor$/ })
      .waitFor();
    await panel.getByText(/^The numbers alone say (green|yellow)/).waitFor();
    await panel.getByText("Made by Sam Okafor", { exact: false }).waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
