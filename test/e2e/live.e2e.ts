import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { baseURL, expectAccessible, launchBrowser, newContext, signInWithPassword } from "./browser.ts";
import { queryOne } from "./db.ts";
import { wallClockAt } from "~/utils/zoned-time.ts";

let browser: Browser;
let tmpDir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "lyceum-live-e2e-"));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

const MINUTE = 60_000;
// The live pages reload their data every 3 s (LIVE_REFRESH_MS); a few beats is plenty.
const POLLED = { timeout: 15_000 };

async function signedIn(email: string, options: { timezoneId?: string; javaScriptEnabled?: boolean } = {}) {
  const context =
    options.javaScriptEnabled === false
      ? await browser.newContext({ baseURL: baseURL(), timezoneId: options.timezoneId ?? "UTC", javaScriptEnabled: false })
      : await newContext(browser, { timezoneId: options.timezoneId ?? "Europe/Paris" });
  const page = await context.newPage();
  await signInWithPassword(page, email);
  return page;
}

/** The publisher creates and publishes an uncapped webinar through the editor; returns its id. */
async function publishWebinar(publisher: Page, title: string) {
  await publisher.goto("/console/sessions/new");
  await publisher.getByRole("radio", { name: /^Webinar/ }).check();
  await publisher.getByLabel("Title").fill(title);
  await publisher.getByLabel("Description").fill("Bring your questions.");
  const start = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await publisher.getByLabel("Start date").fill(start);
  await publisher.getByLabel("Start time").fill("15:00");
  await publisher.getByLabel("Duration (minutes)").fill("60");
  await publisher.getByLabel("Meeting link").fill("https://meet.example.com/live-journey");
  await publisher.getByLabel("Priya Raman").check();
  await publisher.getByRole("button", { name: "Create draft" }).click();
  await publisher.getByRole("button", { name: "Publish", exact: true }).click();
  await publisher
    .getByText(/published/i)
    .first()
    .waitFor();
  return queryOne<{ id: string }>("SELECT id FROM LiveSession WHERE title = ?", title).id;
}

async function register(page: Page, sessionId: string) {
  await page.goto(`/portal/sessions/${sessionId}`);
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await page.getByText("You are registered.").waitFor();
}

/** Time travel: moves the session's start, written in the same form the app stores dates in. */
function moveStart(sessionId: string, startsAt: Date) {
  const stored = queryOne<{ kind: string }>("SELECT typeof(startsAt) AS kind FROM LiveSession WHERE id = ?", sessionId).kind;
  const db = new Database(inject("databaseFile"));
  try {
    db.prepare("UPDATE LiveSession SET startsAt = ? WHERE id = ?").run(
      stored === "integer" ? startsAt.getTime() : startsAt.toISOString(),
      sessionId,
    );
  } finally {
    db.close();
  }
}

/**
 * A mark on the page's window: a reload or document navigation wipes it, so finding it again later
 * proves that what changed on screen arrived through the page's own polling.
 */
async function markDocument(page: Page) {
  await page.evaluate(() => Object.assign(window, { __lyceumJourneyMark: "same document" }));
}

async function expectSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __lyceumJourneyMark?: string }).__lyceumJourneyMark)).toBe("same document");
}

const attendeeQuestion = (page: Page, body: string) =>
  page.getByRole("list", { name: "Questions, most upvoted first" }).getByRole("listitem").filter({ hasText: body });
const hostQuestion = (page: Page, body: string) =>
  page.getByRole("table", { name: "Questions, most upvoted first" }).getByRole("row").filter({ hasText: body });
/** The publisher's list item for one poll (its results are a nested list without the poll's question). */
const hostPoll = (page: Page, question: string) => page.getByRole("listitem").filter({ has: page.getByText(question, { exact: true }) });
const resultLine = (scope: Page | Locator, label: string) =>
  scope.getByRole("list", { name: "Results" }).getByRole("listitem").filter({ hasText: label });
const text = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, " ").trim();

describe("live Q&A and polls, across attendees and the host", () => {
  it("updates questions, upvotes, answers and poll results on every open page without a reload", async () => {
    const TITLE = "Pipeline hygiene AMA (live journey)";
    const QUESTION = "How do we keep stale opportunities out of the forecast?";
    const POLL = "Which report do you open first on Monday?";
    const DRAFT = "Can the forecast be split by region?";

    const publisher = await signedIn("publisher@lyceum.example", { timezoneId: "America/New_York" });
    const sessionId = await publishWebinar(publisher, TITLE);

    const asker = await signedIn("member@northwind.example");
    const voter = await signedIn("member@globex.example", { timezoneId: "Asia/Tokyo" });
    // No JavaScript: this page never polls, so it still shows the poll's form once the poll has closed.
    const late = await signedIn("admin@northwind.example", { javaScriptEnabled: false });
    for (const page of [asker, voter, late]) await register(page, sessionId);

    // The session is under way.
    moveStart(sessionId, new Date(Date.now() - 5 * MINUTE));

    await asker.goto(`/portal/sessions/${sessionId}`);
    await asker.getByRole("link", { name: "Questions and polls" }).click();
    await asker.getByRole("heading", { name: `Q&A and polls: ${TITLE}`, level: 1 }).waitFor();
    await asker.getByText("Live now", { exact: true }).waitFor();
    await voter.goto(`/portal/sessions/${sessionId}/live`);
    await voter.getByText("No questions yet").waitFor();
    await publisher.goto(`/console/sessions/${sessionId}`);
    await publisher.getByRole("link", { name: "Live Q&A and polls" }).click();
    await publisher.getByRole("heading", { name: `Live Q&A and polls: ${TITLE}`, level: 1 }).waitFor();
    for (const page of [asker, voter, publisher]) await markDocument(page);

    // The second attendee is halfway through writing a question of their own meanwhile.
    await voter.getByLabel("Ask a question").fill(DRAFT);

    // A question, seen by another attendee, upvoted, seen by the host with its vote.
    await asker.getByLabel("Ask a question").fill(QUESTION);
    await asker.getByRole("button", { name: "Ask", exact: true }).click();
    await attendeeQuestion(asker, QUESTION).getByText("Your question").waitFor();
    expect(await asker.getByLabel("Ask a question").inputValue()).toBe("");

    await attendeeQuestion(voter, QUESTION).waitFor(POLLED);
    // Other attendees see the question without its author, and the refresh kept the half-written draft.
    expect(await text(attendeeQuestion(voter, QUESTION))).not.toMatch(/Mateo|Northwind|Your question/);
    expect(await voter.getByLabel("Ask a question").inputValue()).toBe(DRAFT);
    await voter.getByRole("button", { name: `Upvote: ${QUESTION} (0 votes)` }).click();
    await attendeeQuestion(voter, QUESTION).getByText("Upvoted", { exact: true }).waitFor();
    expect(await text(attendeeQuestion(voter, QUESTION))).toMatch(/^1 vote/);
    expect(await voter.getByLabel("Ask a question").inputValue()).toBe(DRAFT);
    await voter.getByRole("button", { name: "Ask", exact: true }).click();
    await attendeeQuestion(voter, DRAFT).getByText("Your question").waitFor();
    await expectSameDocument(voter);

    const row = hostQuestion(publisher, QUESTION);
    await row.waitFor(POLLED);
    expect(await text(row)).toContain("Mateo Alvarez (Northwind Analytics)");
    await expect.poll(() => text(row.getByRole("cell").first()), POLLED).toBe("1");
    // Most upvoted first.
    await hostQuestion(publisher, DRAFT).waitFor(POLLED);
    const bodies = await publisher
      .getByRole("table", { name: "Questions, most upvoted first" })
      .locator("tbody tr td:nth-child(2)")
      .allInnerTexts();
    expect(bodies).toEqual([QUESTION, DRAFT]);
    await expectSameDocument(publisher);
    expect(
      queryOne<{ votes: number }>(
        "SELECT COUNT(*) AS votes FROM QuestionVote v JOIN SessionQuestion q ON q.id = v.questionId WHERE q.sessionId = ?",
        sessionId,
      ).votes,
    ).toBe(1);
    await expectAccessible(publisher);

    await row.getByRole("button", { name: "Mark answered" }).click();
    await row.getByText("Answered", { exact: true }).waitFor();
    await publisher.getByRole("heading", { name: "Questions · 1 open of 2" }).waitFor();
    await attendeeQuestion(asker, QUESTION).getByText("Answered", { exact: true }).waitFor(POLLED);
    expect(await text(attendeeQuestion(asker, QUESTION))).toMatch(/^1 vote/);
    await expectSameDocument(asker);
    expect(
      queryOne<{ answeredAt: string | number | null }>(
        "SELECT answeredAt FROM SessionQuestion WHERE sessionId = ? AND body = ?",
        sessionId,
        QUESTION,
      ).answeredAt,
    ).not.toBeNull();

    // A poll: drafted, opened, voted on, and closed.
    await publisher.getByLabel("Question", { exact: true }).fill(POLL);
    await publisher.getByLabel("Option 1", { exact: true }).fill("Pipeline by stage");
    await publisher.getByLabel("Option 2", { exact: true }).fill("Win rate by rep");
    await publisher.getByLabel("Option 3", { exact: true }).fill("Forecast vs. target");
    await publisher.getByRole("button", { name: "Save poll as draft" }).click();
    const poll = hostPoll(publisher, POLL);
    await poll.getByText("Draft", { exact: true }).waitFor();
    await poll.getByRole("button", { name: "Open poll" }).click();
    await poll.getByText("Open", { exact: true }).waitFor();

    await asker.getByRole("group", { name: POLL }).waitFor(POLLED);
    await expectAccessible(asker);
    await asker.getByRole("radio", { name: "Win rate by rep" }).check();
    await asker.getByRole("button", { name: "Vote", exact: true }).click();
    await resultLine(asker, "Win rate by rep").getByText("Your vote").waitFor();
    await expectSameDocument(asker);

    await expect.poll(() => text(resultLine(poll, "Win rate by rep")), POLLED).toMatch(/1 vote · 100%$/);
    expect(await text(resultLine(poll, "Pipeline by stage"))).toMatch(/0 votes · 0%$/);
    expect(await text(poll)).toContain("1 vote in total");
    await expectSameDocument(publisher);
    await expectAccessible(publisher);

    // The other two attendees have the poll's form in front of them when the host closes it.
    await voter.getByRole("group", { name: POLL }).waitFor(POLLED);
    await late.goto(`/portal/sessions/${sessionId}/live`);
    await late.getByRole("group", { name: POLL }).waitFor();
    await poll.getByRole("button", { name: "Close poll" }).click();
    await poll.getByText("Closed", { exact: true }).waitFor();
    await poll.getByRole("button", { name: "Reopen poll" }).waitFor();

    // The polling page takes the form away and shows the final results…
    await voter.getByText("No poll is open").waitFor(POLLED);
    expect(await voter.getByRole("group", { name: POLL }).count()).toBe(0);
    expect(await text(resultLine(voter.getByRole("region", { name: "Earlier polls" }), "Win rate by rep"))).toMatch(/1 vote · 100%$/);
    await expectSameDocument(voter);
    // …and a vote sent from a page that never heard of the closing is refused by the server.
    await late.getByRole("radio", { name: "Pipeline by stage" }).check();
    await late.getByRole("button", { name: "Vote", exact: true }).click();
    await late.getByText("This poll has closed. Its results are below.").waitFor();
    expect(await text(resultLine(late.getByRole("region", { name: "Earlier polls" }), "Win rate by rep"))).toMatch(/1 vote · 100%$/);
    const pollRow = queryOne<{ status: string; votes: number }>(
      "SELECT p.status, (SELECT COUNT(*) FROM PollVote v WHERE v.pollId = p.id) AS votes FROM Poll p WHERE p.sessionId = ?",
      sessionId,
    );
    expect(pollRow).toEqual({ status: "CLOSED", votes: 1 });
  }, 120_000);
});

const pad = (value: number) => String(value).padStart(2, "0");

/** "03/14/2026 09:05:00 AM" in `timeZone`: how Zoom's participant report writes times, without a zone. */
function zoomTime(date: Date, timeZone: string) {
  const { year, month, day, hour, minute, second } = wallClockAt(date.getTime(), timeZone);
  return `${pad(month)}/${pad(day)}/${year} ${pad(hour % 12 || 12)}:${pad(minute)}:${pad(second)} ${hour < 12 ? "AM" : "PM"}`;
}

type RegistrationRow = { attendance: string; minutesAttended: number | null; joinedAt: string | number | null };

function registrationOf(sessionId: string, email: string) {
  return queryOne<RegistrationRow>(
    "SELECT r.attendance, r.minutesAttended, r.joinedAt FROM Registration r JOIN User u ON u.id = r.userId WHERE u.email = ? AND r.sessionId = ?",
    email,
    sessionId,
  );
}

describe("attendance from a meeting provider's participant report", () => {
  it("marks registrants as attended with their minutes, reports strangers, and the host sheet shows it", async () => {
    const TITLE = "Renewal playbook webinar (attendance journey)";
    const publisher = await signedIn("publisher@lyceum.example", { timezoneId: "America/New_York" });
    const sessionId = await publishWebinar(publisher, TITLE);
    for (const email of ["member@northwind.example", "member@globex.example", "admin@northwind.example"]) {
      const page = await signedIn(email);
      await register(page, sessionId);
      await page.context().close();
    }

    // The session took place two hours ago, on a whole minute like a real schedule.
    const start = new Date(Math.floor((Date.now() - 2 * 60 * MINUTE) / MINUTE) * MINUTE);
    moveStart(sessionId, start);
    const { timeZone } = queryOne<{ timeZone: string }>("SELECT timeZone FROM LiveSession WHERE id = ?", sessionId);
    const at = (minutes: number) => zoomTime(new Date(start.getTime() + minutes * MINUTE), timeZone);
    // Mateo rejoined (two rows, one with his email in capitals), Greta came early, a guest came
    // without registering, someone dialled in without an email, and Nora never showed up.
    const csv = [
      "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
      `Mateo Alvarez,member@northwind.example,${at(2)},${at(30)},28,No`,
      `Greta Holm,member@globex.example,${at(-3)},${at(57)},60,No`,
      `Mateo Alvarez,MEMBER@Northwind.example,${at(35)},${at(60)},25,No`,
      `Walk-in Guest,walk-in@contoso.example,${at(10)},${at(40)},30,Yes`,
      `+1 555 0100,,${at(5)},${at(20)},15,Yes`,
    ].join("\r\n");
    const file = path.join(tmpDir, "participants_84512345678.csv");
    fs.writeFileSync(file, `\uFEFF${csv}\r\n`);

    await publisher.goto(`/console/sessions/${sessionId}`);
    await publisher.getByRole("link", { name: "Import attendance" }).click();
    await publisher.getByRole("heading", { name: `Import attendance: ${TITLE}`, level: 1 }).waitFor();
    await publisher.getByLabel("Participant report (CSV)").setInputFiles(file);
    await publisher.getByLabel(/Mark the rest as no-show/).check();
    await publisher.getByRole("button", { name: "Import attendance" }).click();
    await publisher.getByText("Attendance imported: 2 registrants marked as attended.").waitFor();

    const figure = async (label: string) =>
      text(
        publisher
          .locator("dl > div")
          .filter({ has: publisher.getByText(label, { exact: true }) })
          .locator("dd"),
      );
    expect(await figure("Marked as attended")).toBe("2");
    expect(await figure("Not registered")).toBe("1");
    expect(await figure("Marked as no-show")).toBe("1");
    expect(await figure("Rows skipped (no email)")).toBe("1");

    const matched = publisher.getByRole("table", { name: "Registrants marked as attended" }).locator("tbody tr");
    expect(await matched.allInnerTexts().then((rows) => rows.map((row) => row.replace(/\s+/g, " ").trim()))).toEqual([
      "Greta Holm member@globex.example 60",
      "Mateo Alvarez member@northwind.example 53",
    ]);
    // The stranger is listed, not silently dropped and not added.
    const strangers = publisher.getByRole("table", { name: "In the report but not registered (not added)" }).locator("tbody tr");
    expect(await strangers.allInnerTexts().then((rows) => rows.map((row) => row.replace(/\s+/g, " ").trim()))).toEqual([
      "walk-in@contoso.example 30",
    ]);
    await publisher.getByText(/The file had 5 rows/).waitFor();
    await publisher.getByText(/1 row had no email address/).waitFor();
    await expectAccessible(publisher);

    const iso = (value: string | number | null) => (value === null ? null : new Date(value).toISOString());
    const mateo = registrationOf(sessionId, "member@northwind.example");
    expect({ ...mateo, joinedAt: iso(mateo.joinedAt) }).toEqual({
      attendance: "ATTENDED",
      minutesAttended: 53,
      joinedAt: new Date(start.getTime() + 2 * MINUTE).toISOString(),
    });
    const greta = registrationOf(sessionId, "member@globex.example");
    expect({ ...greta, joinedAt: iso(greta.joinedAt) }).toEqual({
      attendance: "ATTENDED",
      minutesAttended: 60,
      joinedAt: new Date(start.getTime() - 3 * MINUTE).toISOString(),
    });
    expect(registrationOf(sessionId, "admin@northwind.example")).toEqual({ attendance: "NO_SHOW", minutesAttended: null, joinedAt: null });
    expect(queryOne<{ n: number }>("SELECT COUNT(*) AS n FROM User WHERE email = 'walk-in@contoso.example'").n).toBe(0);
    expect(queryOne<{ n: number }>("SELECT COUNT(*) AS n FROM Registration WHERE sessionId = ?", sessionId).n).toBe(3);

    // The host's sheet shows the registrants as attended, with their minutes.
    await publisher.getByRole("link", { name: "Back to the session" }).click();
    await publisher.getByRole("heading", { name: TITLE, level: 1 }).waitFor();
    await publisher.getByRole("heading", { name: "Attendance · 2 of 2 accounts present" }).waitFor();
    const attendance = publisher.getByRole("table", { name: `Attendance at ${TITLE}` });
    const sheetRow = async (email: string) => {
      // The person is the row's header; the cells are attendance, joined, minutes and the mark buttons.
      const cells = await attendance.getByRole("row").filter({ hasText: email }).getByRole("cell").allInnerTexts();
      return cells.slice(0, 3).map((cell) => cell.trim());
    };
    const [mateoRow, gretaRow, noraRow] = await Promise.all([
      sheetRow("member@northwind.example"),
      sheetRow("member@globex.example"),
      sheetRow("admin@northwind.example"),
    ]);
    expect([mateoRow[0], mateoRow[2]]).toEqual(["Attended", "53"]);
    expect(mateoRow[1]).not.toBe("—");
    expect([gretaRow[0], gretaRow[2]]).toEqual(["Attended", "60"]);
    expect(noraRow).toEqual(["No-show", "—", "—"]);

    // Importing the same report again changes nothing.
    await publisher.getByRole("link", { name: "Import attendance" }).click();
    await publisher.getByLabel("Participant report (CSV)").setInputFiles(file);
    await publisher.getByRole("button", { name: "Import attendance" }).click();
    await publisher.getByText("Attendance imported: 2 registrants marked as attended.").waitFor();
    expect(registrationOf(sessionId, "member@northwind.example").minutesAttended).toBe(53);
    expect(registrationOf(sessionId, "admin@northwind.example").attendance).toBe("NO_SHOW");
    expect(
      queryOne<{ n: number }>("SELECT COUNT(*) AS n FROM EngagementEvent WHERE subjectId = ? AND kind = 'session.attended'", sessionId).n,
    ).toBe(2);
  });
});
