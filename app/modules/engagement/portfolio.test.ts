import { describe, expect, it } from "vitest";
import { daysAgo as daysAgoIn, daysInWords as inDays, daysUntil } from "~/utils/relative-days.ts";
import { lastTouch, readSort, sortPortfolio, sparklinePoints, sparklineSummary } from "./portfolio.ts";

const NOW = new Date("2026-11-23T22:30:00Z");

describe("sparklinePoints", () => {
  it("places each day by its date in the 90-day window and the score on a 0–100 scale", () => {
    expect(
      sparklinePoints(
        [
          { day: "2026-11-23", score: 50 },
          { day: "2026-08-26", score: 100 },
          { day: "2026-10-09", score: 0 },
        ],
        "2026-11-23",
        { width: 89, height: 20, days: 90 },
      ),
    ).toBe("0,0 44,20 89,10");
  });

  it("leaves out days outside the window and clamps scores", () => {
    expect(
      sparklinePoints(
        [
          { day: "2026-08-25", score: 40 },
          { day: "2026-11-24", score: 40 },
          { day: "2026-11-23", score: 140 },
        ],
        "2026-11-23",
        { width: 100, height: 10 },
      ),
    ).toBe("100,0");
    expect(sparklinePoints([], "2026-11-23")).toBe("");
  });

  it("summarises the first and last score for screen readers", () => {
    expect(sparklineSummary([])).toBe("No score history yet");
    expect(
      sparklineSummary([
        { day: "2026-11-20", score: 48 },
        { day: "2026-09-01", score: 62 },
      ]),
    ).toBe("Score 62 on 2026-09-01, 48 on 2026-11-20");
  });
});

describe("lastTouch", () => {
  it("picks the latest of the last event, hour and note", () => {
    const touch = lastTouch({
      event: { at: new Date("2026-11-20T10:00:00Z"), kind: "session.attended" },
      booking: { at: new Date("2026-11-21T10:00:00Z") },
      note: { at: new Date("2026-11-19T10:00:00Z") },
    });
    expect(touch).toEqual({ at: new Date("2026-11-21T10:00:00Z"), source: "booking", label: "CSM hour" });
    expect(lastTouch({ event: { at: new Date("2026-11-20T10:00:00Z"), kind: "session.attended" } })?.label).toBe("Attended a session");
    expect(lastTouch({ event: null, booking: null, note: null })).toBeNull();
  });
});

describe("renewal in words", () => {
  it("counts calendar days from today, late in the UTC day too", () => {
    expect(daysUntil(new Date("2026-11-24T00:00:00Z"), NOW)).toBe(1);
    expect(daysUntil(new Date("2027-02-21T00:00:00Z"), NOW)).toBe(90);
    expect(inDays(daysUntil(new Date("2026-11-23T00:00:00Z"), NOW))).toBe("today");
    expect(inDays(1)).toBe("tomorrow");
    expect(inDays(30)).toBe("in 30 days");
    expect(inDays(-3)).toBe("3 days ago");
  });

  it("counts days ago on the viewer's calendar", () => {
    const lateEvening = new Date("2026-11-22T23:30:00Z");
    expect(daysAgoIn(lateEvening, NOW, "UTC")).toBe(1);
    // 01:00 UTC on the 23rd is today in London but the evening of the 22nd in Los Angeles.
    const earlyMorning = new Date("2026-11-23T01:00:00Z");
    expect(daysAgoIn(earlyMorning, NOW, "Europe/London")).toBe(0);
    expect(daysAgoIn(earlyMorning, NOW, "America/Los_Angeles")).toBe(1);
    expect(daysAgoIn(lateEvening, NOW, "Not/AZone")).toBe(1);
  });
});

describe("sortPortfolio", () => {
  const rows = [
    { name: "Acme", arrCents: 500, renewalDate: new Date("2027-03-01"), health: "GREEN", score: 80 },
    { name: "Bolt", arrCents: 900, renewalDate: null, health: "RED", score: 20 },
    { name: "Cora", arrCents: 100, renewalDate: new Date("2026-12-01"), health: null, score: null },
    { name: "Dune", arrCents: 900, renewalDate: new Date("2027-01-01"), health: "RED", score: 10 },
    { name: "Echo", arrCents: 300, renewalDate: new Date("2027-01-01"), health: "YELLOW", score: 55 },
  ] as const;
  const names = (sort: "renewal" | "arr" | "health") => sortPortfolio([...rows], sort).map((row) => row.name);

  it("sorts by renewal soonest first, ARR largest first, health worst first", () => {
    expect(names("renewal")).toEqual(["Cora", "Dune", "Echo", "Acme", "Bolt"]);
    expect(names("arr")).toEqual(["Bolt", "Dune", "Acme", "Echo", "Cora"]);
    expect(names("health")).toEqual(["Dune", "Bolt", "Echo", "Acme", "Cora"]);
  });

  it("reads the sort from the query, renewal by default", () => {
    expect(readSort("arr")).toBe("arr");
    expect(readSort("evil")).toBe("renewal");
    expect(readSort(null)).toBe("renewal");
  });
});
