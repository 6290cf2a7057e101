import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { createCustomerLogin, queryOne, sqlDate, writeRows } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The same signed token consent-links.server.ts makes, with the key the server keeps in AppSecret. */
function signLinkToken(key: Buffer, purpose: string, parts: string[]) {
  const body = [purpose, ...parts].join(".");
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url").slice(0, 32)}`;
}

const preference = (userId: string, topicId: string) =>
  queryOne<{ subscribed: number; source: string } | undefined>(
    "SELECT subscribed, source FROM TopicPreference WHERE userId = ? AND topicId = ?",
    userId,
    topicId,
  );

/** A topic, a sent newsletter, this customer's recipient row and the email the outbox kept, with its signed links. */
function sentNewsletterFor(customer: { userId: string; email: string; name: string; accountId: string }) {
  const suffix = randomUUID().replace(/-/g, "").slice(0, 10);
  const topic = { id: `e2etopic${suffix}`, name: `Consent journey ${suffix}` };
  const other = { id: `e2eother${suffix}`, name: `Second topic ${suffix}` };
  let unsubscribeUrl = "";
  writeRows((db) => {
    const now = sqlDate(new Date());
    db.prepare(`INSERT INTO AppSecret (name, value, createdAt) VALUES ('newsletter-link-key', ?, ?) ON CONFLICT (name) DO NOTHING`).run(
      randomBytes(32).toString("base64url"),
      now,
    );
    const { value } = db.prepare("SELECT value FROM AppSecret WHERE name = 'newsletter-link-key'").get() as { value: string };
    const key = Buffer.from(value, "base64url");
    for (const [row, subscribedByDefault] of [
      [topic, 1],
      [other, 0],
    ] as const) {
      db.prepare(
        "INSERT INTO NewsletterTopic (id, slug, name, description, subscribedByDefault, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(row.id, row.id, row.name, `News about ${row.name}.`, subscribedByDefault, now, now);
    }
    const newsletterId = `e2enews${suffix}`;
    db.prepare(
      "INSERT INTO Newsletter (id, subject, topicId, status, startedAt, completedAt, createdAt, updatedAt) VALUES (?, ?, ?, 'SENT', ?, ?, ?, ?)",
    ).run(newsletterId, `Journey digest ${suffix}`, topic.id, now, now, now, now);
    const recipientId = `e2erecip${suffix}`;
    db.prepare(
      "INSERT INTO NewsletterRecipient (id, newsletterId, userId, accountId, email, name, timeZone, dueAt, status, sentAt, openCount, clickCount) VALUES (?, ?, ?, ?, ?, ?, 'Europe/Berlin', ?, 'SENT', ?, 0, 0)",
    ).run(recipientId, newsletterId, customer.userId, customer.accountId, customer.email, customer.name, now, now);
    unsubscribeUrl = `${baseURL()}/email/unsubscribe/${signLinkToken(key, "unsub", [customer.userId, topic.id])}`;
    const preferencesUrl = `${baseURL()}/email/preferences/${signLinkToken(key, "prefs", [customer.userId])}`;
    db.prepare(
      "INSERT INTO OutboxMessage (id, idempotencyKey, [from], [to], subject, html, text, headers, createdAt) VALUES (?, ?, 'news@lyceum.example', ?, ?, ?, ?, ?, ?)",
    ).run(
      `e2emsg${suffix}`,
      `e2e-newsletter-${suffix}`,
      customer.email,
      `Journey digest ${suffix}`,
      `<p>Hello</p><p><a href="${unsubscribeUrl}">Unsubscribe</a> · <a href="${preferencesUrl}">Preferences</a></p>`,
      `Hello\n\nUnsubscribe: ${unsubscribeUrl}\nPreferences: ${preferencesUrl}\n`,
      JSON.stringify({ "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }),
      now,
    );
  });
  return { topic, other, subject: `Journey digest ${suffix}`, unsubscribeUrl };
}

describe("newsletter consent", () => {
  it("a customer unsubscribes from one topic signed-out, undoes it in the preference centre, then opts out of everything", async () => {
    const customer = createCustomerLogin({ timeZone: "Europe/Berlin", name: "Uma Unsub" });
    const { topic, other, subject } = sentNewsletterFor(customer);

    // The link as the email carries it: read from the outbox, as an admin would see the message.
    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await signInWithPassword(admin, "admin@lyceum.example");
    await admin.goto(`/admin/outbox?q=${encodeURIComponent(customer.email)}`);
    await admin.getByRole("link", { name: subject }).click();
    const text = (await admin.getByTestId("email-text").textContent()) ?? "";
    const unsubscribeLink = /Unsubscribe: (\S+)/.exec(text)?.[1];
    expect(unsubscribeLink).toMatch(/\/email\/unsubscribe\/unsub\./);
    await adminContext.close();

    const context = await newContext(browser, { timezoneId: "Europe/Berlin" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(unsubscribeLink!);
    await page.getByRole("heading", { name: `Unsubscribe from ${topic.name}?` }).waitFor();
    // Opening the link (as a mail scanner would) changes nothing.
    expect(preference(customer.userId, topic.id)).toBeUndefined();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: `You're unsubscribed from ${topic.name}` }).waitFor();
    expect(preference(customer.userId, topic.id)).toEqual({ subscribed: 0, source: "ONE_CLICK" });
    await expectAccessible(page);

    // The preference centre shows the choice; the person takes the topic back and adds the opt-in one.
    await page.getByRole("link", { name: "Choose your other topics" }).click();
    await page.getByRole("heading", { name: "Newsletter preferences" }).waitFor();
    await page.getByText(customer.email).waitFor();
    const mine = page.getByRole("checkbox", { name: new RegExp(topic.name) });
    const theirs = page.getByRole("checkbox", { name: new RegExp(other.name) });
    expect(await mine.isChecked()).toBe(false);
    expect(await theirs.isChecked()).toBe(false);
    await mine.check();
    await theirs.check();
    await page.getByRole("button", { name: "Save my choices" }).click();
    await page.getByText(/^Saved: you follow/).waitFor();
    expect(preference(customer.userId, topic.id)).toEqual({ subscribed: 1, source: "PREFERENCE_CENTRE" });
    expect(preference(customer.userId, other.id)).toEqual({ subscribed: 1, source: "PREFERENCE_CENTRE" });
    await expectAccessible(page);

    await page.getByRole("button", { name: "Unsubscribe from all newsletters" }).click();
    await page.getByText(/You’re unsubscribed from all newsletters, whatever the topics below say/).waitFor();
    expect(queryOne<{ source: string }>("SELECT source FROM NewsletterOptOut WHERE userId = ?", customer.userId)).toEqual({
      source: "PREFERENCE_CENTRE",
    });
    await page.getByRole("button", { name: "Receive newsletters again" }).click();
    await page.getByRole("button", { name: "Unsubscribe from all newsletters" }).waitFor();
    expect(queryOne("SELECT userId FROM NewsletterOptOut WHERE userId = ?", customer.userId)).toBeUndefined();
    await context.close();
  });

  it("a mail provider's RFC 8058 one-click POST, from its server with no Origin and no cookie, unsubscribes at once", async () => {
    const customer = createCustomerLogin({ name: "Omar One-Click" });
    const { topic, unsubscribeUrl } = sentNewsletterFor(customer);
    const response = await fetch(unsubscribeUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(200);
    expect(preference(customer.userId, topic.id)).toEqual({ subscribed: 0, source: "ONE_CLICK" });

    const forged = await fetch(
      unsubscribeUrl.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      },
    );
    expect(forged.status).toBe(404);
    // The preference centre is not exempt from the origin check: a cross-site POST there is refused.
    const crossSite = await fetch(`${baseURL()}/email/preferences/anything`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=opt-out",
    });
    expect(crossSite.status).toBe(403);
  });

  it("a publisher creates a topic and reads a send's report; an admin suppresses an address by hand", async () => {
    const customer = createCustomerLogin({ name: "Rita Report" });
    const { subject } = sentNewsletterFor(customer);
    const newsletter = queryOne<{ id: string }>("SELECT id FROM Newsletter WHERE subject = ?", subject);
    const context = await newContext(browser, { timezoneId: "America/Chicago" });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInWithPassword(page, "publisher@lyceum.example");

    const name = `Journey topic ${randomUUID().slice(0, 8)}`;
    await page.goto("/console/newsletters/topics");
    const create = page.getByRole("form", { name: "New topic" });
    await create.getByLabel("Name").fill(name);
    await create.getByLabel("Description").fill("Made by the consent journey.");
    await create.getByRole("radio", { name: /Only people who opt in/ }).check();
    await create.getByRole("button", { name: "Create topic" }).click();
    await page.getByText(`${name} created.`).waitFor();
    await page.getByRole("region", { name }).waitFor();
    await expectAccessible(page);

    await page.goto(`/console/newsletters/${newsletter.id}/report`);
    await page.getByRole("heading", { name: subject, level: 1 }).waitFor();
    await page.getByText(customer.email).waitFor();
    await expectAccessible(page);
    await page.goto("/console/newsletters/reports");
    await page.getByRole("link", { name: subject }).waitFor();
    await expectAccessible(page);
    await context.close();

    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await signInWithPassword(admin, "admin@lyceum.example");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Suppression list" }).click();
    const address = `journey-${randomUUID().slice(0, 8)}@bounce.example`;
    await admin.getByLabel("Email", { exact: true }).fill(address);
    await admin.getByRole("button", { name: "Suppress" }).click();
    await admin.getByText(`${address} added`).waitFor();
    await admin.getByRole("cell", { name: address, exact: true }).waitFor();
    await expectAccessible(admin);
    expect(queryOne<{ reason: string }>("SELECT reason FROM EmailSuppression WHERE email = ?", address)).toEqual({ reason: "MANUAL" });
    await adminContext.close();
  });
});
