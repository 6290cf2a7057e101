import { describe, expect, test } from "vitest";
import { type Availability, AvailabilitySchema, DayHoursSchema, minutesOfDay, parseAvailability } from "./availability.ts";

const nineToFive = [{ start: "09:00", end: "17:00" }];

function valid(): Availability {
  return {
    timeZone: "Europe/Paris",
    weeklyHours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
    overrides: { "2026-12-24": [{ start: "09:00", end: "12:00" }], "2026-12-25": [] },
    timeOff: [{ start: "2026-08-03T00:00:00Z", end: "2026-08-15T00:00:00Z" }],
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 240,
    maxHoursPerDay: 5,
    horizonDays: 30,
  };
}

const issuesOf = (value: unknown) => {
  const result = AvailabilitySchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("AvailabilitySchema", () => {
  test("accepts a full availability and round-trips through JSON text unchanged", () => {
    const availability = valid();
    expect(issuesOf(availability)).toEqual([]);
    expect(parseAvailability(JSON.stringify(availability))).toEqual(availability);
  });

  test("accepts no cap on hours and a horizon of today only", () => {
    expect(issuesOf({ ...valid(), maxHoursPerDay: null, horizonDays: 0 })).toEqual([]);
  });

  test.each([
    ["a range that runs to midnight", [{ start: "18:00", end: "24:00" }]],
    [
      "touching ranges",
      [
        { start: "09:00", end: "12:00" },
        { start: "12:00", end: "13:00" },
      ],
    ],
    [
      "ranges out of order",
      [
        { start: "13:30", end: "17:00" },
        { start: "09:00", end: "12:30" },
      ],
    ],
    ["a day with no hours", []],
  ])("day hours accept %s", (_label, ranges) => {
    expect(DayHoursSchema.safeParse(ranges).success).toBe(true);
  });

  test.each([
    ["a start of 24:00", [{ start: "24:00", end: "24:00" }], "0.start"],
    ["a single-digit hour", [{ start: "9:00", end: "17:00" }], "0.start"],
    ["minute 60", [{ start: "09:60", end: "17:00" }], "0.start"],
    ["an end past midnight", [{ start: "22:00", end: "24:30" }], "0.end"],
    ["an end before its start", [{ start: "17:00", end: "09:00" }], "0.end"],
    ["an empty range", [{ start: "09:00", end: "09:00" }], "0.end"],
    [
      "overlapping ranges",
      [
        { start: "09:00", end: "12:30" },
        { start: "12:00", end: "17:00" },
      ],
      "1.start",
    ],
    [
      "overlaps written out of order",
      [
        { start: "12:00", end: "17:00" },
        { start: "09:00", end: "12:30" },
      ],
      "0.start",
    ],
  ])("day hours reject %s", (_label, ranges, path) => {
    const result = DayHoursSchema.safeParse(ranges);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });

  test.each([
    ["an unknown zone", { timeZone: "Mars/Olympus" }, "timeZone"],
    ["an override on 30 February", { overrides: { "2026-02-30": [] } }, "overrides.2026-02-30"],
    ["time off that ends before it starts", { timeOff: [{ start: "2026-08-03T12:00:00Z", end: "2026-08-03T11:00:00Z" }] }, "timeOff.0.end"],
    [
      "time off with an offset instead of UTC",
      { timeOff: [{ start: "2026-08-03T12:00:00+02:00", end: "2026-08-03T13:00:00Z" }] },
      "timeOff.0.start",
    ],
    ["a negative buffer", { bufferBeforeMinutes: -5 }, "bufferBeforeMinutes"],
    ["a fractional notice", { minimumNoticeMinutes: 2.5 }, "minimumNoticeMinutes"],
    ["a cap of 0 hours", { maxHoursPerDay: 0 }, "maxHoursPerDay"],
    ["a horizon over a year", { horizonDays: 366 }, "horizonDays"],
    ["a missing weekday", { weeklyHours: { mon: nineToFive } }, "weeklyHours.tue"],
  ])("rejects %s", (_label, patch, path) => {
    expect(issuesOf({ ...valid(), ...patch }).map((issue) => issue.split(":")[0])).toContain(path);
  });

  test("parseAvailability throws on text that is not valid availability", () => {
    expect(() => parseAvailability("{")).toThrow(SyntaxError);
    expect(() => parseAvailability(JSON.stringify({ ...valid(), horizonDays: -1 }))).toThrow(/horizonDays|0 or more/);
  });
});

test.each([
  ["00:00", 0],
  ["09:30", 570],
  ["23:59", 1439],
  ["24:00", 1440],
])("minutesOfDay(%s) is %i", (time, minutes) => {
  expect(minutesOfDay(time)).toBe(minutes);
});
