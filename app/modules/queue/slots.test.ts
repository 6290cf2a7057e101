import { describe, expect, test } from "vitest";
import { addLocalDays, utcToZonedParts, zonedLocalToUtc } from "~/utils/zoned-time.ts";
import { type Availability, type TimeRange, WEEKDAYS, type Weekday } from "./availability.ts";
import { type BusyTimes, type CsmSchedule, type Interval, type SlotRequest, isBookable, poolSlots, slotsForCsm } from "./slots.ts";

// ---------------------------------------------------------------------------------------------------
// Scenario builders

const hours = (...ranges: string[]): TimeRange[] =>
  ranges.map((range) => {
    const [start = "", end = ""] = range.split("-");
    return { start, end };
  });

function weekly(days: Partial<Record<Weekday, TimeRange[]>>): Availability["weeklyHours"] {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, days[day] ?? []])) as Availability["weeklyHours"];
}

const everyDay = (ranges: TimeRange[]) => weekly(Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])));
const workdays = (ranges: TimeRange[]) => weekly({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });

function csm(csmId: string, patch: Partial<Availability> = {}): CsmSchedule {
  return {
    csmId,
    availability: {
      timeZone: "UTC",
      weeklyHours: everyDay(hours("09:00-17:00")),
      overrides: {},
      timeOff: [],
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 0,
      maxHoursPerDay: null,
      horizonDays: 365,
      ...patch,
    },
  };
}

const at = (iso: string) => new Date(iso);
const span = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });
const noBusy: BusyTimes = { bookings: [] };
const NOW = at("2026-01-01T00:00:00Z");

/** The whole local day `date` of `timeZone` as a request window. */
function localDay(date: string, timeZone: string, patch: Partial<SlotRequest> = {}): SlotRequest {
  return {
    from: zonedLocalToUtc(date, "00:00", timeZone),
    to: zonedLocalToUtc(addLocalDays(date, 1), "00:00", timeZone),
    now: NOW,
    ...patch,
  };
}

const utcStarts = (slots: Array<{ start: Date }>) => slots.map((slot) => slot.start.toISOString().slice(0, 16) + "Z");
const localStarts = (slots: Array<{ start: Date }>, timeZone: string) => slots.map((slot) => utcToZonedParts(slot.start, timeZone).time);

// ---------------------------------------------------------------------------------------------------

describe("weekly hours become instants in the CSM's zone", () => {
  test.each([
    // zone, local date, hours, expected UTC starts
    ["UTC", "2026-06-16", ["09:00-12:00"], ["2026-06-16T09:00Z", "2026-06-16T10:00Z", "2026-06-16T11:00Z"]],
    ["America/New_York", "2026-06-16", ["09:00-12:00"], ["2026-06-16T13:00Z", "2026-06-16T14:00Z", "2026-06-16T15:00Z"]],
    ["America/New_York", "2026-01-13", ["09:00-12:00"], ["2026-01-13T14:00Z", "2026-01-13T15:00Z", "2026-01-13T16:00Z"]],
    ["Europe/Paris", "2026-01-13", ["09:00-11:00"], ["2026-01-13T08:00Z", "2026-01-13T09:00Z"]],
    ["Europe/Paris", "2026-06-16", ["09:00-11:00"], ["2026-06-16T07:00Z", "2026-06-16T08:00Z"]],
    ["Asia/Kolkata", "2026-06-16", ["09:00-11:00"], ["2026-06-16T03:30Z", "2026-06-16T04:30Z"]],
    // Sydney's Tuesday morning is Monday evening in UTC.
    ["Australia/Sydney", "2026-06-16", ["09:00-11:00"], ["2026-06-15T23:00Z", "2026-06-16T00:00Z"]],
    // Lord Howe is UTC+10:30 in winter and UTC+11 in summer (a 30-minute DST).
    ["Australia/Lord_Howe", "2026-06-16", ["09:00-11:00"], ["2026-06-15T22:30Z", "2026-06-15T23:30Z"]],
    ["Australia/Lord_Howe", "2026-01-13", ["09:00-11:00"], ["2026-01-12T22:00Z", "2026-01-12T23:00Z"]],
    // Slots never cross a range end: 12:00 would run to 13:00, past 12:30, and 16:30 past 17:00.
    [
      "Europe/Paris",
      "2026-06-16",
      ["09:00-12:30", "13:30-17:00"],
      ["2026-06-16T07:00Z", "2026-06-16T08:00Z", "2026-06-16T09:00Z", "2026-06-16T11:30Z", "2026-06-16T12:30Z", "2026-06-16T13:30Z"],
    ],
    // A range to 24:00 ends at midnight, and ranges given out of order still come out sorted.
    ["UTC", "2026-06-16", ["22:00-24:00", "08:00-09:00"], ["2026-06-16T08:00Z", "2026-06-16T22:00Z", "2026-06-16T23:00Z"]],
  ])("%s on %s, %j", (timeZone, date, ranges, expected) => {
    const schedule = csm("a", { timeZone, weeklyHours: everyDay(hours(...ranges)) });
    expect(utcStarts(slotsForCsm(schedule, noBusy, localDay(date, timeZone)))).toEqual(expected);
  });

  test("each weekday reads its own hours (2026-06-15 is a Monday)", () => {
    const schedule = csm("a", { weeklyHours: weekly({ mon: hours("09:00-10:00"), wed: hours("14:00-15:00"), sun: hours("11:00-12:00") }) });
    const slots = slotsForCsm(schedule, noBusy, { from: at("2026-06-15T00:00Z"), to: at("2026-06-22T00:00Z"), now: NOW });
    expect(utcStarts(slots)).toEqual(["2026-06-15T09:00Z", "2026-06-17T14:00Z", "2026-06-21T11:00Z"]);
  });

  test("a slot is an hour long by default, or the offering's length, and names its CSM", () => {
    const schedule = csm("csm-7", { weeklyHours: everyDay(hours("09:00-10:30")) });
    const [slot] = slotsForCsm(schedule, noBusy, localDay("2026-06-16", "UTC", { durationMinutes: 90 }));
    expect(slot).toEqual({ start: at("2026-06-16T09:00Z"), end: at("2026-06-16T10:30Z"), csmId: "csm-7" });
  });

  test("the window takes slots starting at or after `from` and before `to`", () => {
    const schedule = csm("a");
    const slots = slotsForCsm(schedule, noBusy, { from: at("2026-06-16T10:00Z"), to: at("2026-06-16T12:00Z"), now: NOW });
    expect(utcStarts(slots)).toEqual(["2026-06-16T10:00Z", "2026-06-16T11:00Z"]);
  });
});

describe("DST: wall-clock hours keep their wall time and the change night is handled explicitly", () => {
  test.each([
    // Workday hours 09:00–17:00 on the Friday before and the Monday after each 2026 change.
    ["America/New_York", "2026-03-06", "2026-03-06T14:00Z", "2026-03-06T21:00Z"],
    ["America/New_York", "2026-03-09", "2026-03-09T13:00Z", "2026-03-09T20:00Z"],
    ["America/New_York", "2026-10-30", "2026-10-30T13:00Z", "2026-10-30T20:00Z"],
    ["America/New_York", "2026-11-02", "2026-11-02T14:00Z", "2026-11-02T21:00Z"],
    ["Europe/Paris", "2026-03-27", "2026-03-27T08:00Z", "2026-03-27T15:00Z"],
    ["Europe/Paris", "2026-03-30", "2026-03-30T07:00Z", "2026-03-30T14:00Z"],
    ["Europe/Paris", "2026-10-23", "2026-10-23T07:00Z", "2026-10-23T14:00Z"],
    ["Europe/Paris", "2026-10-26", "2026-10-26T08:00Z", "2026-10-26T15:00Z"],
  ])("%s on %s: 09:00 is %s and 16:00 is %s", (timeZone, date, first, last) => {
    const schedule = csm("a", { timeZone, weeklyHours: workdays(hours("09:00-17:00")) });
    const slots = utcStarts(slotsForCsm(schedule, noBusy, localDay(date, timeZone)));
    expect(slots).toHaveLength(8);
    expect([slots[0], slots[7]]).toEqual([first, last]);
  });

  test.each([
    // zone, change night, hours, step, UTC starts, the same starts on the CSM's wall clock
    [
      "America/New_York spring forward (02:00 EST → 03:00 EDT): 02:00 does not exist and is skipped",
      "America/New_York",
      "2026-03-08",
      "01:00-04:00",
      60,
      ["2026-03-08T06:00Z", "2026-03-08T07:00Z"],
      ["01:00", "03:00"],
    ],
    [
      "America/New_York spring forward, 30-minute step: 01:30 EST runs a real hour, to 03:30 EDT",
      "America/New_York",
      "2026-03-08",
      "01:00-04:00",
      30,
      ["2026-03-08T06:00Z", "2026-03-08T06:30Z", "2026-03-08T07:00Z"],
      ["01:00", "01:30", "03:00"],
    ],
    [
      "America/New_York spring forward, a range starting in the gap: 02:30 is skipped, 03:30 aligns with it",
      "America/New_York",
      "2026-03-08",
      "02:30-05:00",
      60,
      ["2026-03-08T07:30Z"],
      ["03:30"],
    ],
    [
      "America/New_York fall back (02:00 EDT → 01:00 EST): 01:00 and 01:30 are offered once, at the EDT reading",
      "America/New_York",
      "2026-11-01",
      "00:00-04:00",
      30,
      [
        "2026-11-01T04:00Z",
        "2026-11-01T04:30Z",
        "2026-11-01T05:00Z",
        "2026-11-01T05:30Z",
        "2026-11-01T07:00Z",
        "2026-11-01T07:30Z",
        "2026-11-01T08:00Z",
      ],
      ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00"],
    ],
    [
      "Europe/Paris spring forward (02:00 CET → 03:00 CEST)",
      "Europe/Paris",
      "2026-03-29",
      "01:00-05:00",
      60,
      ["2026-03-29T00:00Z", "2026-03-29T01:00Z", "2026-03-29T02:00Z"],
      ["01:00", "03:00", "04:00"],
    ],
    [
      "Europe/Paris fall back (03:00 CEST → 02:00 CET): 02:00 once, as CEST",
      "Europe/Paris",
      "2026-10-25",
      "01:00-05:00",
      60,
      ["2026-10-24T23:00Z", "2026-10-25T00:00Z", "2026-10-25T02:00Z", "2026-10-25T03:00Z"],
      ["01:00", "02:00", "03:00", "04:00"],
    ],
    [
      "Australia/Lord_Howe's 30-minute spring forward (02:00 → 02:30)",
      "Australia/Lord_Howe",
      "2026-10-04",
      "01:00-04:00",
      30,
      ["2026-10-03T14:30Z", "2026-10-03T15:00Z", "2026-10-03T15:30Z", "2026-10-03T16:00Z"],
      ["01:00", "01:30", "02:30", "03:00"],
    ],
  ])("%s", (_label, timeZone, date, range, stepMinutes, expectedUtc, expectedWall) => {
    const schedule = csm("a", { timeZone, weeklyHours: everyDay(hours(range)) });
    const slots = slotsForCsm(schedule, noBusy, localDay(date, timeZone, { stepMinutes }));
    expect(utcStarts(slots)).toEqual(expectedUtc);
    expect(localStarts(slots, timeZone)).toEqual(expectedWall);
    // Every slot lasts a real hour, whatever the wall clock says.
    for (const slot of slots) expect(slot.end.getTime() - slot.start.getTime()).toBe(60 * 60_000);
  });

  test("the second 01:30 of New York's fall-back night is not a start, and no wall time is listed twice", () => {
    const schedule = csm("a", { timeZone: "America/New_York", weeklyHours: everyDay(hours("00:00-04:00")) });
    const request = localDay("2026-11-01", "America/New_York", { stepMinutes: 30 });
    const slots = slotsForCsm(schedule, noBusy, request);
    const wall = localStarts(slots, "America/New_York");
    expect(new Set(wall).size).toBe(wall.length);
    // 05:30Z is 01:30 EDT (offered); 06:30Z is 01:30 EST (the repeat, not offered).
    expect(isBookable(schedule, noBusy, at("2026-11-01T05:30Z"), 60, NOW, 30)).toBe(true);
    expect(isBookable(schedule, noBusy, at("2026-11-01T06:30Z"), 60, NOW, 30)).toBe(false);
    // If 01:30 EDT is taken, the repeat hour is still not offered in its place.
    const taken = { bookings: [span("2026-11-01T05:30Z", "2026-11-01T06:30Z")] };
    expect(utcStarts(slotsForCsm(schedule, taken, request))).not.toContain("2026-11-01T06:30Z");
  });

  test("a week spanning the US change but not yet the EU one shifts the New York CSM against Paris", () => {
    const ny = csm("ny", { timeZone: "America/New_York", weeklyHours: workdays(hours("09:00-10:00")) });
    const paris = csm("paris", { timeZone: "Europe/Paris", weeklyHours: workdays(hours("15:00-16:00")) });
    const pool = [
      { csm: ny, busy: noBusy },
      { csm: paris, busy: noBusy },
    ];
    const before = poolSlots(pool, { from: at("2026-03-06T00:00Z"), to: at("2026-03-07T00:00Z"), now: NOW });
    expect(before.map((slot) => [slot.start.toISOString(), slot.csmIds])).toEqual([["2026-03-06T14:00:00.000Z", ["ny", "paris"]]]);
    const between = poolSlots(pool, { from: at("2026-03-09T00:00Z"), to: at("2026-03-10T00:00Z"), now: NOW });
    expect(between.map((slot) => [slot.start.toISOString(), slot.csmIds])).toEqual([
      ["2026-03-09T13:00:00.000Z", ["ny"]],
      ["2026-03-09T14:00:00.000Z", ["paris"]],
    ]);
  });
});

describe("overrides and time off", () => {
  const schedule = csm("a", {
    timeZone: "Australia/Sydney",
    weeklyHours: workdays(hours("09:00-12:00")),
    overrides: {
      "2026-06-16": hours("14:00-16:00"), // a Tuesday: replaced
      "2026-06-17": [], // a Wednesday: day off
      "2026-06-20": hours("10:00-11:00"), // a Saturday: extra hours
    },
  });

  test.each([
    ["2026-06-15", "weekly hours", ["09:00", "10:00", "11:00"]],
    ["2026-06-16", "the override replaces them", ["14:00", "15:00"]],
    ["2026-06-17", "an empty override is a day off", []],
    ["2026-06-20", "an override adds hours on a free day", ["10:00"]],
    ["2026-06-21", "no hours on Sunday", []],
  ])("%s: %s (keyed by the CSM's local date)", (date, _label, expected) => {
    expect(localStarts(slotsForCsm(schedule, noBusy, localDay(date, "Australia/Sydney")), "Australia/Sydney")).toEqual(expected);
  });

  test("time off mid-day removes the slots it touches and the rest keep their alignment", () => {
    const away = csm("a", { timeOff: [{ start: "2026-06-16T11:30:00Z", end: "2026-06-16T13:15:00Z" }] });
    expect(localStarts(slotsForCsm(away, noBusy, localDay("2026-06-16", "UTC")), "UTC")).toEqual([
      "09:00",
      "10:00",
      "14:00",
      "15:00",
      "16:00",
    ]);
  });

  test("time off over several days takes them all out", () => {
    const away = csm("a", { timeOff: [{ start: "2026-06-16T00:00:00Z", end: "2026-06-18T12:00:00Z" }] });
    const slots = slotsForCsm(away, noBusy, { from: at("2026-06-15T00:00Z"), to: at("2026-06-19T00:00Z"), now: NOW });
    expect(new Set(slots.map((slot) => slot.start.toISOString().slice(0, 10)))).toEqual(new Set(["2026-06-15", "2026-06-18"]));
    expect(utcStarts(slots).filter((start) => start.startsWith("2026-06-18"))).toEqual([
      "2026-06-18T12:00Z",
      "2026-06-18T13:00Z",
      "2026-06-18T14:00Z",
      "2026-06-18T15:00Z",
      "2026-06-18T16:00Z",
    ]);
  });
});

describe("bookings, busy time and buffers", () => {
  const day = localDay("2026-06-16", "UTC", { stepMinutes: 30 });

  test("without buffers a booking removes exactly the slots that overlap it", () => {
    const busy = { bookings: [span("2026-06-16T12:00Z", "2026-06-16T13:00Z")] };
    expect(localStarts(slotsForCsm(csm("a"), busy, day), "UTC")).toEqual([
      "09:00",
      "09:30",
      "10:00",
      "10:30",
      "11:00",
      "13:00",
      "13:30",
      "14:00",
      "14:30",
      "15:00",
      "15:30",
      "16:00",
    ]);
  });

  test("buffers before (15) and after (30) keep 45 minutes between meetings, both ways round", () => {
    // Before the 12:00 booking: a new slot's 30 minutes of notes and the booking's 15 minutes of prep
    // both need room, so the latest start is 10:00 (ends 11:00, 60 minutes clear). After it: its notes
    // run to 13:30 and the new slot's prep needs 15 more, so 14:00 is the first start on the grid.
    const buffered = csm("a", { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 });
    const busy = { bookings: [span("2026-06-16T12:00Z", "2026-06-16T13:00Z")] };
    expect(localStarts(slotsForCsm(buffered, busy, day), "UTC")).toEqual([
      "09:00",
      "09:30",
      "10:00",
      "14:00",
      "14:30",
      "15:00",
      "15:30",
      "16:00",
    ]);
    // 09:00 is offered although its prep falls before the working day: buffers may spill outside hours.
  });

  test("other busy time (a webinar) must stay clear of the new slot and its buffers, but has none of its own", () => {
    const buffered = csm("a", { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 });
    const busy = { bookings: [], other: [span("2026-06-16T12:00Z", "2026-06-16T13:00Z")] };
    // Slot s conflicts when [s − 15, s + 90) meets [12:00, 13:00): 10:30 < s < 13:15.
    expect(localStarts(slotsForCsm(buffered, busy, day), "UTC")).toEqual([
      "09:00",
      "09:30",
      "10:00",
      "10:30",
      "13:30",
      "14:00",
      "14:30",
      "15:00",
      "15:30",
      "16:00",
    ]);
  });

  test("bookings and busy ranges may come unsorted and overlapping", () => {
    const busy = {
      bookings: [span("2026-06-16T15:00Z", "2026-06-16T16:00Z"), span("2026-06-16T09:00Z", "2026-06-16T10:00Z")],
      other: [span("2026-06-16T09:30Z", "2026-06-16T11:00Z"), span("2026-06-16T10:00Z", "2026-06-16T10:30Z")],
    };
    expect(localStarts(slotsForCsm(csm("a"), busy, localDay("2026-06-16", "UTC")), "UTC")).toEqual([
      "11:00",
      "12:00",
      "13:00",
      "14:00",
      "16:00",
    ]);
  });
});

describe("minimum notice, horizon and the cap on hours per day", () => {
  test.each([
    // now, notice (minutes), first start offered on a 09–17 UTC day
    ["2026-06-16T07:00:00Z", 0, "2026-06-16T09:00Z"],
    ["2026-06-16T10:20:00Z", 0, "2026-06-16T11:00Z"],
    ["2026-06-16T10:00:00Z", 0, "2026-06-16T10:00Z"],
    ["2026-06-16T10:20:00Z", 120, "2026-06-16T13:00Z"],
    ["2026-06-16T10:00:00Z", 120, "2026-06-16T12:00Z"],
    ["2026-06-16T10:20:00Z", 24 * 60, "2026-06-17T11:00Z"],
  ])("now %s with %i minutes' notice: first slot %s", (now, minimumNoticeMinutes, first) => {
    const schedule = csm("a", { minimumNoticeMinutes });
    const slots = slotsForCsm(schedule, noBusy, { from: at("2026-06-16T00:00Z"), to: at("2026-06-19T00:00Z"), now: at(now) });
    expect(utcStarts(slots)[0]).toBe(first);
  });

  test.each([
    // The CSM is in New York; 02:00Z on 17 June is still 16 June (22:00) there.
    ["2026-06-17T02:00:00Z", 0, []],
    ["2026-06-17T02:00:00Z", 1, ["2026-06-17"]],
    ["2026-06-16T14:30:00Z", 2, ["2026-06-16", "2026-06-17", "2026-06-18"]],
  ])("now %s with a horizon of %i days: bookable dates %j", (now, horizonDays, dates) => {
    const schedule = csm("a", { timeZone: "America/New_York", horizonDays });
    const slots = slotsForCsm(schedule, noBusy, { from: at("2026-06-15T00:00Z"), to: at("2026-06-25T00:00Z"), now: at(now) });
    expect([...new Set(slots.map((slot) => utcToZonedParts(slot.start, "America/New_York").date))]).toEqual(dates);
  });

  test("the cap counts bookings on the CSM's local day, not the UTC one", () => {
    // Tuesday 16 June in New York: 10:00 and 21:00 local. 21:00 EDT is 01:00Z on Wednesday.
    const schedule = csm("a", {
      timeZone: "America/New_York",
      weeklyHours: everyDay(hours("09:00-17:00", "20:00-23:00")),
      maxHoursPerDay: 2,
    });
    const busy = { bookings: [span("2026-06-16T14:00Z", "2026-06-16T15:00Z"), span("2026-06-17T01:00Z", "2026-06-17T02:00Z")] };
    const window = { from: at("2026-06-16T04:00Z"), to: at("2026-06-18T04:00Z"), now: NOW };
    const dates = slotsForCsm(schedule, busy, window).map((slot) => utcToZonedParts(slot.start, "America/New_York").date);
    expect(dates.filter((date) => date === "2026-06-16")).toHaveLength(0);
    expect(dates.filter((date) => date === "2026-06-17")).toHaveLength(11);
  });

  test("under the cap every free slot is offered; the cap counts booked minutes, so a 90-minute offering needs room for 90", () => {
    const schedule = csm("a", { maxHoursPerDay: 2 });
    const busy = { bookings: [span("2026-06-16T09:00Z", "2026-06-16T10:00Z")] };
    const day = localDay("2026-06-16", "UTC");
    expect(localStarts(slotsForCsm(schedule, busy, day), "UTC")).toEqual(["10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
    expect(slotsForCsm(schedule, busy, { ...day, durationMinutes: 90, stepMinutes: 30 })).toEqual([]);
    expect(
      slotsForCsm({ ...schedule, availability: { ...schedule.availability, maxHoursPerDay: 3 } }, busy, { ...day, durationMinutes: 90 }),
    ).not.toEqual([]);
  });
});

describe("a 90-minute offering stepping every 30 minutes", () => {
  test("starts every half hour from each range's start and ends inside the range", () => {
    const schedule = csm("a", { timeZone: "Asia/Kolkata", weeklyHours: everyDay(hours("09:00-12:30", "13:30-17:00")) });
    const slots = slotsForCsm(schedule, noBusy, localDay("2026-06-16", "Asia/Kolkata", { durationMinutes: 90, stepMinutes: 30 }));
    expect(localStarts(slots, "Asia/Kolkata")).toEqual([
      "09:00",
      "09:30",
      "10:00",
      "10:30",
      "11:00",
      "13:30",
      "14:00",
      "14:30",
      "15:00",
      "15:30",
    ]);
    expect(slots.map((slot) => utcToZonedParts(slot.end, "Asia/Kolkata").time).at(-1)).toBe("17:00");
  });

  test("a booking at 11:00 leaves the starts whose 90 minutes miss it", () => {
    const schedule = csm("a", { weeklyHours: everyDay(hours("09:00-17:00")) });
    const busy = { bookings: [span("2026-06-16T11:00Z", "2026-06-16T12:00Z")] };
    const slots = slotsForCsm(schedule, busy, localDay("2026-06-16", "UTC", { durationMinutes: 90, stepMinutes: 30 }));
    expect(localStarts(slots, "UTC")).toEqual(["09:00", "09:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30"]);
  });
});

describe("poolSlots", () => {
  test("merges CSMs by start time, listing every free CSM in pool order", () => {
    const ny = csm("ny", { timeZone: "America/New_York", weeklyHours: everyDay(hours("09:00-12:00")) });
    const paris = csm("paris", { timeZone: "Europe/Paris", weeklyHours: everyDay(hours("15:00-18:00")) });
    const kolkata = csm("kolkata", { timeZone: "Asia/Kolkata", weeklyHours: everyDay(hours("18:30-21:30")) });
    const pool = [
      { csm: paris, busy: { bookings: [span("2026-06-16T14:00Z", "2026-06-16T15:00Z")] } },
      { csm: ny, busy: noBusy },
      { csm: kolkata, busy: noBusy },
    ];
    const slots = poolSlots(pool, { from: at("2026-06-16T00:00Z"), to: at("2026-06-17T00:00Z"), now: NOW });
    expect(slots.map((slot) => [slot.start.toISOString().slice(11, 16), slot.csmIds])).toEqual([
      ["13:00", ["paris", "ny", "kolkata"]],
      ["14:00", ["ny", "kolkata"]],
      ["15:00", ["paris", "ny", "kolkata"]],
    ]);
    for (const slot of slots) expect(slot.end.getTime() - slot.start.getTime()).toBe(60 * 60_000);
  });

  test("is the union of each CSM's own slots", () => {
    const members = [
      { csm: csm("a", { timeZone: "America/Los_Angeles" }), busy: { bookings: [span("2026-06-16T17:00Z", "2026-06-16T18:00Z")] } },
      { csm: csm("b", { timeZone: "Europe/London", minimumNoticeMinutes: 600 }), busy: noBusy },
      { csm: csm("c", { timeZone: "Asia/Singapore", weeklyHours: workdays(hours("10:00-12:00", "13:00-16:00")) }), busy: noBusy },
    ];
    const request = { from: at("2026-06-15T00:00Z"), to: at("2026-06-22T00:00Z"), now: at("2026-06-15T08:00Z") };
    const pooled = poolSlots(members, request).flatMap((slot) => slot.csmIds.map((csmId) => `${slot.start.toISOString()} ${csmId}`));
    const separate = members.flatMap(({ csm: schedule, busy }) =>
      slotsForCsm(schedule, busy, request).map((slot) => `${slot.start.toISOString()} ${slot.csmId}`),
    );
    expect(pooled.sort()).toEqual(separate.sort());
    const starts = poolSlots(members, request).map((slot) => slot.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(starts.length);
  });

  test("an empty pool has no slots", () => {
    expect(poolSlots([], { from: at("2026-06-15T00:00Z"), to: at("2026-06-22T00:00Z"), now: NOW })).toEqual([]);
  });
});

describe("request checks", () => {
  test.each([
    [{ durationMinutes: 0 }],
    [{ durationMinutes: 45.5 }],
    [{ stepMinutes: 2 }],
    [{ durationMinutes: 60 * 25 }],
    [{ now: new Date("nonsense") }],
  ])("rejects %o", (patch) => {
    expect(() => slotsForCsm(csm("a"), noBusy, localDay("2026-06-16", "UTC", patch))).toThrow(RangeError);
  });

  test("an empty or inverted window has no slots", () => {
    expect(slotsForCsm(csm("a"), noBusy, { from: at("2026-06-16T12:00Z"), to: at("2026-06-16T12:00Z"), now: NOW })).toEqual([]);
    expect(slotsForCsm(csm("a"), noBusy, { from: at("2026-06-17T12:00Z"), to: at("2026-06-16T12:00Z"), now: NOW })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Property-style: random schedules and busy sets against a naive restatement of the rules.

function mulberry32(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const pad = (value: number) => String(value).padStart(2, "0");
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** The rules written out the slow, obvious way, with Intl for every conversion. */
function naiveStarts(schedule: CsmSchedule, busy: BusyTimes, request: SlotRequest): number[] {
  const a = schedule.availability;
  const zone = a.timeZone;
  const duration = (request.durationMinutes ?? 60) * MINUTE;
  const step = request.stepMinutes ?? request.durationMinutes ?? 60;
  const earliest = Math.max(request.from.getTime(), request.now.getTime() + a.minimumNoticeMinutes * MINUTE);
  const lastDate = addLocalDays(utcToZonedParts(request.now, zone).date, a.horizonDays);
  const localDateOf = (ms: number) => utcToZonedParts(new Date(ms), zone).date;
  const out: number[] = [];
  const firstDate = addLocalDays(localDateOf(request.from.getTime()), -1);
  const endDate = addLocalDays(localDateOf(request.to.getTime()), 1);
  for (let date = firstDate; date <= endDate; date = addLocalDays(date, 1)) {
    if (date > lastDate) continue;
    const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
    const ranges = a.overrides[date] ?? a.weeklyHours[weekday];
    const bookedMinutes = busy.bookings
      .filter((booking) => localDateOf(booking.start.getTime()) === date)
      .reduce((sum, booking) => sum + (booking.end.getTime() - booking.start.getTime()) / MINUTE, 0);
    if (a.maxHoursPerDay !== null && bookedMinutes + duration / MINUTE > a.maxHoursPerDay * 60) continue;
    for (const range of ranges) {
      const [startMinute, endMinute] = [range.start, range.end].map((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3)));
      const rangeEnd =
        endMinute === 1440
          ? zonedLocalToUtc(addLocalDays(date, 1), "00:00", zone).getTime()
          : zonedLocalToUtc(date, range.end, zone).getTime();
      for (let minute = startMinute!; minute < endMinute!; minute += step) {
        const start = zonedLocalToUtc(date, clock(minute), zone).getTime();
        const wall = utcToZonedParts(new Date(start), zone);
        if (wall.date !== date || wall.time !== clock(minute)) continue; // in a gap
        const end = start + duration;
        if (end > rangeEnd || start < earliest || start >= request.to.getTime()) continue;
        const meets = (from: number, to: number, other: Interval) => other.start.getTime() < to && from < other.end.getTime();
        if (a.timeOff.some((off) => meets(start, end, { start: new Date(off.start), end: new Date(off.end) }))) continue;
        const [before, after] = [a.bufferBeforeMinutes * MINUTE, a.bufferAfterMinutes * MINUTE];
        const padded = { start: new Date(start - before), end: new Date(end + after) };
        if (busy.bookings.some((booking) => meets(booking.start.getTime() - before, booking.end.getTime() + after, padded))) continue;
        if ((busy.other ?? []).some((other) => meets(start - before, end + after, other))) continue;
        out.push(start);
      }
    }
  }
  return out.sort((x, y) => x - y);
}

const ZONES = ["America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "America/Los_Angeles", "UTC"];
// Windows over each 2026 change in those zones, and one ordinary week.
const WINDOW_STARTS = ["2026-03-06", "2026-03-27", "2026-04-03", "2026-10-02", "2026-10-23", "2026-10-30", "2026-06-12"];

function randomScenario(random: () => number) {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const quarter = (from: number, to: number) => from + Math.floor(random() * ((to - from) / 15 + 1)) * 15;
  const randomDay = (): TimeRange[] => {
    const ranges: TimeRange[] = [];
    let cursor = quarter(0, 600);
    while (cursor < 1440 && random() < 0.8) {
      const end = Math.min(1440, cursor + quarter(30, 360));
      ranges.push({ start: clock(cursor), end: end === 1440 ? "24:00" : clock(end) });
      cursor = end + quarter(0, 180);
      if (cursor >= 1440) break;
    }
    return ranges;
  };
  const timeZone = pick(ZONES);
  const firstDate = pick(WINDOW_STARTS);
  const from = zonedLocalToUtc(firstDate, "00:00", "UTC").getTime();
  const to = from + 4 * 24 * 60 * MINUTE;
  const instantIn = () => from - 12 * 60 * MINUTE + Math.floor(random() * ((to - from + 24 * 60 * MINUTE) / (15 * MINUTE))) * 15 * MINUTE;
  const intervals = (count: number) =>
    Array.from({ length: count }, () => {
      const start = instantIn();
      return { start: new Date(start), end: new Date(start + pick([15, 30, 60, 90, 120]) * MINUTE) };
    });
  const overrides: Record<string, TimeRange[]> = {};
  for (let day = 0; day < 4; day++) if (random() < 0.3) overrides[addLocalDays(firstDate, day)] = random() < 0.3 ? [] : randomDay();

  const schedule = csm("random", {
    timeZone,
    weeklyHours: weekly(Object.fromEntries(WEEKDAYS.map((day) => [day, randomDay()]))),
    overrides,
    timeOff: intervals(Math.floor(random() * 3)).map((off) => ({ start: off.start.toISOString(), end: off.end.toISOString() })),
    bufferBeforeMinutes: pick([0, 0, 10, 15]),
    bufferAfterMinutes: pick([0, 0, 15, 30]),
    minimumNoticeMinutes: pick([0, 60, 240, 1440]),
    maxHoursPerDay: pick([null, null, 2, 4]),
    horizonDays: pick([1, 2, 3, 30]),
  });
  const busy: BusyTimes = { bookings: intervals(Math.floor(random() * 10)), other: intervals(Math.floor(random() * 4)) };
  const durationMinutes = pick([30, 60, 60, 90]);
  const request: SlotRequest = {
    from: new Date(from),
    to: new Date(to),
    now: new Date(from + Math.floor(random() * 48) * 30 * MINUTE),
    durationMinutes,
    stepMinutes: pick([durationMinutes, 30]),
  };
  return { schedule, busy, request };
}

describe("property: the slot list, isBookable and the naive rules agree", () => {
  const random = mulberry32(20260308);
  const scenarios = Array.from({ length: 40 }, () => randomScenario(random));

  test("the scenarios exercise what they should", () => {
    const listed = scenarios.map(({ schedule, busy, request }) => slotsForCsm(schedule, busy, request).length);
    expect(listed.filter((count) => count > 0).length).toBeGreaterThan(20);
    expect(scenarios.filter(({ busy }) => busy.bookings.length > 0).length).toBeGreaterThan(20);
  });

  test.each(scenarios.map((scenario, index) => [index, scenario] as const))("scenario %i", (_index, { schedule, busy, request }) => {
    const listed = slotsForCsm(schedule, busy, request).map((slot) => slot.start.getTime());
    expect(listed.map((ms) => new Date(ms).toISOString())).toEqual(
      naiveStarts(schedule, busy, request).map((ms) => new Date(ms).toISOString()),
    );

    const duration = request.durationMinutes ?? 60;
    // Every candidate start lies on a 15-minute UTC grid (ranges on quarter hours, offsets in half
    // hours), so checking every quarter hour of the window checks every start that could be listed.
    const listedSet = new Set(listed);
    for (let ms = request.from.getTime(); ms < request.to.getTime(); ms += 15 * MINUTE) {
      const bookable = isBookable(schedule, busy, new Date(ms), duration, request.now, request.stepMinutes);
      expect(bookable, new Date(ms).toISOString()).toBe(listedSet.has(ms));
    }
    // A start off the grid is never bookable.
    for (const ms of listed)
      expect(isBookable(schedule, busy, new Date(ms + MINUTE), duration, request.now, request.stepMinutes)).toBe(false);
  });
});
