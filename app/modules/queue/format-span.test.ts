import { describe, expect, it } from "vitest";
import { formatSpan } from "./format-span.ts";

describe("formatSpan", () => {
  it("writes a span within one offset compactly", () => {
    expect(formatSpan(new Date("2026-12-13T15:00:00Z"), new Date("2026-12-13T23:00:00Z"), "America/Chicago", "en-US")).toBe(
      "Dec 13, 2026, 9:00 AM – 5:00 PM CST",
    );
  });

  it("names both zones when the clocks change inside the span", () => {
    expect(formatSpan(new Date("2027-11-07T05:30:00Z"), new Date("2027-11-07T06:45:00Z"), "America/New_York", "en-US")).toBe(
      "Nov 7, 2027, 1:30 AM EDT to Nov 7, 2027, 1:45 AM EST",
    );
  });

  it("falls back rather than throwing on a bad zone", () => {
    expect(formatSpan(new Date("2027-01-01T09:00:00Z"), new Date("2027-01-01T10:00:00Z"), "Mars/Olympus", "en-US")).toBe(
      "Jan 1, 2027, 9:00 AM UTC to Jan 1, 2027, 10:00 AM UTC",
    );
  });
});
