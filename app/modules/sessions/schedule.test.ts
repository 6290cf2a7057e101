import { describe, expect, test } from "vitest";
import {
  MAX_SERIES_OCCURRENCES,
  addLocalDays,
  hasStarted,
  seriesStarts,
  sessionEnd,
  utcToZonedParts,
  zonedLocalToUtc,
} from "./schedule.ts";

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe("zonedLocalToUtc", () => {
  test.each([
    // Ordinary times, either side of the 2026 changes.
    ["2026-03-07", "10:00", "America/New_York", "2026-03-07T15:00:00.000Z"],
    ["2026-03-09", "10:00", "America/New_York", "2026-03-09T14:00:00.000Z"],
    ["2026-07-01", "09:15", "Europe/Berlin", "2026-07-01T07:15:00.000Z"],
    ["2026-01-15", "09:15", "Europe/Berlin", "2026-01-15T08:15:00.000Z"],
    ["2026-01-15", "10:00", "Australia/Sydney", "2026-01-14T23:00:00.000Z"],
    ["2026-06-01", "10:00", "Asia/Kolkata", "2026-06-01T04:30:00.000Z"],
    ["2026-06-01", "00:00", "UTC", "2026-06-01T00:00:00.000Z"],
  ])("%s %s in %s → %s", (date, time, zone, expected) => {
    expect(zonedLocalToUtc(date, time, zone).toISOString()).toBe(expected);
  });

  test.each([
    // New York springs forward 02:00 EST → 03:00 EDT on 8 March 2026: 02:30 is read as 03:30 EDT.
    ["2026-03-08", "02:30", "America/New_York", "2026-03-08T07:30:00.000Z", "03:30"],
    ["2026-03-08", "02:00", "America/New_York", "2026-03-08T07:00:00.000Z", "03:00"],
    // Berlin: 02:00 CET → 03:00 CEST on 29 March 2026.
    ["2026-03-29", "02:30", "Europe/Berlin", "2026-03-29T01:30:00.000Z", "03:30"],
    // Sydney: 02:00 AEST → 03:00 AEDT on 4 October 2026.
    ["2026-10-04", "02:30", "Australia/Sydney", "2026-10-03T16:30:00.000Z", "03:30"],
    // Lord Howe only shifts by half an hour (02:00 → 02:30), so 02:15 moves by 30 minutes.
    ["2026-10-04", "02:15", "Australia/Lord_Howe", "2026-10-03T15:45:00.000Z", "02:45"],
  ])("a time in the spring-forward gap moves forward by the gap: %s %s %s", (date, time, zone, expected, wallTime) => {
    const instant = zonedLocalToUtc(date, time, zone);
    expect(instant.toISOString()).toBe(expected);
    expect(utcToZonedParts(instant, zone)).toEqual({ date, time: wallTime });
  });

  test.each([
    // New York falls back 02:00 EDT → 01:00 EST on 1 November 2026: 01:30 EDT (05:30Z) comes first.
    ["2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    // Berlin: 03:00 CEST → 02:00 CET on 25 October 2026: 02:30 CEST (00:30Z) comes first.
    ["2026-10-25", "02:30", "Europe/Berlin", "2026-10-25T00:30:00.000Z"],
    // Sydney: 03:00 AEDT → 02:00 AEST on 5 April 2026: 02:30 AEDT (15:30Z the day before) comes first.
    ["2026-04-05", "02:30", "Australia/Sydney", "2026-04-04T15:30:00.000Z"],
  ])("an ambiguous fall-back time picks the earlier instant: %s %s %s", (date, time, zone, expected) => {
    const instant = zonedLocalToUtc(date, time, zone);
    expect(instant.toISOString()).toBe(expected);
    // The later reading of the same wall time exists too, one hour on, and is not what we chose.
    const later = new Date(instant.getTime() + 60 * 60_000);
    expect(utcToZonedParts(later, zone)).toEqual({ date, time });
  });

  test("round-trips every hour of 2026 in zones with and without DST", () => {
    const zones = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"];
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2027, 0, 1);
    for (const zone of zones) {
      for (let ms = start; ms < end; ms += 60 * 60_000) {
        const instant = new Date(ms);
        const parts = utcToZonedParts(instant, zone);
        const back = zonedLocalToUtc(parts.date, parts.time, zone);
        // Equal, except inside a repeated hour, where we return its first occurrence instead.
        if (back.getTime() !== ms) {
          expect(back.getTime(), `${zone} ${instant.toISOString()}`).toBe(ms - 60 * 60_000);
          expect(utcToZonedParts(back, zone)).toEqual(parts);
        }
      }
    }
  });

  test.each([
    ["2026-02-30", "10:00", "UTC"],
    ["2026-3-8", "10:00", "UTC"],
    ["2026-03-08", "24:00", "UTC"],
    ["2026-03-08", "10:60", "UTC"],
    ["2026-03-08", "9:00", "UTC"],
    ["2026-03-08", "10:00", "Mars/Olympus"],
  ])("rejects %s %s %s", (date, time, zone) => {
    expect(() => zonedLocalToUtc(date, time, zone)).toThrow(RangeError);
  });
});

describe("utcToZonedParts", () => {
  test("gives the viewer's calendar date, which can differ from the UTC one", () => {
    expect(utcToZonedParts(new Date("2026-03-08T02:00:00Z"), "America/Los_Angeles")).toEqual({ date: "2026-03-07", time: "18:00" });
    expect(utcToZonedParts(new Date("2026-03-08T20:00:00Z"), "Pacific/Auckland")).toEqual({ date: "2026-03-09", time: "09:00" });
  });

  test("writes midnight as 00:00", () => {
    expect(utcToZonedParts(new Date("2026-01-01T05:00:00Z"), "America/New_York")).toEqual({ date: "2026-01-01", time: "00:00" });
  });
});

describe("addLocalDays", () => {
  test("walks calendar days across month and year ends and leap days", () => {
    expect(addLocalDays("2026-12-25", 7)).toBe("2027-01-01");
    expect(addLocalDays("2028-02-22", 7)).toBe("2028-02-29");
    expect(addLocalDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("seriesStarts", () => {
  test("10:00 New York weekly keeps 10:00 across the March switch", () => {
    const starts = seriesStarts({ firstDate: "2026-03-01", time: "10:00", timeZone: "America/New_York", intervalWeeks: 1, occurrences: 3 });
    expect(iso(starts)).toEqual(["2026-03-01T15:00:00.000Z", "2026-03-08T14:00:00.000Z", "2026-03-15T14:00:00.000Z"]);
  });

  test("10:00 New York weekly keeps 10:00 across the November switch", () => {
    const starts = seriesStarts({ firstDate: "2026-10-25", time: "10:00", timeZone: "America/New_York", intervalWeeks: 1, occurrences: 2 });
    expect(iso(starts)).toEqual(["2026-10-25T14:00:00.000Z", "2026-11-01T15:00:00.000Z"]);
  });

  test("Berlin keeps its wall time across late March and late October", () => {
    const spring = seriesStarts({ firstDate: "2026-03-22", time: "10:00", timeZone: "Europe/Berlin", intervalWeeks: 1, occurrences: 2 });
    expect(iso(spring)).toEqual(["2026-03-22T09:00:00.000Z", "2026-03-29T08:00:00.000Z"]);
    const autumn = seriesStarts({ firstDate: "2026-10-18", time: "10:00", timeZone: "Europe/Berlin", intervalWeeks: 1, occurrences: 2 });
    expect(iso(autumn)).toEqual(["2026-10-18T08:00:00.000Z", "2026-10-25T09:00:00.000Z"]);
  });

  test("Sydney's changes run the other way round (April ends DST, October starts it)", () => {
    const april = seriesStarts({ firstDate: "2026-03-29", time: "10:00", timeZone: "Australia/Sydney", intervalWeeks: 1, occurrences: 2 });
    expect(iso(april)).toEqual(["2026-03-28T23:00:00.000Z", "2026-04-05T00:00:00.000Z"]);
    const october = seriesStarts({
      firstDate: "2026-09-27",
      time: "10:00",
      timeZone: "Australia/Sydney",
      intervalWeeks: 1,
      occurrences: 2,
    });
    expect(iso(october)).toEqual(["2026-09-27T00:00:00.000Z", "2026-10-03T23:00:00.000Z"]);
  });

  test("every second week over half a year reads the same wall time every time", () => {
    const starts = seriesStarts({
      firstDate: "2026-01-06",
      time: "16:30",
      timeZone: "America/New_York",
      intervalWeeks: 2,
      occurrences: 14,
    });
    expect(starts).toHaveLength(14);
    starts.forEach((start, index) => {
      expect(utcToZonedParts(start, "America/New_York")).toEqual({ date: addLocalDays("2026-01-06", index * 14), time: "16:30" });
    });
  });

  test("an occurrence that lands in a gap shifts forward like a single session would", () => {
    const starts = seriesStarts({ firstDate: "2026-03-01", time: "02:30", timeZone: "America/New_York", intervalWeeks: 1, occurrences: 3 });
    expect(starts.map((start) => utcToZonedParts(start, "America/New_York").time)).toEqual(["02:30", "03:30", "02:30"]);
  });

  test.each([
    { intervalWeeks: 0, occurrences: 3 },
    { intervalWeeks: 1.5, occurrences: 3 },
    { intervalWeeks: 1, occurrences: 0 },
    { intervalWeeks: 1, occurrences: MAX_SERIES_OCCURRENCES + 1 },
  ])("rejects %o", (shape) => {
    expect(() => seriesStarts({ firstDate: "2026-03-01", time: "10:00", timeZone: "UTC", ...shape })).toThrow(RangeError);
  });
});

describe("sessionEnd and hasStarted", () => {
  const start = new Date("2026-03-08T06:30:00Z");

  test("the end is a fixed number of real minutes later, even across a clock change", () => {
    // 01:30 EST + 60 minutes is 03:30 EDT on the wall, which is right: one hour really passed.
    expect(sessionEnd(start, 60).toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(utcToZonedParts(sessionEnd(start, 60), "America/New_York").time).toBe("03:30");
  });

  test("a session has started from its first millisecond on", () => {
    expect(hasStarted(start, new Date("2026-03-08T06:29:59.999Z"))).toBe(false);
    expect(hasStarted(start, start)).toBe(true);
    expect(hasStarted(start, new Date("2026-03-08T07:00:00Z"))).toBe(true);
  });
});
