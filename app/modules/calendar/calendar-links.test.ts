import { describe, expect, test } from "vitest";
import { googleCalendarUrl, office365CalendarUrl, outlookCalendarUrl, type CalendarLinkInput } from "./calendar-links.ts";

const session: CalendarLinkInput = {
  title: "Office hours: Q&A + roadmap",
  start: new Date("2026-03-08T14:00:00.000Z"),
  end: new Date("2026-03-08T15:30:00.000Z"),
  details: "Bring questions.\nJoin: https://meet.example.com/abc?x=1&y=2",
  location: "https://meet.example.com/abc?x=1&y=2",
};

describe("googleCalendarUrl", () => {
  test("builds the event template with UTC dates and encoded text", () => {
    const url = new URL(googleCalendarUrl(session));
    expect(url.origin + url.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      action: "TEMPLATE",
      text: "Office hours: Q&A + roadmap",
      dates: "20260308T140000Z/20260308T153000Z",
      details: "Bring questions.\nJoin: https://meet.example.com/abc?x=1&y=2",
      location: "https://meet.example.com/abc?x=1&y=2",
    });
  });

  test("encodes & and + so they cannot start or corrupt another parameter", () => {
    const raw = googleCalendarUrl(session);
    expect(raw).toContain("text=Office+hours%3A+Q%26A+%2B+roadmap");
    expect(raw).toContain("dates=20260308T140000Z%2F20260308T153000Z");
    expect(raw).not.toContain("&y=2");
  });

  test("leaves out empty details and location", () => {
    const url = new URL(googleCalendarUrl({ ...session, details: null, location: "" }));
    expect([...url.searchParams.keys()]).toEqual(["action", "text", "dates"]);
  });

  test("shortens a very long description so the link still opens", () => {
    const url = new URL(googleCalendarUrl({ ...session, details: "é".repeat(5_000) }));
    const details = url.searchParams.get("details") ?? "";
    expect(Array.from(details)).toHaveLength(1_000);
    expect(details.endsWith("…")).toBe(true);
  });
});

describe("Outlook deeplinks", () => {
  test("outlook.live.com compose link with ISO UTC times", () => {
    const url = new URL(outlookCalendarUrl(session));
    expect(url.origin + url.pathname).toBe("https://outlook.live.com/calendar/0/deeplink/compose");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      path: "/calendar/action/compose",
      rru: "addevent",
      subject: "Office hours: Q&A + roadmap",
      startdt: "2026-03-08T14:00:00Z",
      enddt: "2026-03-08T15:30:00Z",
      body: "Bring questions.\nJoin: https://meet.example.com/abc?x=1&y=2",
      location: "https://meet.example.com/abc?x=1&y=2",
    });
  });

  test("the Microsoft 365 link is the same compose link on outlook.office.com", () => {
    const live = new URL(outlookCalendarUrl(session));
    const work = new URL(office365CalendarUrl(session));
    expect(work.host).toBe("outlook.office.com");
    expect(work.search).toBe(live.search);
  });
});
