import { describe, expect, it } from "vitest";
import {
  activityInWords,
  activityPhrases,
  bookingPhase,
  daysInWords,
  daysUntil,
  excerpt,
  followUpRefusal,
  markRefusal,
  parseAnswers,
  progressInWords,
  registrationInWords,
  relativeTime,
  renewalInWords,
  renewalIsNear,
} from "./brief.ts";
import { FollowUpSchema, MarkSchema, NoteSchema } from "./brief.schema.ts";

const NOW = new Date("2026-03-10T15:00:00Z");
const at = (iso: string) => new Date(iso);

describe("bookingPhase", () => {
  const hour = (start: string, end: string, status: "CONFIRMED" | "COMPLETED" | "NO_SHOW" | "CANCELLED" = "CONFIRMED") => ({
    status,
    startsAt: at(start),
    endsAt: at(end),
  });

  it("tells upcoming, in progress and to close apart by the clock, for a confirmed hour", () => {
    expect(bookingPhase(hour("2026-03-10T16:00:00Z", "2026-03-10T17:00:00Z"), NOW)).toBe("upcoming");
    expect(bookingPhase(hour("2026-03-10T15:00:00Z", "2026-03-10T16:00:00Z"), NOW)).toBe("in-progress");
    expect(bookingPhase(hour("2026-03-10T14:30:00Z", "2026-03-10T15:30:00Z"), NOW)).toBe("in-progress");
    // The end has passed (exactly now counts as over): it needs an outcome.
    expect(bookingPhase(hour("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z"), NOW)).toBe("to-close");
  });

  it("follows the recorded outcome whatever the clock says", () => {
    expect(bookingPhase(hour("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z", "COMPLETED"), NOW)).toBe("completed");
    expect(bookingPhase(hour("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z", "NO_SHOW"), NOW)).toBe("no-show");
    expect(bookingPhase(hour("2026-03-11T14:00:00Z", "2026-03-11T15:00:00Z", "CANCELLED"), NOW)).toBe("cancelled");
  });
});

describe("markRefusal", () => {
  it("lets a confirmed hour be marked from its start, not before", () => {
    expect(markRefusal({ status: "CONFIRMED", startsAt: NOW }, NOW, "x")).toBeNull();
    expect(markRefusal({ status: "CONFIRMED", startsAt: at("2026-03-10T14:00:00Z") }, NOW, "x")).toBeNull();
    expect(markRefusal({ status: "CONFIRMED", startsAt: at("2026-03-10T15:01:00Z") }, NOW, "Mar 10, 2026, 10:01 AM CDT")).toBe(
      "This hour starts Mar 10, 2026, 10:01 AM CDT. Mark it completed or a no-show once it has started.",
    );
  });

  it("refuses a second outcome and a cancelled hour, saying why", () => {
    expect(markRefusal({ status: "COMPLETED", startsAt: NOW }, NOW, "x")).toMatch(/already marked completed/);
    expect(markRefusal({ status: "NO_SHOW", startsAt: NOW }, NOW, "x")).toMatch(/already marked as a no-show/);
    expect(markRefusal({ status: "CANCELLED", startsAt: NOW }, NOW, "x")).toMatch(/cancelled/);
  });
});

describe("followUpRefusal", () => {
  it("allows one follow-up once the outcome is recorded", () => {
    expect(followUpRefusal({ status: "COMPLETED", followUpSentAt: null })).toBeNull();
    expect(followUpRefusal({ status: "NO_SHOW", followUpSentAt: null })).toBeNull();
    expect(followUpRefusal({ status: "CONFIRMED", followUpSentAt: null })).toMatch(/^Mark the hour completed or a no-show first/);
    expect(followUpRefusal({ status: "CANCELLED", followUpSentAt: null })).toMatch(/cancelled/);
    expect(followUpRefusal({ status: "COMPLETED", followUpSentAt: NOW }, "Mar 10")).toBe(
      "The follow-up was already sent on Mar 10. Each hour gets one.",
    );
  });
});

describe("renewal in days", () => {
  const renewal = at("2026-03-22T00:00:00Z");

  it("counts calendar days from today in the viewer's zone", () => {
    expect(daysUntil(renewal, NOW, "UTC")).toBe(12);
    // 23:30 on the 9th in Chicago is already the 10th in UTC: one more day to go for that viewer.
    expect(daysUntil(renewal, at("2026-03-10T04:30:00Z"), "America/Chicago")).toBe(13);
    expect(daysUntil(renewal, at("2026-03-10T04:30:00Z"), "UTC")).toBe(12);
    // Across the spring-forward night, still whole days.
    expect(daysUntil(at("2026-03-09T00:00:00Z"), at("2026-03-07T18:00:00Z"), "America/New_York")).toBe(2);
    expect(daysUntil(renewal, at("2026-03-22T23:00:00Z"), "UTC")).toBe(0);
    expect(daysUntil(renewal, at("2026-03-25T12:00:00Z"), "UTC")).toBe(-3);
    expect(daysUntil(renewal, NOW, "Not/AZone")).toBe(12);
  });

  it("says it in words, and flags the near ones", () => {
    expect([0, 1, -1, 12, -3].map(daysInWords)).toEqual(["today", "tomorrow", "yesterday", "in 12 days", "3 days ago"]);
    expect(renewalInWords(12)).toBe("renews in 12 days");
    expect(renewalInWords(0)).toBe("renews today");
    expect(renewalInWords(-3)).toBe("renewal date passed 3 days ago");
    expect([renewalIsNear(12), renewalIsNear(90), renewalIsNear(91), renewalIsNear(-3)]).toEqual([true, true, false, true]);
  });
});

describe("relativeTime", () => {
  it("uses minutes and hours up close, then calendar days in the viewer's zone", () => {
    expect(relativeTime(at("2026-03-13T15:00:00Z"), NOW)).toBe("in 3 days");
    expect(relativeTime(at("2026-03-10T17:30:00Z"), NOW)).toBe("in 2 hours");
    expect(relativeTime(at("2026-03-10T15:05:00Z"), NOW)).toBe("in 5 minutes");
    expect(relativeTime(at("2026-03-10T15:00:20Z"), NOW)).toBe("now");
    expect(relativeTime(at("2026-03-09T15:00:00Z"), NOW)).toBe("yesterday");
    expect(relativeTime(at("2026-03-10T13:00:00Z"), NOW)).toBe("2 hours ago");
    expect(relativeTime(at("2026-03-13T15:00:00Z"), NOW, "UTC", "fr-FR")).toBe("dans 3 jours");
    // Monday 14:25 in Chicago, and an hour on Wednesday at 10:00: two calendar days, though only 43.5 hours.
    const monday = at("2026-11-23T20:25:00Z");
    expect(relativeTime(at("2026-11-25T16:00:00Z"), monday, "America/Chicago")).toBe("in 2 days");
    // 20 hours ahead is still hours, even across midnight.
    expect(relativeTime(at("2026-11-24T16:25:00Z"), monday, "America/Chicago")).toBe("in 20 hours");
    // Friday 14:00 seen on Monday: three days back.
    expect(relativeTime(at("2026-11-20T20:00:00Z"), monday, "America/Chicago")).toBe("3 days ago");
  });
});

describe("parseAnswers", () => {
  it("reads an object of answers, keeping only what was answered", () => {
    expect(parseAnswers(JSON.stringify({ teamSize: 12, current_tool: "Spreadsheets", goals: ["SSO", "dashboards"], empty: "  " }))).toEqual(
      [
        { question: "Team size", answer: "12" },
        { question: "Current tool", answer: "Spreadsheets" },
        { question: "Goals", answer: "SSO, dashboards" },
      ],
    );
  });

  it("reads a list of question and answer pairs", () => {
    expect(
      parseAnswers(
        JSON.stringify([{ question: "Which plan?", answer: "Growth" }, { label: "Seats", value: 40 }, { question: "Skipped" }, "junk"]),
      ),
    ).toEqual([
      { question: "Which plan?", answer: "Growth" },
      { question: "Seats", answer: "40" },
    ]);
  });

  it("gives nothing rather than failing for an empty or broken value", () => {
    expect(parseAnswers("{}")).toEqual([]);
    expect(parseAnswers("")).toEqual([]);
    expect(parseAnswers(null)).toEqual([]);
    expect(parseAnswers("{not json")).toEqual([]);
    expect(parseAnswers("42")).toEqual([]);
  });
});

describe("activity in words", () => {
  it("counts distinct things per kind, most telling first", () => {
    const rows = [
      // One video watched in three sittings is one video watched.
      { kind: "video.watched", subjectId: "v1", count: 3 },
      { kind: "video.watched", subjectId: "v2", count: 1 },
      { kind: "session.attended", subjectId: "s1", count: 1 },
      { kind: "document.opened", subjectId: "d1", count: 4 },
      // Events without a subject count one each.
      { kind: "csm_hour.attended", subjectId: null, count: 2 },
      { kind: "user.signed_in", subjectId: null, count: 30 },
    ];
    expect(activityPhrases(rows)).toEqual(["attended 1 session", "watched 2 videos", "opened 1 document", "had 2 CSM hours"]);
    expect(activityInWords(rows, "Nothing")).toBe("Attended 1 session, watched 2 videos, opened 1 document and had 2 CSM hours.");
    expect(activityInWords([{ kind: "session.no_show", subjectId: "s1", count: 1 }], "Nothing")).toBe("Missed 1 session.");
    expect(activityInWords([{ kind: "user.signed_in", subjectId: null, count: 3 }], "Nothing recorded.")).toBe("Nothing recorded.");
  });

  it("describes a registration and library progress the way a CSM reads them", () => {
    const later = at("2026-03-20T15:00:00Z");
    const earlier = at("2026-03-01T15:00:00Z");
    const registration = (
      status: "CONFIRMED" | "CANCELLED" | "WAITLISTED" | "OFFERED",
      attendance: "UNKNOWN" | "ATTENDED" | "NO_SHOW",
    ) => ({
      status,
      attendance,
      minutesAttended: null,
      sessionStartsAt: earlier,
    });
    expect(registrationInWords({ ...registration("CONFIRMED", "ATTENDED"), minutesAttended: 45 }, NOW)).toBe("Attended (45 min)");
    expect(registrationInWords(registration("CONFIRMED", "ATTENDED"), NOW)).toBe("Attended");
    expect(registrationInWords(registration("CONFIRMED", "NO_SHOW"), NOW)).toBe("Missed it");
    expect(registrationInWords(registration("CONFIRMED", "UNKNOWN"), NOW)).toBe("Registered; attendance not recorded");
    expect(registrationInWords({ ...registration("CONFIRMED", "UNKNOWN"), sessionStartsAt: later }, NOW)).toBe("Registered");
    expect(registrationInWords(registration("CANCELLED", "UNKNOWN"), NOW)).toBe("Cancelled their seat");
    expect(registrationInWords(registration("WAITLISTED", "UNKNOWN"), NOW)).toBe("On the waitlist");

    const progress = { percent: 0, opens: 0, downloads: 0, completedAt: null };
    expect(progressInWords({ ...progress, kind: "VIDEO", percent: 92.4, completedAt: NOW })).toBe("Finished");
    expect(progressInWords({ ...progress, kind: "VIDEO", percent: 41.6 })).toBe("Watched 42%");
    expect(progressInWords({ ...progress, kind: "VIDEO" })).toBe("Started");
    expect(progressInWords({ ...progress, kind: "ONE_PAGER", opens: 1 })).toBe("Opened once");
    expect(progressInWords({ ...progress, kind: "EBOOK", opens: 3, downloads: 1 })).toBe("Opened 3 times, downloaded");
  });

  it("cuts long text at a word", () => {
    expect(excerpt("short  and\nsweet")).toBe("short and sweet");
    expect(excerpt("We want to roll out dashboards to two more teams before renewal", 30)).toBe("We want to roll out…");
    expect(excerpt("x".repeat(50), 20)).toBe(`${"x".repeat(19)}…`);
  });
});

describe("the brief's form schemas", () => {
  it("take an outcome, a note and a follow-up of at most five distinct items", () => {
    expect(MarkSchema.safeParse({ outcome: "NO_SHOW" }).success).toBe(true);
    expect(MarkSchema.safeParse({ outcome: "CANCELLED" }).success).toBe(false);
    expect(NoteSchema.parse({ body: "  Wants SSO\r\nnext quarter " })).toEqual({ body: "Wants SSO\nnext quarter" });
    expect(NoteSchema.safeParse({ body: "   " }).success).toBe(false);

    expect(FollowUpSchema.parse({ items: ["a", "b", "a"], message: " Hi \r\n" })).toEqual({ items: ["a", "b"], message: "Hi" });
    expect(FollowUpSchema.parse({ message: "Just a note" })).toEqual({ items: [], message: "Just a note" });
    const six = FollowUpSchema.safeParse({ items: ["a", "b", "c", "d", "e", "f"] });
    expect(six.success).toBe(false);
    expect(six.error?.issues[0]).toMatchObject({ path: ["items"], message: "Pick at most 5 items: a short list gets read" });
    const nothing = FollowUpSchema.safeParse({});
    expect(nothing.error?.issues[0]).toMatchObject({ path: ["items"], message: "Pick at least one item to recommend, or write a message" });
  });
});
