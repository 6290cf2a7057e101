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

/** YYYY-MM-DD `days` from now; far enough ahead that it is a future date in every zone. */
function dateAhead(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function samsAvailability() {
  return queryOne<{ weeklyHours: string; timeZone: string }>(
    "SELECT a.weeklyHours, a.timeZone FROM CsmAvailability a JOIN User u ON u.id = a.userId WHERE u.email = 'csm@lyceum.example'",
  );
}

describe("a CSM keeps their availability", () => {
  it("sets Tuesday's hours, adds a day off and a time off, and sees them listed", async () => {
    const context = await newContext(browser, { timezoneId: "America/Chicago" });
    const page = await context.newPage();
    await signInWithPassword(page, "csm@lyceum.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My availability" }).click();
    await page.getByRole("heading", { name: "My availability", level: 1 }).waitFor();
    await expectAccessible(page);
    expect(samsAvailability().timeZone).toBe("America/Chicago");

    const tuesday = page.getByRole("group", { name: "Tuesday" });
    await tuesday.getByLabel("Tuesday, range 1, from").fill("10:00");
    await tuesday.getByLabel("Tuesday, range 1, to").fill("12:30");
    await tuesday.getByLabel("Tuesday, range 2, from").fill("13:30");
    await tuesday.getByLabel("Tuesday, range 2, to").fill("13:00");
    await page.getByRole("button", { name: "Save weekly hours" }).click();
    await tuesday.getByText("Tuesday: 13:30–13:00 ends before it starts").waitFor();
    expect(JSON.parse(samsAvailability().weeklyHours).tue).toEqual([
      { start: "08:30", end: "12:00" },
      { start: "13:00", end: "16:30" },
    ]);

    await tuesday.getByLabel("Tuesday, range 2, to").fill("17:00");
    await page.getByRole("button", { name: "Save weekly hours" }).click();
    await page.getByText("Your weekly hours are saved.").waitFor();
    expect(JSON.parse(samsAvailability().weeklyHours).tue).toEqual([
      { start: "10:00", end: "12:30" },
      { start: "13:30", end: "17:00" },
    ]);

    const offsite = dateAhead(12);
    const overrides = page.getByRole("region", { name: "Date overrides" });
    await overrides.getByLabel("Date", { exact: true }).fill(offsite);
    await overrides.getByLabel("Day off").check();
    await overrides.getByLabel("Note (optional)").fill("Team offsite");
    await overrides.getByRole("button", { name: "Save date" }).click();
    await overrides.getByText(/^Added a day off for/).waitFor();
    await overrides.getByRole("row").filter({ hasText: "Team offsite" }).getByText("Day off", { exact: true }).waitFor();
    expect(
      queryOne<{ ranges: string }>(
        "SELECT o.ranges FROM AvailabilityOverride o JOIN User u ON u.id = o.userId WHERE u.email = 'csm@lyceum.example' AND o.date = ?",
        offsite,
      ).ranges,
    ).toBe("[]");

    const away = dateAhead(20);
    const timeOff = page.getByRole("region", { name: "Time off", exact: true });
    await timeOff.getByLabel("Starts").fill(`${away}T09:00`);
    await timeOff.getByLabel("Ends").fill(`${away}T17:00`);
    await timeOff.getByLabel("Reason (optional)").fill("Dentist and errands");
    await timeOff.getByRole("button", { name: "Add time off" }).click();
    await timeOff.getByText(/^Added time off from/).waitFor();
    await timeOff.getByRole("row").filter({ hasText: "Dentist and errands" }).waitFor();
    const stored = queryOne<{ startsAt: number | string; endsAt: number | string }>(
      "SELECT t.startsAt, t.endsAt FROM TimeOff t JOIN User u ON u.id = t.userId WHERE u.email = 'csm@lyceum.example' AND t.reason = ?",
      "Dentist and errands",
    );
    // Nine to five in Chicago is eight hours whichever offset applies that day.
    expect(new Date(stored.endsAt).getTime() - new Date(stored.startsAt).getTime()).toBe(8 * 3_600_000);
    await expectAccessible(page);
    await context.close();
  });

  it("works without JavaScript: a refused save answers 400 and keeps what was typed", async () => {
    const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill("csm@lyceum.example");
    await page.getByLabel("Password", { exact: true }).fill("lyceum-demo-2026");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto("/console/availability");
    await page.getByLabel("Wednesday, range 1, from").fill("15:00");
    await page.getByLabel("Wednesday, range 1, to").fill("11:00");
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === "POST"),
      page.getByRole("button", { name: "Save weekly hours" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.getByText("Wednesday: 15:00–11:00 ends before it starts").first().waitFor();
    expect(await page.getByLabel("Wednesday, range 1, from").inputValue()).toBe("15:00");
    expect(await page.getByLabel("Wednesday, range 1, to").inputValue()).toBe("11:00");
    await context.close();
  });
});
