import fs from "node:fs";
import Papa from "papaparse";
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

const HOURS = /^\d[\d,.]* h$/;

/** Other journeys book and change hours in the same database, so the figures are checked for shape and agreement, not value. */
describe("the team reads the queue's capacity", () => {
  it("an admin opens it from the navigation, reads offered, entitled and booked hours and the next free hour, and downloads the CSV", async () => {
    const context = await newContext(browser, { timezoneId: "America/New_York" });
    const page = await context.newPage();
    await signInWithPassword(page, "admin@lyceum.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Capacity" }).click();
    await page.getByRole("heading", { name: "Capacity", level: 1 }).waitFor();
    await page.getByText("times are in America/New York.").waitFor();
    await expectAccessible(page);

    // The wait: the demo's CSMs offer hours within their horizons, so there is a next free hour.
    const wait = page.getByRole("region", { name: "The wait for a new request" });
    await expect(wait.getByText(/^Next free hour: /).textContent()).resolves.toMatch(
      /^Next free hour: .+ \((in \d+ (minutes?|hours?|days)|tomorrow)\)$/,
    );
    await wait.getByText(/Nobody is waiting in the queue\.|Queue: \d+ waiting/).waitFor();

    // The period: offered, entitled and booked hours, and a reading of them.
    const period = page.getByRole("region", { name: /^This period: Q\d \d{4}$/ });
    const stats = period.getByRole("definition");
    for (const term of ["Offered", "Entitled", "Booked"]) {
      const figure = period.getByRole("term").filter({ hasText: term });
      await figure.waitFor();
    }
    expect(await stats.count()).toBe(6);
    const offered = await period.getByRole("term").filter({ hasText: "Offered" }).locator("xpath=following-sibling::dd[1]").textContent();
    expect(offered).toMatch(HOURS);
    await expect(period.getByRole("status").textContent()).resolves.toMatch(/^The pool offers \d[\d,.]* h in Q\d \d{4}/);

    // Week by week: six weeks from this one; per CSM: every CSM who takes pool bookings.
    const weeks = page.getByRole("region", { name: "The pool week by week" });
    const weekRows = weeks.locator("tbody tr");
    expect(await weekRows.count()).toBe(6);
    await weekRows.first().getByText("this week").waitFor();
    const firstWeek = await weekRows.first().locator("td").allTextContents();
    for (const cell of firstWeek.slice(1, 4)) expect(cell).toMatch(HOURS);
    const poolSize = queryOne<{ n: number }>(
      "SELECT COUNT(*) AS n FROM CsmAvailability a JOIN User u ON u.id = a.userId WHERE a.inPool = 1 AND u.deactivatedAt IS NULL",
    ).n;
    expect(poolSize).toBeGreaterThan(0);
    const csmRows = page.getByRole("region", { name: "Each CSM, booked of offered hours per week" }).locator("tbody tr");
    expect(await csmRows.count()).toBe(poolSize);
    await csmRows.filter({ hasText: "Sam" }).first().waitFor();

    // The CSV holds the same table: the pool's row for each week, then each CSM's.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lyceum-capacity-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const { data, errors } = Papa.parse<string[]>(text.trimEnd(), { newline: "\r\n" });
    expect(errors).toEqual([]);
    expect(data[0]).toEqual(["Week from", "Week to", "CSM", "Offered hours", "Booked hours", "Free hours", "Utilisation %"]);
    expect(data).toHaveLength(1 + 6 * (1 + poolSize));
    expect(data[1]![2]).toBe("All pool CSMs");
    expect(`${Number(data[1]![3]).toLocaleString("en-US")} h`).toBe(firstWeek[1]);
    expect(`${Number(data[1]![4]).toLocaleString("en-US", { maximumFractionDigits: 1 })} h`).toBe(firstWeek[2]);
    await context.close();
  });

  it("a CSM reads it too; a customer is refused", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "csm@lyceum.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Capacity" }).click();
    await page.getByRole("heading", { name: "Capacity", level: 1 }).waitFor();
    await context.close();

    const customer = await browser.newContext({ baseURL: baseURL() });
    const portal = await customer.newPage();
    await signInWithPassword(portal, "member@northwind.example");
    expect(await portal.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Capacity" }).count()).toBe(0);
    const response = await portal.goto("/console/capacity");
    expect(response?.status()).toBe(403);
    await customer.close();
  });
});
