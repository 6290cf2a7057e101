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

describe("booking an hour with a CSM", () => {
  it("a low-touch customer is routed to support for a password question, then books an hour for a real one, in their own zone", async () => {
    const context = await newContext(browser, { timezoneId: "Asia/Kolkata" });
    const page = await context.newPage();
    await signInWithPassword(page, "member@northwind.example");
    const northwind = queryOne<{ id: string }>("SELECT id FROM Account WHERE externalId = 'demo-northwind'");
    const bookingsBefore = queryOne<{ n: number }>("SELECT COUNT(*) AS n FROM CsmBooking WHERE accountId = ?", northwind.id).n;

    await page.goto("/portal/book");
    await page.getByRole("heading", { name: "Book an hour with a CSM", level: 1 }).waitFor();
    const balance = await page
      .getByRole("status")
      .filter({ hasText: /hours left for Q\d \d{4}/ })
      .textContent();
    const left = Number(/(\d+) of \d+ hours left/.exec(balance ?? "")?.[1]);
    await expectAccessible(page);

    // A support topic: library suggestions, no hour drawn.
    await page.getByLabel("What is the hour for?").fill("I forgot my password and I'm locked out of the admin console");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Support can answer this faster" }).waitFor();
    await page.getByText("No hour is drawn for it.").waitFor();

    // A real CSM topic: times grouped by day, in the customer's own zone (their profile's).
    await page.goto("/portal/book");
    await page.getByLabel("What is the hour for?").fill("Our goal is to roll out to two more teams before our renewal");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Choose a time" }).waitFor();
    const zone = queryOne<{ timeZone: string }>("SELECT timeZone FROM User WHERE email = 'member@northwind.example'").timeZone;
    await page.getByText(`Times are shown in your time zone, ${zone}.`).waitFor();
    await expectAccessible(page);
    const first = page.getByRole("radio").first();
    const startsAt = await first.getAttribute("value");
    await first.check();
    await page.getByRole("button", { name: "Book this time" }).click();
    await page.getByText(/with .+\. The hour is on your balance page/).waitFor();

    const booking = queryOne<{ startsAt: string; timeZone: string; n: number }>(
      "SELECT startsAt, timeZone, (SELECT COUNT(*) FROM CsmBooking WHERE accountId = ?) AS n FROM CsmBooking WHERE accountId = ? ORDER BY createdAt DESC LIMIT 1",
      northwind.id,
      northwind.id,
    );
    expect(booking.n).toBe(bookingsBefore + 1);
    expect(new Date(booking.startsAt).toISOString()).toBe(startsAt);
    // Exactly one hour was drawn for it (read from the ledger: other journeys may top the account up meanwhile).
    const drawn = queryOne<{ hours: number; n: number }>(
      `SELECT SUM(l.hours) AS hours, COUNT(*) AS n FROM HourLedger l JOIN CsmBooking b ON b.id = l.bookingId
       WHERE b.accountId = ? AND b.startsAt = (SELECT MAX(startsAt) FROM CsmBooking WHERE accountId = ? AND startsAt = ?)`,
      northwind.id,
      northwind.id,
      booking.startsAt,
    );
    expect(drawn).toEqual({ hours: -1, n: 1 });
    expect(left).toBeGreaterThan(0);
    await context.close();
  });
});
