import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("signing in", () => {
  it("signs a customer in with a password, sets a __Host- cookie, and signs out", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    await expectAccessible(page);
    await signInWithPassword(page, "member@northwind.example");
    expect(new URL(page.url()).pathname).toBe("/portal");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBeTruthy();

    const cookie = (await context.cookies()).find((c) => c.name === "__Host-lyceum-session");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto("/portal");
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });

  it("refuses a wrong password with a message and keeps the email", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill("member@northwind.example");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText("That email and password do not match").waitFor();
    expect(await page.getByLabel("Email", { exact: true }).inputValue()).toBe("member@northwind.example");
    await context.close();
  });

  it("signs in with a magic link read from the admin's outbox", async () => {
    const visitor = await newContext(browser);
    const page = await visitor.newPage();
    await page.goto("/login");
    await page.getByLabel("Email for a sign-in link").fill("admin@northwind.example");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByText("a sign-in link is on its way").waitFor();

    const admin = await newContext(browser);
    const adminPage = await admin.newPage();
    await signInWithPassword(adminPage, "admin@lyceum.example");
    let link: string | null = null;
    for (let attempt = 0; attempt < 40 && !link; attempt++) {
      await adminPage.goto("/admin/outbox?q=admin%40northwind.example");
      const message = adminPage.getByRole("link", { name: /sign-in link/i }).first();
      if (await message.count()) {
        await message.click();
        await adminPage.waitForURL(/\/admin\/outbox\/[^/?]+$/);
        const text = (await adminPage.getByTestId("email-text").textContent({ timeout: 5_000 })) ?? "";
        link = text.match(/https?:\/\/\S+\/login\/magic\?token=[a-z2-7]+/)?.[0] ?? null;
      } else {
        await adminPage.waitForTimeout(250);
      }
    }
    expect(link, "magic link in the outbox").toBeTruthy();
    await expectAccessible(adminPage);

    await page.goto(link!);
    await page.getByRole("button", { name: "Sign in to Lyceum" }).click();
    await page.waitForURL("**/portal");

    // Single use: the same link no longer works.
    const again = await (await newContext(browser)).newPage();
    await again.goto(link!);
    await again.getByRole("heading", { name: "This link no longer works" }).waitFor();
    await visitor.close();
    await admin.close();
    expect(baseURL()).toContain("localhost");
  });
});
