import type { Browser } from "playwright-core";
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

const sendEvents = (key: string | null, events: unknown[]) =>
  fetch(`${baseURL()}/api/v1/events`, {
    method: "POST",
    // A server-to-server call: no Origin, no cookie.
    headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ events }),
  });

describe("the product-usage API, from an admin's key to stored events", () => {
  it("an admin creates a key, the product sends usage with it, and once revoked it is refused", async () => {
    const customer = createCustomerLogin({ tier: "TECH" });
    const domain = customer.email.split("@")[1]!;
    const name = `Product backend ${customer.accountId.slice(-6)}`;

    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithPassword(page, "admin@lyceum.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByText("it is shown only this once").waitFor();
    const secret = await page.getByLabel("The new key").inputValue();
    expect(secret).toMatch(/^lyc_/);
    await expectAccessible(page);

    const eventId = `journey-${customer.accountId}`;
    const event = {
      eventId,
      accountDomain: domain,
      userEmail: customer.email,
      feature: "dashboards",
      occurredAt: new Date().toISOString(),
    };
    const accepted = await sendEvents(secret, [event, { ...event, eventId: `${eventId}-bad`, accountDomain: "nobody.example" }]);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      accepted: 1,
      duplicates: 0,
      rejected: [{ index: 1, errors: ["accountDomain: no account has this domain"] }],
    });
    expect((await (await sendEvents(secret, [event])).json()) as object).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(
      queryOne<{ accountId: string; userId: string; subjectId: string }>(
        "SELECT accountId, userId, subjectId FROM EngagementEvent WHERE dedupeKey = ?",
        `product:${eventId}`,
      ),
    ).toEqual({ accountId: customer.accountId, userId: customer.userId, subjectId: "dashboards" });
    expect((await sendEvents(null, [event])).status).toBe(401);

    // The list shows it used, without its secret; revoking it shuts the door.
    await page.reload();
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row.textContent()).resolves.not.toContain(secret.slice(12));
    await expect(row.textContent()).resolves.not.toContain("Never");
    await row.getByRole("button", { name: `Revoke “${name}”` }).click();
    await page.getByText(`“${name}” revoked.`).waitFor();
    const refused = await sendEvents(secret, [{ ...event, eventId: `${eventId}-late` }]);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await context.close();
  });
});
