import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NAVIGATION: Record<string, { email: string; home: string; links: string[]; absent: string[] }> = {
  MEMBER: {
    email: "member@northwind.example",
    home: "/portal",
    links: ["Home", "CSM hours", "My team", "Settings"],
    absent: ["Accounts", "Signals", "People", "Outbox", "My availability"],
  },
  ACCOUNT_ADMIN: {
    email: "admin@northwind.example",
    home: "/portal",
    links: ["Home", "My team", "Settings"],
    absent: ["Accounts", "Outbox"],
  },
  CSM: {
    email: "csm@lyceum.example",
    home: "/console",
    links: ["Overview", "Insights", "My accounts", "Accounts", "Signals", "Booked hours", "My availability", "Settings"],
    absent: ["People", "Outbox", "Import from CRM", "My team", "CSM hours", "API keys", "Newsletters", "Segments", "Suppression list"],
  },
  PUBLISHER: {
    email: "publisher@lyceum.example",
    home: "/console",
    links: ["Overview", "Newsletters", "Segments", "Insights", "Accounts", "Signals", "Settings"],
    absent: ["People", "Outbox", "My availability", "Booked hours", "My accounts", "Suppression list"],
  },
  ADMIN: {
    email: "admin@lyceum.example",
    home: "/console",
    links: [
      "Overview",
      "Newsletters",
      "Segments",
      "Insights",
      "My accounts",
      "Accounts",
      "Signals",
      "Booked hours",
      "My availability",
      "People",
      "Tiers & entitlements",
      "Import from CRM",
      "API keys",
      "Scoring & health",
      "Suppression list",
      "Outbox",
      "Jobs",
      "Settings",
    ],
    absent: ["My team"],
  },
};

describe("navigation per role", () => {
  for (const [role, expected] of Object.entries(NAVIGATION)) {
    it(`${role} lands on ${expected.home} and sees only their navigation`, async () => {
      const context = await newContext(browser, { timezoneId: "Asia/Tokyo" });
      const page = await context.newPage();
      await signInWithPassword(page, expected.email);
      expect(new URL(page.url()).pathname).toBe(expected.home);
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const name of expected.links) expect(await nav.getByRole("link", { name, exact: true }).count(), `${role} sees ${name}`).toBe(1);
      for (const name of expected.absent)
        expect(await nav.getByRole("link", { name, exact: true }).count(), `${role} lacks ${name}`).toBe(0);
      for (const name of expected.links) {
        await nav.getByRole("link", { name, exact: true }).click();
        await page.waitForLoadState("networkidle");
        expect(await page.getByRole("heading", { level: 1 }).count(), `${name} has a heading`).toBeGreaterThan(0);
        await expectAccessible(page);
      }
      await context.close();
    });
  }
});

describe("access across accounts", () => {
  it("refuses a customer the console and another account's people", async () => {
    const northwind = queryOne<{ id: string }>("SELECT id FROM Account WHERE externalId = 'demo-northwind'");
    const globexMember = queryOne<{ id: string }>("SELECT id FROM User WHERE email = 'member@globex.example'");
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "admin@northwind.example");

    const consolePage = await page.goto(`/console/accounts/${globexMember.id}`);
    expect(consolePage?.status()).toBe(403);
    await page.getByRole("heading", { name: "You do not have access" }).waitFor();

    const accountPage = await page.goto(`/console/accounts/${northwind.id}`);
    expect(accountPage?.status()).toBe(403);

    // A forged form post against another account's member is refused and changes nothing.
    const response = await page.request.post("/portal/team", {
      headers: { Origin: baseURL() },
      form: { intent: "deactivate", userId: globexMember.id },
    });
    expect([403, 404]).toContain(response.status());
    const still = queryOne<{ deactivatedAt: string | null }>("SELECT deactivatedAt FROM User WHERE id = ?", globexMember.id);
    expect(still.deactivatedAt).toBeNull();
    await context.close();
  });

  it("refuses a cross-site form post (CSRF)", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "admin@lyceum.example");
    const response = await page.request.post("/settings", {
      headers: { Origin: "https://evil.example" },
      form: { intent: "sign-out-everywhere" },
    });
    expect(response.status()).toBe(403);
    await page.goto("/settings");
    expect(new URL(page.url()).pathname).toBe("/settings");
    await context.close();
  });
});
