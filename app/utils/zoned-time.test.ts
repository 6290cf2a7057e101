import { describe, expect, test, vi } from "vitest";
import {
  DAY_MS,
  dayNumberToLocalDate,
  isLocalDate,
  localDateToDayNumber,
  utcToZonedParts,
  zoneOffsetAt,
  zoneTimeline,
  zonedLocalToUtc,
} from "./zoned-time.ts";

const HOUR_MS = 60 * 60_000;
const ZONES = ["America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "UTC"];

describe("zoneTimeline", () => {
  test.each(ZONES)("agrees with Intl on offsets, local days and wall times through 2026 in %s", (zone) => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2027, 0, 1);
    const timeline = zoneTimeline(zone, from, to);
    // Every 3 hours of the year, and every 15 minutes of the days around each change it finds.
    const probes: number[] = [];
    for (let ms = from; ms < to; ms += 3 * HOUR_MS) {
      probes.push(ms);
      if (zoneOffsetAt(ms, zone) !== zoneOffsetAt(ms + 3 * HOUR_MS, zone)) {
        for (let near = ms - DAY_MS; near < ms + DAY_MS; near += 15 * 60_000) probes.push(near);
      }
    }
    expect(probes.length).toBeGreaterThan(2900);
    for (const ms of probes) {
      const label = `${zone} ${new Date(ms).toISOString()}`;
      expect(timeline.offsetAt(ms), label).toBe(zoneOffsetAt(ms, zone));
      expect(dayNumberToLocalDate(timeline.dayNumberAt(ms)), label).toBe(utcToZonedParts(new Date(ms), zone).date);
      // The same probe read as a wall time: the same instant as the session converter picks.
      const iso = new Date(ms).toISOString();
      expect(timeline.resolve(ms).epochMs, `${label} as a wall time`).toBe(
        zonedLocalToUtc(iso.slice(0, 10), iso.slice(11, 16), zone).getTime(),
      );
    }
  });

  test.each([
    // wall time, zone, skipped?
    ["2026-03-08T02:30", "America/New_York", true],
    ["2026-03-08T03:00", "America/New_York", false],
    ["2026-03-29T02:00", "Europe/Paris", true],
    ["2026-10-04T02:15", "Australia/Lord_Howe", true],
    ["2026-10-04T02:30", "Australia/Lord_Howe", false],
    // Chile springs forward at midnight: 6 September 2026 has no 00:00.
    ["2026-09-06T00:00", "America/Santiago", true],
    ["2026-11-01T01:30", "America/New_York", false],
  ] as const)("%s in %s: skipped is %s", (wallIso, zone, skipped) => {
    const wall = Date.parse(`${wallIso}Z`);
    const timeline = zoneTimeline(zone, wall - 3 * DAY_MS, wall + 3 * DAY_MS);
    expect(timeline.resolve(wall).skipped).toBe(skipped);
  });

  test("falls back to Intl outside the stretch it sampled", () => {
    const timeline = zoneTimeline("Europe/Paris", Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 10));
    const july = Date.UTC(2026, 6, 1);
    expect(timeline.offsetAt(july)).toBe(2 * HOUR_MS);
  });

  test("reads Intl once per zone and day: a second timeline over the same days needs no reading", () => {
    const [from, to] = [Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1)];
    const first = zoneTimeline("America/Chicago", from, to);
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, "formatToParts");
    try {
      const second = zoneTimeline("America/Chicago", from + DAY_MS, to - DAY_MS);
      for (let wall = from; wall < to; wall += HOUR_MS) expect(second.resolve(wall)).toEqual(first.resolve(wall));
      expect(spy).not.toHaveBeenCalled();
      zoneTimeline("America/Chicago", to, to + 10 * DAY_MS);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test("rejects an unknown zone", () => {
    expect(() => zoneTimeline("Mars/Olympus", 0, DAY_MS)).toThrow(RangeError);
  });
});

describe("calendar day numbers", () => {
  test.each([
    ["1970-01-01", 0],
    ["2026-03-08", 20520],
    ["2028-02-29", 21243],
  ])("%s is day %i", (date, dayNumber) => {
    expect(localDateToDayNumber(date)).toBe(dayNumber);
    expect(dayNumberToLocalDate(dayNumber)).toBe(date);
  });

  test.each([
    ["2026-03-08", true],
    ["2026-02-29", false],
    ["2028-02-29", true],
    ["2026-3-8", false],
    ["2026-13-01", false],
  ])("isLocalDate(%s) is %s", (date, valid) => {
    expect(isLocalDate(date)).toBe(valid);
  });
});
