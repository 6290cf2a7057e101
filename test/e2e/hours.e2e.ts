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

describe("CSM hours", () => {
  it("a low-touch customer sees their balance; an admin tops it up without JavaScript; the customer sees why", async () => {
    const northwind = queryOne<{ id: string }>("SELECT id FROM Account WHERE externalId = 'demo-northwind'");

    const customer = await newContext(browser, { timezoneId: "America/New_York" });
    const page = await customer.newPage();
    await signInWithPassword(page, "member@northwind.example");
    const card = page.getByRole("region", { name: "CSM hours" });
    await card.getByText(/of \d+ hours? left in Q\d \d{4}/).waitFor();
    expect(await card.getByRole("link", { name: "Book an hour" }).getAttribute("href")).toBe("/portal/book");
    await card.getByRole("link", { name: "See your hours" }).click();
    await page.getByRole("heading", { level: 1, name: "CSM hours" }).waitFor();
    await page.getByText(/Granted \d+ hours? — Low touch plan/).waitFor();
    await expectAccessible(page);

    const admin = await browser.newContext({ baseURL: baseURL(), timezoneId: "Europe/Paris", javaScriptEnabled: false });
    const adminPage = await admin.newPage();
    await adminPage.goto("/login");
    await adminPage.getByLabel("Email", { exact: true }).fill("admin@lyceum.example");
    await adminPage.getByLabel("Password", { exact: true }).fill("lyceum-demo-2026");
    await adminPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await adminPage.waitForURL((url) => !url.pathname.startsWith("/login"));
    await adminPage.goto(`/console/accounts/${northwind.id}`);
    const form = adminPage.getByRole("form", { name: "Top up CSM hours" });

    await form.getByLabel("Hours").fill("-500");
    await form.getByLabel("Reason").fill("Far too many");
    await form.getByRole("button", { name: "Save top-up" }).click();
    await form
      .getByRole("alert")
      .getByText(/already used or booked, so at most \d+ can be taken back/)
      .waitFor();

    await form.getByLabel("Hours").fill("2");
    await form.getByLabel("Reason").fill("Journey top-up");
    await form.getByRole("button", { name: "Save top-up" }).click();
    await form.getByText(/^Added 2 hours to Q\d \d{4}: \d+ of \d+ hours left\.$/).waitFor();
    await adminPage.getByRole("region", { name: "CSM hours ledger, newest first" }).getByText("Added 2 hours — Journey top-up").waitFor();
    await admin.close();

    await page.reload();
    await page.getByText("Added 2 hours — Journey top-up").waitFor();
    await customer.close();
  });
});
