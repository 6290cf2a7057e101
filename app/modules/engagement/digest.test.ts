import { describe, expect, test } from "vitest";
import { digestDue, isoWeek, nextDigestTick } from "./digest.ts";

describe("weekly digest timing", () => {
  test("ISO weeks start on Monday and belong to the year of their Thursday", () => {
    expect(isoWeek(2026, 11, 23)).toEqual({ key: "2026-W48", weekday: 1 });
    expect(isoWeek(2026, 11, 29)).toEqual({ key: "2026-W48", weekday: 7 });
    expect(isoWeek(2021, 1, 3).key).toBe("2020-W53");
    expect(isoWeek(2024, 12, 30).key).toBe("2025-W01");
  });

  test("due from Monday 08:00 in the CSM's own zone", () => {
    const monday0730Z = new Date("2026-11-23T07:30:00Z");
    expect(digestDue(monday0730Z, "Europe/Paris")).toEqual({ weekKey: "2026-W48", due: true }); // 08:30 Monday
    expect(digestDue(monday0730Z, "UTC")).toEqual({ weekKey: "2026-W48", due: false }); // 07:30 Monday
    expect(digestDue(monday0730Z, "America/Los_Angeles")).toEqual({ weekKey: "2026-W47", due: true }); // Sunday: last week's
    expect(digestDue(new Date("2026-11-23T16:00:00Z"), "America/Los_Angeles")).toEqual({ weekKey: "2026-W48", due: true });
    expect(digestDue(new Date("2026-11-23T15:59:00Z"), "America/Los_Angeles").due).toBe(false);
  });

  test("the Monday after a DST change still sends at 08:00 local", () => {
    // Europe/Paris leaves summer time on 2026-10-25; Monday 26 October 08:00 CET is 07:00Z.
    expect(digestDue(new Date("2026-10-26T06:59:00Z"), "Europe/Paris").due).toBe(false);
    expect(digestDue(new Date("2026-10-26T07:00:00Z"), "Europe/Paris")).toEqual({ weekKey: "2026-W44", due: true });
  });

  test("an unknown zone falls back to UTC rather than throwing", () => {
    expect(digestDue(new Date("2026-11-23T08:00:00Z"), "Mars/Olympus")).toEqual({ weekKey: "2026-W48", due: true });
  });

  test("ticks land on the top of the next hour", () => {
    expect(nextDigestTick(new Date("2026-11-23T07:30:00Z")).toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(nextDigestTick(new Date("2026-11-23T08:00:00Z")).toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });
});
