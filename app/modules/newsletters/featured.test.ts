import { describe, expect, it } from "vitest";
import { formatSessionTime, senderName, sessionStateAt } from "./featured.ts";

const NOW = new Date("2026-11-20T10:00:00Z");
const START = new Date("2026-12-01T15:00:00Z");

describe("a featured session's time in the zone being rendered", () => {
  it.each([
    ["Europe/Paris", "Tue 1 Dec, 16:00 CET (Europe/Paris)"],
    ["America/New_York", "Tue 1 Dec, 10:00 EST (America/New_York)"],
    ["Asia/Tokyo", "Wed 2 Dec, 00:00 GMT+9 (Asia/Tokyo)"],
    ["Asia/Kolkata", "Tue 1 Dec, 20:30 GMT+5:30 (Asia/Kolkata)"],
    ["UTC", "Tue 1 Dec, 15:00 UTC (UTC)"],
  ])("%s", (zone, expected) => {
    expect(formatSessionTime(START, zone, NOW)).toBe(expected);
  });

  it("follows daylight saving time and names the year when it is not this one", () => {
    expect(formatSessionTime(new Date("2027-07-01T15:00:00Z"), "Europe/London", NOW)).toBe("Thu 1 Jul 2027, 16:00 BST (Europe/London)");
    expect(formatSessionTime(new Date("2027-01-10T15:00:00Z"), "Europe/London", NOW)).toBe("Sun 10 Jan 2027, 15:00 GMT (Europe/London)");
  });

  it("falls back to UTC for a zone that does not exist", () => {
    expect(formatSessionTime(START, "Mars/Olympus", NOW)).toBe("Tue 1 Dec, 15:00 UTC (UTC)");
  });
});

describe("a featured session's state", () => {
  const session = { status: "PUBLISHED", startsAt: START, durationMinutes: 60 };
  it("is upcoming until it ends, then over; cancelled whatever the time", () => {
    expect(sessionStateAt(session, NOW)).toBe("upcoming");
    expect(sessionStateAt(session, new Date("2026-12-01T15:59:00Z"))).toBe("upcoming");
    expect(sessionStateAt(session, new Date("2026-12-01T16:00:00Z"))).toBe("over");
    expect(sessionStateAt({ ...session, status: "CANCELLED" }, NOW)).toBe("cancelled");
  });
});

describe("the sender's name", () => {
  it("is the display name of EMAIL_FROM, or Lyceum", () => {
    expect(senderName("Acme CS <cs@acme.example>")).toBe("Acme CS");
    expect(senderName('"Acme, Inc." <cs@acme.example>')).toBe("Acme, Inc.");
    expect(senderName("cs@acme.example")).toBe("Lyceum");
  });
});
