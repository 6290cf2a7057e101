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

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * A customer account of the journey's own, owned by the demo CSM, whose booker attended a session and
 * watched a video, and who booked an hour with the CSM that started two hours ago. Written straight to
 * the database: no screen books an hour in the past.
 */
function seedJourney() {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const now = Date.now();
  const sam = queryOne<{ id: string }>("SELECT id FROM User WHERE email = 'csm@lyceum.example'");
  const video = queryOne<{ id: string }>("SELECT id FROM ContentItem WHERE slug = 'workspace-tour'");
  const today = new Date(now);
  const renewal = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 45));
  const ids = {
    account: `e2e-brief-account-${tag}`,
    booker: `e2e-brief-booker-${tag}`,
    session: `e2e-brief-session-${tag}`,
    booking: `e2e-brief-booking-${tag}`,
    offering: `e2e-brief-offering-${tag}`,
  };
  const account = { name: `Brightline Freight ${tag}`, email: `priya.${tag}@brightline-${tag}.example` };
  const stamp = sqlDate(new Date(now));
  writeRows((db) => {
    db.prepare(
      `INSERT INTO Offering (id, slug, title, durationMinutes, hoursCost, refundCutoffHours, active, createdAt, updatedAt)
       VALUES (?, 'csm-hour', 'One hour with a CSM', 60, 1, 24, 1, ?, ?) ON CONFLICT (slug) DO NOTHING`,
    ).run(ids.offering, stamp, stamp);
    const offering = db.prepare("SELECT id FROM Offering WHERE slug = 'csm-hour'").get() as { id: string };
    db.prepare(
      `INSERT INTO Account (id, name, plan, arrCents, currency, tier, renewalDate, timeZone, ownerCsmId, createdAt, updatedAt)
       VALUES (?, ?, 'Enterprise', 18500000, 'USD', 'HIGH', ?, 'Europe/Berlin', ?, ?, ?)`,
    ).run(ids.account, account.name, sqlDate(renewal), sam.id, stamp, stamp);
    db.prepare(
      `INSERT INTO User (id, email, name, role, accountId, timeZone, locale, emailVerifiedAt, createdAt, updatedAt)
       VALUES (?, ?, 'Priya Brief', 'ACCOUNT_ADMIN', ?, 'Europe/Berlin', 'en-US', ?, ?, ?)`,
    ).run(ids.booker, account.email, ids.account, stamp, stamp, stamp);
    const sessionStart = sqlDate(new Date(now - 10 * DAY));
    db.prepare(
      `INSERT INTO LiveSession (id, kind, status, title, startsAt, durationMinutes, timeZone, meetingUrl, seatsTaken, publishedAt, createdAt, updatedAt)
       VALUES (?, 'WEBINAR', 'PUBLISHED', 'Automating your weekly report', ?, 60, 'UTC', 'https://meet.example.com/brief', 1, ?, ?, ?)`,
    ).run(ids.session, sessionStart, stamp, stamp, stamp);
    db.prepare(
      `INSERT INTO Registration (id, sessionId, userId, accountId, status, joinCode, attendance, minutesAttended, registeredAt, updatedAt)
       VALUES (?, ?, ?, ?, 'CONFIRMED', ?, 'ATTENDED', 42, ?, ?)`,
    ).run(`e2e-brief-registration-${tag}`, ids.session, ids.booker, ids.account, `e2e-brief-${tag}`, stamp, stamp);
    db.prepare(
      `INSERT INTO ContentProgress (userId, contentId, accountId, positionSeconds, durationSeconds, watchedSeconds, percent, opens, firstSeenAt, lastSeenAt)
       VALUES (?, ?, ?, 18, 24, 18, 75, 1, ?, ?)`,
    ).run(ids.booker, video.id, ids.account, sqlDate(new Date(now - 4 * DAY)), sqlDate(new Date(now - 4 * DAY)));
    const event = db.prepare(
      `INSERT INTO EngagementEvent (id, accountId, userId, kind, subjectType, subjectId, occurredAt, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    event.run(`e2e-brief-e1-${tag}`, ids.account, ids.booker, "session.attended", "session", ids.session, sessionStart, stamp);
    event.run(
      `e2e-brief-e2-${tag}`,
      ids.account,
      ids.booker,
      "video.watched",
      "content",
      video.id,
      sqlDate(new Date(now - 4 * DAY)),
      stamp,
    );
    db.prepare(
      `INSERT INTO CsmBooking (id, offeringId, csmId, accountId, bookedById, status, startsAt, endsAt, timeZone, purpose, answers, drawsHours, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, 'CONFIRMED', ?, ?, 'Europe/Berlin', ?, '{}', 0, ?, ?)`,
    ).run(
      ids.booking,
      offering.id,
      sam.id,
      ids.account,
      ids.booker,
      // To the millisecond of this run, so no two journeys share the CSM's (csmId, startsAt) key.
      sqlDate(new Date(now - 2 * HOUR)),
      sqlDate(new Date(now - HOUR)),
      "We want our weekly report to build itself before the board meeting in March.",
      sqlDate(new Date(now - 3 * DAY)),
      stamp,
    );
  });
  return { ids, account };
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

describe("the CSM's side of a booked hour", () => {
  it("the CSM opens the brief of an hour to close, marks it completed, writes a note and sends a follow-up that lands in the outbox", async () => {
    const { ids, account } = seedJourney();
    const context = await newContext(browser, { timezoneId: "America/Chicago" });
    const page = await context.newPage();
    await signInWithPassword(page, "csm@lyceum.example");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Booked hours", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Booked hours" }).waitFor();
    const toClose = page.getByRole("region", { name: "Past hours waiting for an outcome, newest first" });
    const row = toClose.getByRole("row").filter({ hasText: account.name });
    await row.getByText("To close").waitFor();
    await expectAccessible(page);
    await row.getByRole("link").click();

    // The brief: what they wrote, the account's money and renewal, what they attended and watched.
    await page.getByRole("heading", { level: 1, name: `Brief: ${account.name}` }).waitFor();
    await page.getByText("We want our weekly report to build itself before the board meeting in March.").waitFor();
    const facts = page.getByRole("region", { name: "Account" });
    await facts.getByText("High touch").waitFor();
    await facts.getByText("$185,000").waitFor();
    await facts.getByText(/^renews in 4[4-6] days$/).waitFor();
    await facts.getByText("Sam Okafor").waitFor();
    const who = page.getByRole("region", { name: "Who booked" });
    await who.getByText("Priya Brief").waitFor();
    await who.getByText("Europe/Berlin").waitFor();
    const activity = page.getByRole("region", { name: "What they did lately" });
    await activity.getByText("Attended 1 session and watched 1 video.").first().waitFor();
    await activity.getByRole("listitem").filter({ hasText: "Automating your weekly report" }).getByText("Attended (42 min)").waitFor();
    await activity.getByRole("listitem").filter({ hasText: "Workspace tour (sample video)" }).getByText("Watched 75%").waitFor();
    await expectAccessible(page);

    // After the call: the outcome, once.
    const outcome = page.getByRole("region", { name: "Outcome" });
    await outcome.getByRole("button", { name: "Mark completed" }).click();
    await outcome.getByText(/^Marked completed\./).waitFor();
    expect(await outcome.getByRole("button", { name: "Mark completed" }).count()).toBe(0);
    expect(queryOne<{ status: string }>("SELECT status FROM CsmBooking WHERE id = ?", ids.booking).status).toBe("COMPLETED");
    expect(
      queryOne<{ n: number }>("SELECT COUNT(*) AS n FROM EngagementEvent WHERE kind = 'csm_hour.attended' AND subjectId = ?", ids.booking)
        .n,
    ).toBe(1);

    // A private note, tied to this hour.
    const notes = page.getByRole("region", { name: "Private notes" });
    await notes.getByLabel("Private note", { exact: true }).fill("Wants the weekly report automated before the March board meeting.");
    await notes.getByRole("button", { name: "Save note" }).click();
    await notes.getByText("Note saved. Only staff can read it.").waitFor();
    await notes.getByRole("list", { name: "Notes on the account, newest first" }).getByText("Wants the weekly report automated").waitFor();

    // The follow-up: one recommended item found by searching, and a personal message.
    const followUp = page.getByRole("region", { name: "Follow-up email" });
    await followUp.getByLabel("Search the library", { exact: true }).fill("business review");
    await followUp.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\?q=business\+review/);
    await followUp.getByLabel("Preparing for your quarterly business review").check();
    await followUp.getByLabel("Personal message (optional)").fill("Bring last quarter's numbers and we will build the report together.");
    await followUp.getByRole("button", { name: "Send follow-up" }).click();
    await followUp.getByText(`Follow-up with 1 recommended item queued to Priya Brief (${account.email}).`).waitFor();
    await expectAccessible(page);

    const email = await waitFor(
      () =>
        queryOne<{ subject: string; text: string; html: string } | undefined>(
          "SELECT subject, text, html FROM OutboxMessage WHERE \"to\" = ? AND template = 'csm-hour-follow-up'",
          account.email,
        ),
      "the follow-up in the outbox",
    );
    expect(email.subject).toBe("Following up on your hour with Sam Okafor");
    const link = `${baseURL()}/portal/library/preparing-for-your-business-review`;
    expect(email.html).toContain(`href="${link}"`);
    expect(email.text).toContain("Bring last quarter's numbers and we will build the report together.");

    // Sent once: the page now says so instead of offering the form again.
    await page.reload();
    await page
      .getByRole("region", { name: "Follow-up email" })
      .getByText(/^Sent to Priya Brief on /)
      .waitFor();
    await context.close();
  });

  it("works without JavaScript, and another CSM's brief is not found", async () => {
    const { ids, account } = seedJourney();
    const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill("csm@lyceum.example");
    await page.getByLabel("Password", { exact: true }).fill("lyceum-demo-2026");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));

    await page.goto(`/console/bookings/${ids.booking}`);
    await page.getByRole("heading", { level: 1, name: `Brief: ${account.name}` }).waitFor();
    const notes = page.getByRole("region", { name: "Private notes" });
    await notes.getByRole("button", { name: "Save note" }).click();
    await notes.getByText("Write the note first").waitFor();
    await notes.getByLabel("Private note", { exact: true }).fill("Prep without JavaScript.");
    await notes.getByRole("button", { name: "Save note" }).click();
    await notes.getByText("Note saved. Only staff can read it.").waitFor();
    await page.getByRole("region", { name: "Outcome" }).getByRole("button", { name: "Mark no-show" }).click();
    await page.getByText(/^Marked as a no-show\./).waitFor();
    expect(queryOne<{ status: string }>("SELECT status FROM CsmBooking WHERE id = ?", ids.booking).status).toBe("NO_SHOW");
    await context.close();

    const otherCsm = queryOne<{ email: string }>(
      "SELECT email FROM User WHERE role = 'CSM' AND email <> 'csm@lyceum.example' ORDER BY email LIMIT 1",
    );
    const other = await newContext(browser);
    const otherPage = await other.newPage();
    await signInWithPassword(otherPage, otherCsm.email);
    const response = await otherPage.goto(`/console/bookings/${ids.booking}`);
    expect(response?.status()).toBe(404);
    await other.close();
  });
});
