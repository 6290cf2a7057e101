import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { sqlDate, writeRows } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * An account on a plan of its own with three contacts (one an account admin): a segment on that plan
 * counts exactly these people, whatever other journeys add to the demo database meanwhile.
 */
function createPlanAccount() {
  const suffix = randomUUID().replace(/-/g, "").slice(0, 10);
  const plan = `Journey plan ${suffix}`;
  const now = sqlDate(new Date());
  writeRows((db) => {
    const accountId = `e2eseg${suffix}`;
    db.prepare(
      "INSERT INTO Account (id, name, plan, arrCents, currency, tier, timeZone, createdAt, updatedAt) VALUES (?, ?, ?, 2500000, 'USD', 'TECH', 'UTC', ?, ?)",
    ).run(accountId, `Segment journey ${suffix}`, plan, now, now);
    const people: Array<[string, string]> = [
      ["Ada Segment", "ACCOUNT_ADMIN"],
      ["Ben Segment", "MEMBER"],
      ["Cy Segment", "MEMBER"],
    ];
    people.forEach(([name, role], index) => {
      db.prepare(
        "INSERT INTO User (id, email, name, role, accountId, timeZone, locale, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 'Europe/Paris', 'en-US', ?, ?)",
      ).run(`e2esegu${suffix}${index}`, `person${index}@seg-${suffix}.example`, name, role, accountId, now, now);
    });
  });
  return { plan, name: `Journey segment ${suffix}` };
}

async function countShown(page: Page, expected: string) {
  await page
    .getByTestId("segment-count")
    .filter({ hasText: new RegExp(`^${expected}$`) })
    .waitFor({ timeout: 10_000 });
}

async function addCondition(page: Page, label: string) {
  await page.getByLabel("New condition").selectOption({ label });
  await page.getByRole("button", { name: "Add condition" }).click();
  await page.getByRole("heading", { level: 3, name: label }).last().waitFor();
}

describe("segments", () => {
  it("a publisher builds a segment, watches the live count follow each condition, saves it and finds it in the list", async () => {
    const { plan, name } = createPlanAccount();
    const context = await newContext(browser, { timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    await signInWithPassword(page, "publisher@lyceum.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Segments", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Segments" }).waitFor();
    await page.getByRole("link", { name: "New segment" }).click();
    await page.getByRole("heading", { level: 1, name: "New segment" }).waitFor();
    // No conditions yet: every contact, so some number is shown before anything is picked.
    await page.getByTestId("segment-count").waitFor();

    await addCondition(page, "Plan");
    await page.getByText("Finish the conditions to see the count.").waitFor();
    await page.getByRole("checkbox", { name: plan }).check();
    await countShown(page, "3");
    await expect(page.getByRole("cell", { name: /Ada Segment/ }).count()).resolves.toBe(1);

    await addCondition(page, "Role");
    await page.getByRole("checkbox", { name: "Account admin" }).check();
    await countShown(page, "1");
    await expectAccessible(page);

    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.getByText("Segment saved.").waitFor();
    await page.getByRole("heading", { level: 1, name }).waitFor();

    await page.getByRole("link", { name: "Back to segments" }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
    await row.waitFor();
    expect(await row.innerText()).toContain(`Plan is ${plan} and role is Account admin`);
    expect((await row.getByRole("cell").nth(2).innerText()).trim()).toBe("1");
    await context.close();
  });

  it("without JavaScript, conditions are added with buttons and the count comes from Preview count", async () => {
    const { plan } = createPlanAccount();
    const context = await browser.newContext({ baseURL: baseURL(), timezoneId: "Europe/Paris", javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithPassword(page, "publisher@lyceum.example");
    await page.goto("/console/segments/new");
    await addCondition(page, "Plan");
    await page.getByRole("checkbox", { name: plan }).check();
    await addCondition(page, "Tier");
    await page.getByRole("button", { name: "Remove condition 2: Tier" }).click();
    await page.getByRole("heading", { level: 2, name: "Conditions · 1" }).waitFor();
    expect(await page.getByRole("checkbox", { name: plan }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Preview count" }).click();
    await countShown(page, "3");
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.getByText("Give the segment a name.").waitFor();
    await context.close();
  });
});
