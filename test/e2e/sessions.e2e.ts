import Database from "better-sqlite3";
import ICAL from "ical.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = "Forecasting clinic (journey)";

async function customer(email: string, timezoneId = "Europe/Paris") {
  const context = await newContext(browser, { timezoneId });
  const page = await context.newPage();
  await signInWithPassword(page, email);
  return page;
}

async function openSession(page: Page) {
  await page.goto("/portal/sessions");
  await page.getByRole("link", { name: TITLE }).first().click();
  await page.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
}

/** The newest outbox message to `to` whose subject matches, read as the admin would. */
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
      };
    }
    await admin.waitForTimeout(250);
  }
  throw new Error(`no email to ${to} matching ${subject}`);
}

describe("an expert session from creation to feedback", () => {
  it("fills up, waitlists, offers a freed seat, confirms with an .ics, and takes attendance and feedback", async () => {
    const publisher = await customer("publisher@lyceum.example", "America/New_York");
    await publisher.goto("/console/sessions/new");
    await expectAccessible(publisher);
    await publisher.getByLabel("Expert session").check();
    await publisher.getByLabel("Title").fill(TITLE);
    await publisher.getByLabel("Description").fill("Bring your **forecast** and the question it does not answer yet.");
    await publisher.getByLabel("Topics").fill("forecasting, reporting");
    const start = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await publisher.getByLabel("Start date").fill(start);
    await publisher.getByLabel("Start time").fill("15:00");
    await publisher.getByLabel("Meeting link").fill("https://meet.example.com/forecasting-clinic");
    await publisher.getByLabel("Priya Raman").check();
    await publisher.getByLabel("Seat cap").fill("2");
    await publisher.getByRole("button", { name: "Create draft" }).click();
    await publisher.getByRole("button", { name: "Publish", exact: true }).click();
    await publisher
      .getByText(/published/i)
      .first()
      .waitFor();
    const session = queryOne<{ id: string; startsAt: string | number }>("SELECT id, startsAt FROM LiveSession WHERE title = ?", TITLE);

    const first = await customer("member@northwind.example");
    await openSession(first);
    await expectAccessible(first);
    await first.getByLabel(/Describe your situation/).fill("Our pipeline forecast misses by 30% every quarter.");
    await first.getByRole("button", { name: "Register" }).click();
    await first.getByText("You are registered.").waitFor();

    const second = await customer("member@globex.example", "Asia/Tokyo");
    await openSession(second);
    await second.getByLabel(/Describe your situation/).fill("We cannot split forecasts by region.");
    await second.getByRole("button", { name: "Register" }).click();
    await second.getByText("You are registered.").waitFor();

    const third = await customer("admin@northwind.example");
    await openSession(third);
    await third.getByLabel(/Describe your situation/).fill("Board wants a confidence range.");
    await third.getByRole("button", { name: "Join the waitlist" }).click();
    await third.getByText("so you are on the waitlist").waitFor();
    expect(
      queryOne<{ status: string }>(
        "SELECT r.status FROM Registration r JOIN User u ON u.id = r.userId WHERE u.email = 'admin@northwind.example' AND r.sessionId = ?",
        session.id,
      ).status,
    ).toBe("WAITLISTED");

    await first.getByRole("button", { name: "Cancel my registration" }).click();
    await first.getByText("Your registration is cancelled").waitFor();

    const admin = await customer("admin@lyceum.example");
    const offer = await readOutbox(admin, "admin@northwind.example", /seat/i);
    const claimLink = offer.text.match(/https?:\/\/\S+\/offers\/[a-z2-7]+/)?.[0];
    expect(claimLink, "claim link in the offer email").toBeTruthy();
    await third.goto(claimLink!);
    await third.getByRole("button", { name: "Claim my seat" }).click();
    await third.getByText("Your seat is confirmed").waitFor();

    // The confirmation is rendered by the worker after the claim: wait for it by its own subject, not
    // for whichever email about this session is newest (the offer may still be).
    const confirmation = await readOutbox(admin, "admin@northwind.example", new RegExp(`Confirmed: ${TITLE.replace(/[()]/g, "\\$&")}`));
    expect(confirmation.text).toMatch(/\/join\/[a-z2-7]+/);
    const calendar = new ICAL.Component(ICAL.parse(confirmation.ics));
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    const event = calendar.getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("uid")).toBe(`session-${session.id}@localhost`);
    expect(Number(event.getFirstPropertyValue("sequence"))).toBe(0);
    const dtstart = (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate();
    expect(dtstart.getTime()).toBe(new Date(session.startsAt).getTime());

    // Time travel: the session took place. The host marks attendance; the attendee gives feedback.
    const db = new Database(inject("databaseFile"));
    db.prepare("UPDATE LiveSession SET startsAt = ? WHERE id = ?").run(new Date(Date.now() - 2 * 3_600_000).toISOString(), session.id);
    db.close();
    await publisher.goto(`/console/sessions/${session.id}`);
    await publisher.getByRole("button", { name: "Mark attended: Greta Holm" }).click();
    await expect
      .poll(
        () =>
          queryOne<{ attendance: string }>(
            "SELECT r.attendance FROM Registration r JOIN User u ON u.id = r.userId WHERE u.email = 'member@globex.example' AND r.sessionId = ?",
            session.id,
          ).attendance,
        { timeout: 10_000 },
      )
      .toBe("ATTENDED");

    const code = queryOne<{ joinCode: string }>(
      "SELECT r.joinCode FROM Registration r JOIN User u ON u.id = r.userId WHERE u.email = 'member@globex.example' AND r.sessionId = ?",
      session.id,
    ).joinCode;
    await second.goto(`/feedback/${code}`);
    await expectAccessible(second);
    await second.getByText("Excellent").click();
    await second.getByLabel(/Anything we should know/).fill("Exactly what we needed.");
    await second.getByRole("button", { name: "Send feedback" }).click();
    await second.getByText("Thank you").waitFor();
    expect(queryOne<{ score: number }>("SELECT score FROM SessionFeedback WHERE sessionId = ?", session.id).score).toBe(5);
  });
});
