import { describe, expect, it } from "vitest";
import { newSessionTimes, refreshedTimes, sessionPolicy, sessionState } from "./session-policy.ts";

const policy = sessionPolicy(7, 30);
const start = new Date("2026-03-01T12:00:00Z");
const hours = (n: number) => new Date(start.getTime() + n * 3_600_000);
const days = (n: number) => hours(n * 24);

describe("session expiry", () => {
  it("is valid at first, then asks for a sliding refresh after an hour", () => {
    const times = newSessionTimes(start, policy);
    expect(sessionState(times, hours(0.5), policy)).toBe("valid");
    expect(sessionState(times, hours(2), policy)).toBe("refresh");
  });

  it("expires after 7 idle days", () => {
    const times = newSessionTimes(start, policy);
    expect(sessionState(times, days(6.9), policy)).toBe("refresh");
    expect(sessionState(times, days(7), policy)).toBe("expired");
  });

  it("slides the idle expiry on use but never past the absolute one", () => {
    let times = newSessionTimes(start, policy);
    for (let day = 5; day < 30; day += 5) {
      expect(sessionState(times, days(day), policy)).toBe("refresh");
      times = refreshedTimes(times, days(day), policy);
    }
    expect(times.idleExpiresAt.getTime()).toBe(days(30).getTime());
    expect(sessionState(times, days(30), policy)).toBe("expired");
  });
});
