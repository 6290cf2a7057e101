import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const fixtures = path.resolve("test/fixtures/import");

describe("importing from a CRM export", () => {
  it("shows row errors in the preview and refuses to import a broken file", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "admin@lyceum.example");
    await page.goto("/admin/import");
    await page.getByLabel("The file contains").selectOption("ACCOUNTS");
    await page.getByLabel("CSV file", { exact: true }).setInputFiles({
      name: "broken.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Record ID,Company name,Tier,ARR\ncrm-9001,Good Co,LOW,1000\ncrm-9002,,Sideways touch,-5\n"),
    });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.waitForURL(/\/admin\/import\/[^/]+$/);
    await page.getByText("row has problems").waitFor();
    expect(await page.getByRole("button", { name: "Confirm import" }).isDisabled()).toBe(true);
    await expectAccessible(page);
    expect(queryOne<{ n: number }>("SELECT COUNT(*) AS n FROM Account WHERE externalId = 'crm-9001'").n).toBe(0);
    await context.close();
  });

  it("previews, confirms, shows progress, and imports accounts then their contacts", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "admin@lyceum.example");

    await page.goto("/admin/import");
    await expectAccessible(page);
    await page.getByLabel("The file contains").selectOption("ACCOUNTS");
    await page.getByLabel("CSV file", { exact: true }).setInputFiles(path.join(fixtures, "accounts.csv"));
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.waitForURL(/\/admin\/import\/[^/]+$/);
    await page.getByText("Every row is valid").waitFor();
    expect(await page.getByRole("cell", { name: "Harborview Logistics" }).count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Confirm import" }).click();
    await page.getByText(/Imported 8 rows: 8 created, 0 updated/).waitFor({ timeout: 20_000 });

    const imported = queryOne<{ name: string; tier: string; arrCents: number; owner: string }>(
      "SELECT a.name, a.tier, a.arrCents, u.email AS owner FROM Account a JOIN User u ON u.id = a.ownerCsmId WHERE a.externalId = 'crm-1001'",
    );
    expect(imported).toEqual({ name: "Harborview Logistics", tier: "HIGH", arrCents: 31_200_000, owner: "csm@lyceum.example" });

    await page.goto("/admin/import");
    await page.getByLabel("The file contains").selectOption("CONTACTS");
    await page.getByLabel("CSV file", { exact: true }).setInputFiles(path.join(fixtures, "contacts.csv"));
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.waitForURL(/\/admin\/import\/[^/]+$/);
    await page.getByRole("button", { name: "Confirm import" }).click();
    await page.getByText(/Imported 12 rows/).waitFor({ timeout: 20_000 });

    await page.goto("/console/accounts?q=Harborview");
    await page.getByRole("link", { name: "Harborview Logistics" }).click();
    await page.getByRole("heading", { name: "Harborview Logistics", level: 1 }).waitFor();
    await expectAccessible(page);
    const people = queryOne<{ n: number }>(
      "SELECT COUNT(*) AS n FROM User u JOIN Account a ON a.id = u.accountId WHERE a.externalId = 'crm-1001'",
    );
    expect(people.n).toBeGreaterThan(0);
    await context.close();
  });
});
