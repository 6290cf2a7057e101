import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { createCustomerLogin, queryOne } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const HOUR_MS = 60 * 60 * 1000;

/** The newest outbox message to `to` whose subject matches, read as the admin would, once the worker has sent it. */
async function readOutbox(admin: Page, to: string, subject: RegExp) {
  for (let attempt = 0; attempt < 60; attempt++) {
    await admin.goto(`/admin/outbox?q=${encodeURIComponent(to)}`);
    const link = admin.getByRole("link", { name: subject }).first();
    if (await link.count()) {
      await link.click();
      await admin.waitForURL(/\/admin\/outbox\/[^/?]+$/);
      return {
        text: (await admin.getByTestId("email-text").textContent()) ?? "",
        ics: (await admin.getByTestId("email-attachment").count())
          ? ((await admin.getByTestId("email-attachment").first().textContent()) ?? "")
          : "",
        filename: await admin.getByTestId("email-attachment").first().getAttribute("data-filename"),
      };
    }
    await admin.waitForTimeout(250);
  }
  throw new Error(`no email to ${to} matching ${subject}`);
}

/** Picks a listed time at least `hours` ahead (clear of the 24-hour refund cut-off), other than `except`. */
async function chooseTimeAhead(page: Page, hours: number, except?: string) {
  const values = await page
    .locator('input[type="radio"][name="startsAt"]')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  const value = values.find((candidate) => new Date(candidate).getTime() > Date.now() + hours * HOUR_MS && candidate !== except);
  if (!value) throw new Error(`no free time ${hours} hours ahead among ${values.length}`);
  await page.locator(`input[type="radio"][name="startsAt"][value="${value}"]`).check();
  return value;
}

describe("managing a booked hour from the emailed link", () => {
  it("a customer books; the emails carry an .ics; signed out and without JavaScript they move the hour, then cancel early and get it back", async () => {
    const customer = createCustomerLogin({ timeZone: "America/Los_Angeles", name: "Lena Park" });
    const context = await newContext(browser, { timezoneId: "America/Los_Angeles" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInWithPassword(page, customer.email);

    // Book an hour well ahead of the refund cut-off.
    await page.goto("/portal/book");
    await page.getByLabel("What is the hour for?").fill("Our goal is to roll out dashboards to two more teams before our renewal");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Choose a time" }).waitFor();
    const firstTime = await chooseTimeAhead(page, 30);
    await page.getByRole("button", { name: "Book this time" }).click();
    await page.getByText(/The hour is on your balance page/).waitFor();
    const booking = queryOne<{ id: string; csmId: string; startsAt: string }>(
      "SELECT id, csmId, startsAt FROM CsmBooking WHERE accountId = ?",
      customer.accountId,
    );
    expect(new Date(booking.startsAt).toISOString()).toBe(firstTime);
    const csm = queryOne<{ email: string; name: string }>("SELECT email, name FROM User WHERE id = ?", booking.csmId);

    // Signed in, the hour is listed under CSM hours with the way to change it.
    await page.goto("/portal/hours");
    const upcoming = page.getByRole("region", { name: "Your upcoming hours" });
    await upcoming.getByText(`One hour with a CSM with ${csm.name}`).waitFor();
    expect(await upcoming.getByRole("link", { name: /^Reschedule or cancel/ }).getAttribute("href")).toBe(`/portal/bookings/${booking.id}`);
    await expectAccessible(page);

    // The confirmations, as the admin sees them in the outbox: the customer's carries the manage link.
    const adminContext = await newContext(browser, { timezoneId: "UTC" });
    adminContext.setDefaultTimeout(15_000);
    const admin = await adminContext.newPage();
    await signInWithPassword(admin, "admin@lyceum.example");
    const confirmation = await readOutbox(admin, customer.email, /^Booked: One hour with a CSM/);
    expect(confirmation.filename).toBe("invite.ics");
    expect(confirmation.ics).toContain("METHOD:REQUEST");
    expect(confirmation.ics).toContain(`UID:csm-booking-${booking.id}@`);
    expect(confirmation.ics).toContain("SEQUENCE:0");
    expect(confirmation.text).toMatch(/(PST|PDT|GMT-[78])/);
    const manageUrl = /(https?:\/\/\S+\/bookings\/[A-Za-z0-9_-]+)/.exec(confirmation.text)?.[1];
    expect(manageUrl, confirmation.text).toBeTruthy();
    const csmCopy = await readOutbox(admin, csm.email, /^New booking: Lena Park/);
    expect(csmCopy.ics).toContain("METHOD:REQUEST");
    expect(csmCopy.text).not.toContain("/bookings/");

    // Signed out, the link alone opens the booking, in the zone it was booked in. (Axe needs JavaScript,
    // so the page is checked for accessibility here, then used with JavaScript off.)
    const checker = await newContext(browser, { timezoneId: "Europe/Berlin" });
    const checked = await checker.newPage();
    await checked.goto(new URL(manageUrl!).pathname);
    await checked.getByRole("heading", { level: 1, name: "Your hour with a CSM" }).waitFor();
    await expectAccessible(checked);
    await checked.getByRole("link", { name: "Choose another time" }).click();
    await checked.getByRole("heading", { name: "Choose a new time" }).waitFor();
    await expectAccessible(checked);
    await checker.close();

    // A fresh browser, signed out, JavaScript off: move the hour, then cancel it.
    const outsider = await browser.newContext({ baseURL: baseURL(), timezoneId: "Europe/Berlin", javaScriptEnabled: false });
    outsider.setDefaultTimeout(15_000);
    const link = await outsider.newPage();
    await link.goto(new URL(manageUrl!).pathname);
    await link.getByRole("heading", { level: 1, name: "Your hour with a CSM" }).waitFor();
    await link.getByText("Times are shown in America/Los_Angeles.").waitFor();
    await link.getByText(csm.name, { exact: true }).waitFor();

    await link.getByRole("link", { name: "Choose another time" }).click();
    await link.getByRole("heading", { name: "Choose a new time" }).waitFor();
    const newTime = await chooseTimeAhead(link, 30, firstTime);
    await link.getByRole("button", { name: "Move to this time" }).click();
    await link.getByText(/^Your hour is moved to .+ We emailed you and your CSM/).waitFor();
    const moved = queryOne<{ startsAt: string; sequence: number; status: string }>(
      "SELECT startsAt, sequence, status FROM CsmBooking WHERE id = ?",
      booking.id,
    );
    expect({ ...moved, startsAt: new Date(moved.startsAt).toISOString() }).toEqual({ startsAt: newTime, sequence: 1, status: "CONFIRMED" });
    const update = await readOutbox(admin, customer.email, /^Rescheduled: One hour with a CSM/);
    expect(update.ics).toContain("METHOD:REQUEST");
    expect(update.ics).toContain("SEQUENCE:1");

    // Cancelling well before the cut-off: the page says the hour comes back before the button is pressed.
    await link.getByText(/Cancelling now gives the hour back to your account's balance/).waitFor();
    await link.getByLabel("Reason (optional)").fill("Our rollout moved to next quarter");
    await link.getByRole("button", { name: "Cancel this hour" }).click();
    await link.getByText(/^Your hour is cancelled\. The hour is back on your account's balance\./).waitFor();
    const cancellation = await readOutbox(admin, customer.email, /^Cancelled: One hour with a CSM/);
    expect(cancellation.ics).toContain("METHOD:CANCEL");
    expect(cancellation.ics).toContain("SEQUENCE:2");

    // The link has expired: it says so, and what to do instead.
    const expired = await link.goto(new URL(manageUrl!).pathname);
    expect(expired?.status()).toBe(410);
    await link.getByRole("heading", { name: "This link no longer works" }).waitFor();
    await outsider.close();

    // Signed in again: the hour is back on the balance and nothing is upcoming.
    await page.goto("/portal/hours");
    await page.getByRole("progressbar", { name: /^0 of \d+ hours? used/ }).waitFor();
    await page.getByText("No hours booked").waitFor();
    await expectAccessible(page);
    const ledger = queryOne<{ kinds: string }>(
      "SELECT GROUP_CONCAT(kind, ',') AS kinds FROM (SELECT kind FROM HourLedger WHERE bookingId = ? ORDER BY kind)",
      booking.id,
    );
    expect(ledger.kinds).toBe("DRAW,REFUND");
    await context.close();
    await adminContext.close();
  });
});
