import { describe, expect, it } from "vitest";
import {
  humanizeSlug,
  percent,
  readWindow,
  shapeContent,
  shapeFunnel,
  shapeNewsletters,
  shapeReach,
  shapeTrend,
  trendStart,
  weekIndex,
  type SubjectCount,
} from "./insights.ts";

const NOW = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;

describe("percent", () => {
  it("rounds to whole percent, caps at 100 and is null without a whole", () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(67);
    expect(percent(5, 4)).toBe(100);
    expect(percent(0, 0)).toBeNull();
  });
});

describe("readWindow", () => {
  it("accepts 30 and 90 days and falls back to 90", () => {
    expect(readWindow("30")).toBe(30);
    expect(readWindow("90")).toBe(90);
    expect(readWindow("7")).toBe(90);
    expect(readWindow(null)).toBe(90);
  });
});

describe("shapeReach", () => {
  it("gives every tier a row, zeros included, and a total", () => {
    const rows = shapeReach(
      [
        { tier: "LOW", accounts: 2, people: 3 },
        { tier: "TECH", accounts: 1, people: 1 },
      ],
      [
        { tier: "HIGH", accounts: 2, people: 10 },
        { tier: "LOW", accounts: 4, people: 6 },
        { tier: "TECH", accounts: 4, people: 4 },
      ],
    );
    expect(
      rows.map((row) => [row.label, row.accountsTouched, row.accountsTotal, row.accountsShare, row.peopleTouched, row.peopleShare]),
    ).toEqual([
      ["High touch", 0, 2, 0, 0, 0],
      ["Low touch", 2, 4, 50, 3, 50],
      ["Tech touch", 1, 4, 25, 1, 25],
      ["All tiers", 3, 10, 30, 4, 20],
    ]);
  });
});

describe("shapeFunnel", () => {
  it("counts registered, attended and no-shows per session kind with rates", () => {
    const rows = shapeFunnel([
      { kind: "session.registered", sessionKind: "WEBINAR", count: 8 },
      { kind: "session.registered", sessionKind: "WEBINAR", count: 2 },
      { kind: "session.attended", sessionKind: "WEBINAR", count: 6 },
      { kind: "session.no_show", sessionKind: "WEBINAR", count: 2 },
      { kind: "session.registered", sessionKind: "EXPERT", count: 4 },
      { kind: "session.attended", sessionKind: "EXPERT", count: 4 },
    ]);
    expect(rows.map((row) => [row.sessionKind, row.registered, row.attended, row.noShow, row.attendanceRate, row.noShowRate])).toEqual([
      ["WEBINAR", 10, 6, 2, 60, 25],
      ["EXPERT", 4, 4, 0, 100, 0],
      ["ALL", 14, 10, 2, 71, 17],
    ]);
  });

  it("shows sessions no longer on file only when there are some, and no rates without a base", () => {
    expect(shapeFunnel([]).map((row) => [row.sessionKind, row.attendanceRate, row.noShowRate])).toEqual([
      ["WEBINAR", null, null],
      ["EXPERT", null, null],
      ["ALL", null, null],
    ]);
    const withOther = shapeFunnel([{ kind: "session.attended", sessionKind: "OTHER", count: 1 }]);
    expect(withOther.map((row) => row.sessionKind)).toEqual(["WEBINAR", "EXPERT", "OTHER", "ALL"]);
    // Attended without a registration in the window: the rate is capped, not above 100%.
    expect(withOther.at(-1)?.attendanceRate).toBeNull();
  });
});

const count = (
  subjectType: string,
  subjectId: string,
  kind: string,
  events: number,
  people: number,
  personDays = events,
): SubjectCount => ({
  subjectType,
  subjectId,
  kind,
  events,
  people,
  personDays,
});

describe("shapeContent", () => {
  it("gives videos views, viewers and completion rate, documents opens and downloads, most viewed first", () => {
    const rows = shapeContent(
      [
        count("content", "v1", "video.watched", 12, 4, 5),
        count("content", "v1", "video.completed", 1, 1),
        count("content", "d1", "document.opened", 9, 6, 9),
        count("content", "d1", "document.downloaded", 2, 2),
        count("document", "admin-checklist", "document.opened", 1, 1, 1),
      ],
      new Map([
        ["v1", "Alerts 101"],
        ["d1", "Quick reference"],
      ]),
    );
    expect(rows).toEqual([
      {
        key: "content:d1",
        title: "Quick reference",
        format: "Document",
        views: 9,
        uniqueViewers: 6,
        completions: null,
        completionRate: null,
        opens: 9,
        downloads: 2,
      },
      {
        key: "content:v1",
        title: "Alerts 101",
        format: "Video",
        views: 5,
        uniqueViewers: 4,
        completions: 1,
        completionRate: 25,
        opens: null,
        downloads: null,
      },
      {
        key: "document:admin-checklist",
        title: "Admin checklist",
        format: "Document",
        views: 1,
        uniqueViewers: 1,
        completions: null,
        completionRate: null,
        opens: 1,
        downloads: 0,
      },
    ]);
  });
});

describe("shapeNewsletters", () => {
  it("counts openers including people who clicked without a tracked open", () => {
    const rows = shapeNewsletters(
      [
        count("newsletter", "monthly-digest", "newsletter.opened", 5, 3),
        count("newsletter", "monthly-digest", "newsletter.clicked", 2, 1),
        count("newsletter", "tips", "newsletter.clicked", 1, 1),
      ],
      new Map(),
    );
    expect(rows.map((row) => [row.title, row.opens, row.uniqueOpeners, row.clicks, row.uniqueClickers, row.clickToOpen])).toEqual([
      ["Monthly digest", 5, 3, 2, 1, 33],
      ["Tips", 0, 1, 1, 1, 100],
    ]);
  });
});

describe("weekly trends", () => {
  it("counts weeks back from now: the last 7 days are week 0", () => {
    expect(weekIndex(new Date(NOW.getTime() - 1), NOW)).toBe(0);
    expect(weekIndex(new Date(NOW.getTime() - 7 * DAY + 1), NOW)).toBe(0);
    expect(weekIndex(new Date(NOW.getTime() - 7 * DAY), NOW)).toBe(1);
    expect(trendStart(NOW, 30).toISOString()).toBe("2026-10-19T12:00:00.000Z");
  });

  it("lays out every week, oldest first, with zeros where nothing happened", () => {
    const points = shapeTrend(
      [
        { week: 0, key: "LOW", count: 3 },
        { week: 4, key: "HIGH", count: 1 },
        { week: 0, key: "LOW", count: 1 },
        { week: 9, key: "HIGH", count: 7 },
      ],
      NOW,
      30,
      ["HIGH", "LOW"],
    );
    expect(points.map((point) => [point.endsAt.toISOString().slice(0, 10), point.values])).toEqual([
      ["2026-10-26", { HIGH: 1, LOW: 0 }],
      ["2026-11-02", { HIGH: 0, LOW: 0 }],
      ["2026-11-09", { HIGH: 0, LOW: 0 }],
      ["2026-11-16", { HIGH: 0, LOW: 0 }],
      ["2026-11-23", { HIGH: 0, LOW: 4 }],
    ]);
  });
});

describe("humanizeSlug", () => {
  it("reads a stand-in subject id as a title", () => {
    expect(humanizeSlug("first-report-in-5-minutes")).toBe("First report in 5 minutes");
  });
});
