import { describe, expect, it } from "vitest";
import {
  defaultWeeklyHours,
  localDateTimeToUtc,
  rangeProblems,
  rangesFromRows,
  readRangesJson,
  readWeeklyHoursJson,
  timeInputValue,
  weeklyHoursJson,
  weeklyMinutes,
} from "./availability-form.ts";

const NY = "America/New_York";

describe("rangeProblems", () => {
  it.each([
    ["a well-formed day", [{ start: "09:00", end: "12:00" }], []],
    [
      "touching ranges",
      [
        { start: "09:00", end: "12:00" },
        { start: "12:00", end: "13:00" },
      ],
      [],
    ],
    ["an end of 24:00", [{ start: "18:00", end: "24:00" }], []],
    ["an end before the start", [{ start: "13:00", end: "12:00" }], ["13:00–12:00 ends before it starts"]],
    ["an empty range", [{ start: "12:00", end: "12:00" }], ["12:00–12:00 is empty: it ends when it starts"]],
    ["24:00 as a start", [{ start: "24:00", end: "24:00" }], ["“24:00” is not a start time; use HH:MM, like 09:30"]],
    ["a bad end", [{ start: "09:00", end: "9pm" }], ["“9pm” is not an end time; use HH:MM, like 17:00"]],
    ["24:30", [{ start: "09:00", end: "24:30" }], ["“24:30” is not an end time; use HH:MM, like 17:00"]],
    [
      "overlapping ranges in any order",
      [
        { start: "11:00", end: "13:00" },
        { start: "09:00", end: "12:00" },
      ],
      ["09:00–12:00 overlaps 11:00–13:00"],
    ],
  ])("%s", (_name, ranges, messages) => {
    expect(rangeProblems(ranges).map((problem) => problem.message)).toEqual(messages);
  });

  it("allows six ranges a day and no more", () => {
    const six = Array.from({ length: 6 }, (_, hour) => ({ start: `1${hour}:00`, end: `1${hour}:30` }));
    expect(rangeProblems(six)).toEqual([]);
    expect(rangeProblems([...six, { start: "17:00", end: "18:00" }]).map((problem) => problem.message)).toEqual([
      "use at most 6 ranges a day",
    ]);
  });

  it("points at the later of two overlapping ranges", () => {
    expect(
      rangeProblems([
        { start: "09:00", end: "12:00" },
        { start: "14:00", end: "15:00" },
        { start: "10:00", end: "11:00" },
      ]),
    ).toEqual([{ index: 2, message: "09:00–12:00 overlaps 10:00–11:00" }]);
  });
});

describe("rangesFromRows", () => {
  it("skips blank rows, sorts by start and keeps the stored shape exactly", () => {
    expect(rangesFromRows([{}, { start: "13:00", end: "17:00" }, null, { start: "09:00", end: "12:00" }])).toEqual({
      ranges: [
        { start: "09:00", end: "12:00" },
        { start: "13:00", end: "17:00" },
      ],
      problems: [],
    });
    expect(rangesFromRows(undefined)).toEqual({ ranges: [], problems: [] });
  });

  it("treats a side sent twice (an array, found by fuzzing) as missing instead of throwing", () => {
    expect(rangesFromRows([{ start: ["09:00", ""], end: "12:00" }]).problems.map((problem) => problem.message)).toEqual([
      "range 1 needs a start time too",
    ]);
  });

  it("reads an end of 00:00 as midnight at the end of the day", () => {
    expect(rangesFromRows([{ start: "20:00", end: "00:00" }]).ranges).toEqual([{ start: "20:00", end: "24:00" }]);
    expect(rangesFromRows([{ start: "00:00", end: "00:00" }]).problems.map((problem) => problem.message)).toEqual([
      "00:00–00:00 is empty: it ends when it starts",
    ]);
  });

  it("drops whole seconds that some time inputs send", () => {
    expect(rangesFromRows([{ start: "09:00:00", end: "10:30:00" }]).ranges).toEqual([{ start: "09:00", end: "10:30" }]);
  });

  it("names half-filled rows and points problems at the form row they came from", () => {
    expect(rangesFromRows([{ start: "09:00" }, {}, { end: "12:00" }]).problems).toEqual([
      { index: 0, message: "range 1 needs an end time too" },
      { index: 2, message: "range 3 needs a start time too" },
    ]);
    expect(rangesFromRows([{}, { start: "13:00", end: "12:00" }])).toEqual({
      ranges: [],
      problems: [{ index: 1, message: "13:00–12:00 ends before it starts" }],
    });
  });
});

describe("stored JSON", () => {
  it("writes every day in calendar order and reads it back", () => {
    const json = weeklyHoursJson(defaultWeeklyHours());
    expect(json).toBe(
      '{"mon":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"17:00"}],' +
        '"tue":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"17:00"}],' +
        '"wed":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"17:00"}],' +
        '"thu":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"17:00"}],' +
        '"fri":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"17:00"}],' +
        '"sat":[],"sun":[]}',
    );
    expect(readWeeklyHoursJson(json)).toEqual(defaultWeeklyHours());
    expect(weeklyMinutes(defaultWeeklyHours())).toBe(35 * 60);
  });

  it("reads a missing day as empty and anything malformed as null", () => {
    expect(readWeeklyHoursJson('{"tue":[{"start":"10:00","end":"11:00"}]}')?.tue).toEqual([{ start: "10:00", end: "11:00" }]);
    expect(readWeeklyHoursJson('{"tue":[{"start":"11:00","end":"10:00"}]}')).toBeNull();
    expect(readWeeklyHoursJson("[]")).toBeNull();
    expect(readWeeklyHoursJson("not json")).toBeNull();
    expect(readRangesJson("[]")).toEqual([]);
    expect(readRangesJson('[{"start":"09:00"}]')).toBeNull();
  });

  it("shows a stored 24:00 as 00:00 in a time input", () => {
    expect(timeInputValue("24:00")).toBe("00:00");
    expect(timeInputValue("17:30")).toBe("17:30");
  });
});

describe("localDateTimeToUtc across New York's 2026 clock changes", () => {
  it("converts an ordinary time", () => {
    expect(localDateTimeToUtc("2026-07-01T09:00", NY, "earlier")).toEqual({
      ok: true,
      instant: new Date("2026-07-01T13:00:00Z"),
      ambiguous: false,
    });
    expect(localDateTimeToUtc("2026-12-01T09:00", NY, "later")).toEqual({
      ok: true,
      instant: new Date("2026-12-01T14:00:00Z"),
      ambiguous: false,
    });
  });

  it("refuses 02:30 on 8 March, which never happens, and suggests 03:30", () => {
    expect(localDateTimeToUtc("2026-03-08T02:30", NY, "earlier")).toEqual({ ok: false, reason: "nonexistent", suggestion: "03:30" });
    expect(localDateTimeToUtc("2026-03-08T03:00", NY, "earlier")).toMatchObject({ ok: true, instant: new Date("2026-03-08T07:00:00Z") });
    expect(localDateTimeToUtc("2026-03-08T01:59", NY, "earlier")).toMatchObject({ ok: true, instant: new Date("2026-03-08T06:59:00Z") });
  });

  it("reads 01:30 on 1 November, which happens twice, as the first (EDT) or second (EST) occurrence", () => {
    expect(localDateTimeToUtc("2026-11-01T01:30", NY, "earlier")).toEqual({
      ok: true,
      instant: new Date("2026-11-01T05:30:00Z"),
      ambiguous: true,
    });
    expect(localDateTimeToUtc("2026-11-01T01:30", NY, "later")).toEqual({
      ok: true,
      instant: new Date("2026-11-01T06:30:00Z"),
      ambiguous: true,
    });
    expect(localDateTimeToUtc("2026-11-01T02:00", NY, "later")).toEqual({
      ok: true,
      instant: new Date("2026-11-01T07:00:00Z"),
      ambiguous: false,
    });
  });

  it("handles a half-hour change (Lord Howe Island) and refuses malformed input", () => {
    expect(localDateTimeToUtc("2026-04-05T01:45", "Australia/Lord_Howe", "later")).toMatchObject({ ok: true, ambiguous: true });
    expect(localDateTimeToUtc("2026-02-30T09:00", NY, "earlier")).toEqual({ ok: false, reason: "malformed" });
    expect(localDateTimeToUtc("2026-03-01 09:00", NY, "earlier")).toEqual({ ok: false, reason: "malformed" });
    expect(localDateTimeToUtc("2026-03-01T09:00", "Mars/Olympus", "earlier")).toEqual({ ok: false, reason: "malformed" });
  });
});
