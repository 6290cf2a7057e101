import { describe, expect, test } from "vitest";
import { capitalize, daysAgo, daysInWords, daysUntil, localDay, renewalInWords } from "./relative-days.ts";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-11-23T12:00:00Z");

describe("relative days", () => {
  test("days until a calendar date follow the viewer's calendar, UTC by default", () => {
    const renewal = at("2026-12-05T00:00:00Z");
    expect(daysUntil(renewal, NOW)).toBe(12);
    expect(daysUntil(at("2026-11-23T00:00:00Z"), NOW)).toBe(0);
    expect(daysUntil(at("2026-11-20T00:00:00Z"), NOW)).toBe(-3);
    // 23:30 in Los Angeles is already tomorrow in UTC and still today in Los Angeles.
    const lateInLa = at("2026-11-24T07:30:00Z");
    expect(daysUntil(renewal, lateInLa, "UTC")).toBe(11);
    expect(daysUntil(renewal, lateInLa, "America/Los_Angeles")).toBe(12);
    expect(daysUntil(renewal, NOW, "Not/AZone")).toBe(12);
  });

  test("days ago count calendar days where the viewer is", () => {
    const lateEvening = at("2026-11-22T23:30:00Z");
    expect(daysAgo(lateEvening, NOW)).toBe(1);
    expect(daysAgo(lateEvening, NOW, "Europe/Berlin")).toBe(0);
    expect(daysAgo(at("2026-11-23T01:00:00Z"), NOW, "America/Los_Angeles")).toBe(1);
    expect(daysAgo(lateEvening, NOW, "Not/AZone")).toBe(1);
    expect(localDay(lateEvening, "Europe/Berlin")).toBe("2026-11-23");
  });

  test("the words are the same everywhere", () => {
    expect([0, 1, -1, 12, -3].map(daysInWords)).toEqual(["today", "tomorrow", "yesterday", "in 12 days", "3 days ago"]);
    expect([12, 1, 0, -3].map(renewalInWords)).toEqual([
      "renews in 12 days",
      "renews tomorrow",
      "renews today",
      "renewal date passed 3 days ago",
    ]);
    expect(capitalize(renewalInWords(40))).toBe("Renews in 40 days");
  });
});
