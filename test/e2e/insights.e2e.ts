import fs from "node:fs";
import { randomUUID } from "node:crypto";
import Papa from "papaparse";
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

const DAY = 86_400_000;

/** Other journeys add events to the same demo database, so figures are checked for shape and agreement, not value. */
describe("the one-to-many team reads engagement", () => {
  it("a publisher opens Insights: the charts render from the seeded events after hydration, with their figures as tables", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "publisher@lyceum.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
    await page.getByRole("heading", { name: "Insights", level: 1 }).waitFor();

    // Recharts draws in the browser only: two SVG charts with lines and bars appear once hydrated.
    await page.locator("[data-testid=chart] .recharts-wrapper > svg.recharts-surface").nth(1).waitFor();
    expect(await page.locator("[data-testid=chart] .recharts-wrapper > svg.recharts-surface").count()).toBe(2);
    expect(await page.locator("[data-chart=weekly-active-accounts-by-tier] .recharts-line").count()).toBe(3);
    expect(await page.locator("[data-chart=attendance-over-time] .recharts-bar-rectangle").count()).toBeGreaterThan(0);

    // The text alternative: folded away under each chart once it has drawn; opened, every week of the 90 days
    // with a figure per tier, some non-zero from the seed's events.
    for (const summary of await page.getByText("Figures as a table").all()) await summary.click();
    const active = page.getByRole("table", { name: "Weekly active accounts by tier, week by week" });
    const rows = active.locator("tbody tr");
    expect(await rows.count()).toBe(13);
    const figures = (await active.locator("tbody td").allTextContents()).map(Number);
    expect(figures).toHaveLength(39);
    expect(figures.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
    expect(figures.reduce((sum, value) => sum + value, 0)).toBeGreaterThan(0);
    const attendance = (
      await page.getByRole("table", { name: "Attendance over time, week by week" }).locator("tbody td").allTextContents()
    ).map(Number);
    expect(attendance.reduce((sum, value) => sum + value, 0)).toBeGreaterThan(0);

    // The tables: reach per tier, the funnel, content and the seed's newsletters.
    const reach = page.getByRole("region", { name: "Reach by tier, last 90 days" });
    expect(await reach.locator("tbody tr").count()).toBe(4);
    await expect(reach.locator("tbody tr").last().textContent()).resolves.toMatch(
      /^All tiers[\d,]+ \/ [\d,]+ \(\d+%\)[\d,]+ \/ [\d,]+ \(\d+%\)$/,
    );
    const funnel = page.getByRole("region", { name: "Registrations to attendance, last 90 days" });
    await funnel.getByRole("cell", { name: "Webinars" }).waitFor();
    await page.getByRole("region", { name: "Content performance, last 90 days" }).getByRole("cell", { name: "Video" }).first().waitFor();
    await page
      .getByRole("region", { name: "Newsletter performance, last 90 days" })
      .getByRole("cell", { name: "Monthly digest" })
      .waitFor();
    await expectAccessible(page);

    // The 30-day window, then the funnel's CSV.
    await page.getByRole("link", { name: "Last 30 days" }).click();
    await page.getByRole("region", { name: "Reach by tier, last 30 days" }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download registrations to attendance as CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lyceum-funnel-30d-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const { data } = Papa.parse<string[]>(text.trimEnd(), { newline: "\r\n" });
    expect(data[0]).toEqual(["Session kind", "Registered", "Attended", "No-show", "Attendance rate", "No-show rate"]);
    expect(data.at(-1)![0]).toBe("All sessions");
    await context.close();
  });

  it("without JavaScript the server renders the figures as open tables and no chart", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), timezoneId: "UTC", javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithPassword(page, "admin@lyceum.example");
    await page.goto("/console/insights?days=30");
    await page.getByRole("heading", { name: "Insights", level: 1 }).waitFor();
    expect(await page.locator("[data-testid=chart]").count()).toBe(0);
    expect(await page.getByRole("table", { name: "Weekly active accounts by tier, week by week" }).locator("tbody tr").count()).toBe(5);
    expect(await page.getByRole("table", { name: "Attendance over time, week by week" }).locator("tbody tr").count()).toBe(5);
    await context.close();
  });

  it("a CSM finds their account on My accounts with its health and sparkline, downloads the list, and reads its timeline", async () => {
    const csm = queryOne<{ id: string; timeZone: string }>("SELECT id, timeZone FROM User WHERE email = 'csm@lyceum.example'");
    const suffix = randomUUID().slice(0, 8);
    const accountId = `e2einsights${suffix}`;
    const name = `Slipping ${suffix}`;
    const now = new Date();
    writeRows((db) => {
      const at = sqlDate(now);
      // Twenty days after today in the CSM's own calendar (near midnight UTC their today may be another day), at noon UTC.
      const [year, month, day] = new Intl.DateTimeFormat("en-CA", { timeZone: csm.timeZone }).format(now).split("-").map(Number);
      const renewal = new Date(Date.UTC(year!, month! - 1, day!, 12) + 20 * DAY);
      db.prepare(
        "INSERT INTO Account (id, name, plan, arrCents, currency, tier, timeZone, renewalDate, ownerCsmId, createdAt, updatedAt) VALUES (?, ?, 'Growth', 4200000, 'USD', 'LOW', 'UTC', ?, ?, ?, ?)",
      ).run(accountId, name, sqlDate(renewal), csm.id, at, at);
      db.prepare(
        "INSERT INTO AccountScore (accountId, score, recency, frequency, breadth, depth, reach, health, healthReasons, computedAt) VALUES (?, 31, 20, 30, 40, 30, 35, 'RED', '[]', ?)",
      ).run(accountId, at);
      for (const [daysAgo, score, health] of [
        [60, 78, "GREEN"],
        [30, 55, "YELLOW"],
        [0, 31, "RED"],
      ] as const) {
        const day = new Date(now.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
        db.prepare("INSERT INTO HealthSnapshot (accountId, day, score, health, createdAt) VALUES (?, ?, ?, ?, ?)").run(
          accountId,
          day,
          score,
          health,
          at,
        );
      }
      db.prepare(
        "INSERT INTO EngagementEvent (id, accountId, kind, subjectType, subjectId, occurredAt, recordedAt) VALUES (?, ?, 'newsletter.opened', 'newsletter', 'monthly-digest', ?, ?)",
      ).run(`e2eevent${suffix}`, accountId, sqlDate(new Date(now.getTime() - 3 * DAY)), at);
    });

    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "csm@lyceum.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My accounts" }).click();
    await page.getByRole("heading", { name: "My accounts", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Health", exact: true }).click();
    await page.waitForURL(/sort=health/);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
    await row.getByText(/\bRed\b/).waitFor();
    await row.getByText("in 20 days").waitFor();
    await row.getByText("Opened a newsletter").waitFor();
    const sparkline = row.getByRole("img", { name: /^Score 78 on \d{4}-\d{2}-\d{2}, 31 on \d{4}-\d{2}-\d{2}$/ });
    expect(await sparkline.locator("polyline").getAttribute("points")).toMatch(/^[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+$/);
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const { data } = Papa.parse<string[]>(text.trimEnd(), { newline: "\r\n" });
    expect(data[0]!.slice(0, 4)).toEqual(["Account", "Tier", "Health", "Score"]);
    expect(data.find((cells) => cells[0] === name)).toEqual([
      name,
      "Low touch",
      "Red",
      "31",
      "42000",
      "USD",
      expect.any(String),
      "20",
      "Opened a newsletter",
      expect.any(String),
    ]);

    await row.getByRole("link", { name }).click();
    await page.getByRole("heading", { name, level: 1 }).waitFor();
    const timeline = page.getByRole("list", { name: "Timeline, newest first" });
    await timeline.getByText("Opened a newsletter").waitFor();
    await timeline.getByText("Monthly digest").waitFor();
    await context.close();
  });
});
