import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne, sqlDate, writeRows } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const DAY = 24 * 60 * 60 * 1000;

/**
 * A CSM of the journey's own with one account slipping before renewal: red, its score down from 72 to
 * 31 in three weeks, renewing in 40 days, with two people to invite and an expert session coming up.
 * Score rows are the scoring engine's to write; here they are written straight to the database.
 */
function seedJourney() {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = (offset: number) => new Date(today + offset * DAY).toISOString().slice(0, 10);
  const stamp = sqlDate(now);
  const ids = { csm: `e2e-signals-csm-${tag}`, account: `e2e-signals-account-${tag}`, session: `e2e-signals-session-${tag}` };
  const csmEmail = `csm.${tag}@lyceum.example`;
  const accountName = `Halcyon Metals ${tag}`;
  const people = [
    { id: `e2e-signals-p1-${tag}`, name: "Noor Halcyon", email: `noor.${tag}@halcyon-${tag}.example` },
    { id: `e2e-signals-p2-${tag}`, name: "Tom Halcyon", email: `tom.${tag}@halcyon-${tag}.example` },
  ];
  writeRows((db) => {
    const { hash } = db
      .prepare("SELECT p.hash FROM Password p JOIN User u ON u.id = p.userId WHERE u.email = 'csm@lyceum.example'")
      .get() as { hash: string };
    db.prepare(
      `INSERT INTO User (id, email, name, role, timeZone, locale, emailVerifiedAt, createdAt, updatedAt)
       VALUES (?, ?, 'Jules Signal', 'CSM', 'America/Chicago', 'en-US', ?, ?, ?)`,
    ).run(ids.csm, csmEmail, stamp, stamp, stamp);
    db.prepare("INSERT INTO Password (userId, hash, updatedAt) VALUES (?, ?, ?)").run(ids.csm, hash, stamp);
    db.prepare(
      `INSERT INTO Account (id, name, plan, arrCents, currency, tier, renewalDate, timeZone, ownerCsmId, createdAt, updatedAt)
       VALUES (?, ?, 'Growth', 6400000, 'USD', 'LOW', ?, 'Europe/Berlin', ?, ?, ?)`,
    ).run(ids.account, accountName, sqlDate(new Date(today + 40 * DAY)), ids.csm, stamp, stamp);
    for (const person of people) {
      db.prepare(
        `INSERT INTO User (id, email, name, role, accountId, timeZone, locale, emailVerifiedAt, createdAt, updatedAt)
         VALUES (?, ?, ?, 'MEMBER', ?, 'Europe/Berlin', 'en-US', ?, ?, ?)`,
      ).run(person.id, person.email, person.name, ids.account, stamp, stamp, stamp);
    }
    db.prepare(
      `INSERT INTO AccountScore (accountId, score, recency, frequency, breadth, depth, reach, health, healthReasons, computedAt)
       VALUES (?, 31, 10, 20, 40, 30, 50, 'RED', ?, ?)`,
    ).run(ids.account, JSON.stringify(["No activity in 41 days"]), stamp);
    const snapshot = db.prepare("INSERT INTO HealthSnapshot (accountId, day, score, health, createdAt) VALUES (?, ?, ?, ?, ?)");
    snapshot.run(ids.account, day(-21), 72, "GREEN", stamp);
    snapshot.run(ids.account, day(-7), 45, "YELLOW", stamp);
    db.prepare(
      `INSERT INTO LiveSession (id, kind, status, title, startsAt, durationMinutes, timeZone, meetingUrl, seatCap, publishedAt, createdAt, updatedAt)
       VALUES (?, 'EXPERT', 'PUBLISHED', ?, ?, 60, 'UTC', 'https://meet.example.com/signals', 12, ?, ?, ?)`,
    ).run(ids.session, `Renewal clinic ${tag}`, sqlDate(new Date(now.getTime() + 20 * 60 * 1000)), stamp, stamp, stamp);
  });
  return { ids, csmEmail, accountName, people };
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("signals", () => {
  it("a CSM finds an at-risk account, reads why, and invites its people to the next expert session in one click", async () => {
    const { ids, csmEmail, accountName, people } = seedJourney();
    const context = await newContext(browser, { timezoneId: "America/Chicago" });
    const page = await context.newPage();
    await signInWithPassword(page, csmEmail);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Signals", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Signals" }).waitFor();
    const atRisk = page.getByRole("region", { name: "Accounts at risk" });
    const row = atRisk.getByRole("row").filter({ hasText: accountName });
    await row.getByText("Red: No activity in 41 days").waitFor();
    await row.getByText(/^Score fell 41 points since /).waitFor();
    await row.getByText("Renews in 40 days, $64,000 ARR").waitFor();
    await row.getByText("$64,000", { exact: true }).waitFor();
    await expectAccessible(page);

    const invite = row.getByRole("button", { name: /^Invite to / });
    const label = (await invite.textContent()) ?? "";
    expect(label).toMatch(/\((.+) (CST|CDT)\)$/); // the session's time in the CSM's zone
    await invite.click();
    await page.getByText(new RegExp(`^Invited 2 people at ${accountName} to `)).waitFor();

    // The worker delivers one invitation per person; each links to the session page, where they register.
    for (const person of people) {
      const email = await waitFor(
        () =>
          queryOne<{ subject: string; text: string } | undefined>(
            "SELECT subject, text FROM OutboxMessage WHERE \"to\" = ? AND template = 'session-invitation'",
            person.email,
          ),
        `the invitation to ${person.email}`,
      );
      expect(email.subject).toMatch(/^You're invited: /);
      expect(email.text).toContain("Jules Signal thought this session would help your team");
      expect(email.text).toContain("/portal/sessions/");
    }
    const note = queryOne<{ body: string }>("SELECT body FROM AccountNote WHERE accountId = ?", ids.account);
    expect(note.body).toMatch(/^Invited 2 people to .+ by Jules Signal\.$/);

    // A second click sends nobody twice.
    await row.getByRole("button", { name: /^Invite to / }).click();
    await page.getByText(/^Already invited on /).waitFor();
    const sent = queryOne<{ n: number }>(
      "SELECT COUNT(*) AS n FROM Job WHERE idempotencyKey LIKE 'email:session-invitation:%' AND idempotencyKey LIKE ?",
      `%${people[0]!.id}`,
    );
    expect(sent.n).toBe(1);
    await context.close();
  });
});
