import { describe, expect, test } from "vitest";
import { type Availability, type TimeRange, WEEKDAYS, type Weekday } from "./availability.ts";
import {
  bookableStarts,
  countBetween,
  durationInWords,
  entitlementOf,
  figuresBetween,
  firstFree,
  formatHours,
  formatUtilisation,
  readPeriod,
  sumFigures,
  waitInWords,
  weeksAhead,
  type CsmCapacity,
  type PeriodFacts,
} from "./capacity.ts";
import type { CsmSchedule, Interval, PoolMember } from "./slots.ts";

const at = (iso: string) => new Date(iso);
const span = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";

const hours = (...ranges: string[]): TimeRange[] =>
  ranges.map((range) => {
    const [start = "", end = ""] = range.split("-");
    return { start, end };
  });

function weekly(days: Partial<Record<Weekday, TimeRange[]>>): Availability["weeklyHours"] {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, days[day] ?? []])) as Availability["weeklyHours"];
}
const workdays = (ranges: TimeRange[]) => weekly({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });
const everyDay = (ranges: TimeRange[]) => weekly(Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])));

function csm(csmId: string, patch: Partial<Availability> = {}): CsmSchedule {
  return {
    csmId,
    availability: {
      timeZone: "UTC",
      weeklyHours: workdays(hours("09:00-17:00")),
      overrides: {},
      timeOff: [],
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minimumNoticeMinutes: 0,
      maxHoursPerDay: null,
      horizonDays: 60,
      ...patch,
    },
  };
}

// Monday 23 – Sunday 29 November 2026 (UTC).
const WEEK = { from: at("2026-11-23T00:00:00Z"), to: at("2026-11-30T00:00:00Z") };
const MONDAY = { from: at("2026-11-23T00:00:00Z"), to: at("2026-11-24T00:00:00Z") };

describe("weeksAhead: weeks from Monday midnight in the viewer's zone", () => {
  test("starts with the week that holds now, even on a Sunday night", () => {
    // Sunday 29 November 23:30 in New York is Monday 04:30 UTC: still the week of Monday 23rd there.
    const weeks = weeksAhead(at("2026-11-30T04:30:00Z"), "America/New_York", 2);
    expect(weeks.map((week) => [week.firstDay, week.lastDay, week.start.toISOString(), week.end.toISOString()])).toEqual([
      ["2026-11-23", "2026-11-29", "2026-11-23T05:00:00.000Z", "2026-11-30T05:00:00.000Z"],
      ["2026-11-30", "2026-12-06", "2026-11-30T05:00:00.000Z", "2026-12-07T05:00:00.000Z"],
    ]);
  });

  test("a viewer east of UTC is already in next week", () => {
    // The same instant is Monday 13:30 in Tokyo.
    const [week] = weeksAhead(at("2026-11-30T04:30:00Z"), "Asia/Tokyo", 1);
    expect([week!.firstDay, week!.start.toISOString()]).toEqual(["2026-11-30", "2026-11-29T15:00:00.000Z"]);
  });

  test("the week in which London's clocks go forward is 167 hours long, and the next starts at BST midnight", () => {
    const weeks = weeksAhead(at("2026-03-25T12:00:00Z"), "Europe/London", 2);
    expect(weeks[0]!.start.toISOString()).toBe("2026-03-23T00:00:00.000Z");
    expect(weeks[0]!.end.toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect((weeks[0]!.end.getTime() - weeks[0]!.start.getTime()) / 3_600_000).toBe(167);
    expect(weeks[1]!.start).toEqual(weeks[0]!.end);
  });
});

describe("bookableStarts: the most bookings a CSM's hours allow", () => {
  test("with no buffers and no cap, every hour of 09:00–17:00 counts", () => {
    const starts = bookableStarts(csm("a"), [], MONDAY, 60);
    expect(starts.map(iso)).toEqual(["09", "10", "11", "12", "13", "14", "15", "16"].map((hour) => `2026-11-23T${hour}:00Z`));
  });

  test("a buffer after each call leaves every other hour, and the daily cap the first three of those", () => {
    expect(bookableStarts(csm("a", { bufferAfterMinutes: 15 }), [], MONDAY, 60).map(iso)).toEqual([
      "2026-11-23T09:00Z",
      "2026-11-23T11:00Z",
      "2026-11-23T13:00Z",
      "2026-11-23T15:00Z",
    ]);
    const capped = csm("a", { bufferAfterMinutes: 15, maxHoursPerDay: 3 });
    expect(bookableStarts(capped, [], MONDAY, 60).map(iso)).toEqual(["2026-11-23T09:00Z", "2026-11-23T11:00Z", "2026-11-23T13:00Z"]);
    // Five weekdays of three: the weekend has no hours.
    expect(bookableStarts(capped, [], WEEK, 60)).toHaveLength(15);
  });

  test("buffers before and after add up between two calls", () => {
    // 30 + 30 minutes between calls: 09:00–10:00 then 11:00–12:00 at the earliest.
    const starts = bookableStarts(
      csm("a", { bufferBeforeMinutes: 30, bufferAfterMinutes: 30, weeklyHours: workdays(hours("09:00-13:00")) }),
      [],
      MONDAY,
      60,
    );
    expect(starts.map(iso)).toEqual(["2026-11-23T09:00Z", "2026-11-23T11:00Z"]);
  });

  test("what is still free beside a booking: its buffers and its hour under the cap count (the header's example)", () => {
    const schedule = csm("a", { bufferAfterMinutes: 15, maxHoursPerDay: 3 });
    const starts = bookableStarts(schedule, [span("2026-11-23T11:00:00Z", "2026-11-23T12:00:00Z")], MONDAY, 60);
    expect(starts.map(iso)).toEqual(["2026-11-23T09:00Z", "2026-11-23T13:00Z"]);
  });

  test("a day at its cap has nothing free", () => {
    const bookings = [span("2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z"), span("2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z")];
    expect(bookableStarts(csm("a", { maxHoursPerDay: 2 }), bookings, MONDAY, 60)).toEqual([]);
  });

  test("time off and a day-off override take hours away; notice and horizon do not", () => {
    const schedule = csm("a", {
      overrides: { "2026-11-24": [] },
      timeOff: [{ start: "2026-11-25T09:00:00Z", end: "2026-11-25T13:00:00Z" }],
      minimumNoticeMinutes: 60 * 24 * 30,
      horizonDays: 0,
    });
    const starts = bookableStarts(schedule, [], WEEK, 60);
    // Monday 8, Tuesday off, Wednesday 4 (13:00–17:00), Thursday 8, Friday 8.
    expect(starts).toHaveLength(28);
    expect(countBetween(starts, at("2026-11-24T00:00:00Z"), at("2026-11-25T00:00:00Z"))).toBe(0);
    expect(countBetween(starts, at("2026-11-25T00:00:00Z"), at("2026-11-26T00:00:00Z"))).toBe(4);
  });

  test("a 45-minute offering steps by 45 minutes", () => {
    const starts = bookableStarts(csm("a", { weeklyHours: workdays(hours("09:00-12:00")) }), [], MONDAY, 45);
    expect(starts.map(iso)).toEqual(["2026-11-23T09:00Z", "2026-11-23T09:45Z", "2026-11-23T10:30Z", "2026-11-23T11:15Z"]);
  });

  test.each([
    // New York, Sunday 00:00–04:00. Fall back (1 November): 01:00 happens twice and is offered once, so
    // four starts in five real hours. Spring forward (8 March): 02:00 never happens, three starts.
    ["2026-11-01", ["2026-11-01T04:00Z", "2026-11-01T05:00Z", "2026-11-01T07:00Z", "2026-11-01T08:00Z"]],
    ["2026-03-08", ["2026-03-08T05:00Z", "2026-03-08T06:00Z", "2026-03-08T07:00Z"]],
    ["2026-11-08", ["2026-11-08T05:00Z", "2026-11-08T06:00Z", "2026-11-08T07:00Z", "2026-11-08T08:00Z"]],
  ])("a DST Sunday in New York (%s) offers what its wall clock allows", (date, expected) => {
    const schedule = csm("a", { timeZone: "America/New_York", weeklyHours: weekly({ sun: hours("00:00-04:00") }) });
    const [week] = weeksAhead(at(`${date}T12:00:00Z`), "America/New_York", 1);
    const starts = bookableStarts(schedule, [], { from: week!.start, to: week!.end }, 60);
    expect(starts.map(iso)).toEqual(expected);
  });

  test("a daily cap counts the CSM's own local day across a DST change", () => {
    // 00:00–04:00 on fall-back Sunday, cap 2: the first two local hours, whatever their offsets.
    const schedule = csm("a", { timeZone: "America/New_York", weeklyHours: weekly({ sun: hours("00:00-04:00") }), maxHoursPerDay: 2 });
    const starts = bookableStarts(schedule, [], { from: at("2026-11-01T00:00:00Z"), to: at("2026-11-02T12:00:00Z") }, 60);
    expect(starts.map(iso)).toEqual(["2026-11-01T04:00Z", "2026-11-01T05:00Z"]);
  });

  test("hours fall into the viewer's weeks, not UTC's: London's short week gets six of a nightly UTC hour", () => {
    // 23:00–24:00 UTC every night. 29 March 23:00Z is Monday 00:00 BST in London, so it opens the next week.
    const schedule = csm("a", { weeklyHours: everyDay(hours("23:00-24:00")) });
    const weeks = weeksAhead(at("2026-03-18T12:00:00Z"), "Europe/London", 3);
    const starts = bookableStarts(schedule, [], { from: weeks[0]!.start, to: weeks.at(-1)!.end }, 60);
    expect(weeks.map((week) => countBetween(starts, week.start, week.end))).toEqual([7, 6, 7]);
  });

  test("an empty or reversed range offers nothing", () => {
    expect(bookableStarts(csm("a"), [], { from: MONDAY.to, to: MONDAY.from }, 60)).toEqual([]);
  });
});

describe("figures per range", () => {
  const facts: CsmCapacity = {
    csmId: "a",
    offered: [at("2026-11-23T09:00:00Z"), at("2026-11-23T11:00:00Z"), at("2026-11-30T09:00:00Z")].map((date) => date.getTime()),
    free: [at("2026-11-23T11:00:00Z").getTime()],
    booked: [span("2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z"), span("2026-11-29T23:30:00Z", "2026-11-30T00:15:00Z")],
  };

  test("a booking counts in the range its start falls in, for its real length", () => {
    expect(figuresBetween(facts, { start: WEEK.from, end: WEEK.to }, 60)).toEqual({
      offeredHours: 2,
      bookedHours: 1.75,
      freeHours: 1,
      utilisation: 0.875,
    });
    expect(figuresBetween(facts, { start: WEEK.to, end: at("2026-12-07T00:00:00Z") }, 60)).toEqual({
      offeredHours: 1,
      bookedHours: 0,
      freeHours: 0,
      utilisation: 0,
    });
  });

  test("slots of 45 minutes are three quarters of an hour each; nothing offered has no utilisation", () => {
    expect(figuresBetween(facts, { start: WEEK.from, end: WEEK.to }, 45).offeredHours).toBe(1.5);
    const idle: CsmCapacity = { csmId: "b", offered: [], free: [], booked: [span("2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z")] };
    expect(figuresBetween(idle, { start: WEEK.from, end: WEEK.to }, 60).utilisation).toBeNull();
  });

  test("sums add hours and recompute utilisation from the sums", () => {
    const total = sumFigures([
      { offeredHours: 10, bookedHours: 5, freeHours: 4, utilisation: 0.5 },
      { offeredHours: 30, bookedHours: 5, freeHours: 20, utilisation: 1 / 6 },
    ]);
    expect(total).toEqual({ offeredHours: 40, bookedHours: 10, freeHours: 24, utilisation: 0.25 });
    expect(sumFigures([]).utilisation).toBeNull();
  });
});

describe("entitlementOf: what accounts may book this period, without writing", () => {
  test("an unopened period holds the effective entitlement; an open one its granted hours", () => {
    expect(
      entitlementOf([
        { period: "QUARTER", effectiveHours: 4, balance: null },
        { period: "QUARTER", effectiveHours: 4, balance: { granted: 6, entitled: 4, used: 1 } },
      ]),
    ).toEqual({ accounts: 2, grantedHours: 10, usedHours: 1, leftHours: 9 });
  });

  test("an entitlement changed since the period opened is applied as the next read would", () => {
    // Opened with 4 (and 2 topped up), the policy now says 8: 10 granted.
    expect(entitlementOf([{ period: "QUARTER", effectiveHours: 8, balance: { granted: 6, entitled: 4, used: 3 } }])).toEqual({
      accounts: 1,
      grantedHours: 10,
      usedHours: 3,
      leftHours: 7,
    });
  });

  test("accounts with no hours are not counted; hours used past a lowered grant leave none, not fewer than none", () => {
    expect(
      entitlementOf([
        { period: "QUARTER", effectiveHours: 0, balance: null },
        { period: "QUARTER", effectiveHours: 1, balance: { granted: 4, entitled: 4, used: 3 } },
      ]),
    ).toEqual({ accounts: 1, grantedHours: 1, usedHours: 3, leftHours: 0 });
  });
});

describe("readPeriod: the numbers in words", () => {
  const hoursText = (value: number) => `${value} h`;
  const facts = (patch: Partial<PeriodFacts> & { granted?: number; left?: number }): PeriodFacts => ({
    periodName: "Q4 2026",
    lastDay: "Dec 31",
    offeredHours: 40,
    freeHours: 30,
    entitlement: { accounts: 30, grantedHours: patch.granted ?? 120, usedHours: 0, leftHours: patch.left ?? 100 },
    ...patch,
  });

  test("entitlements beyond the pool's hours: the share the pool can serve, and what is left against what is free", () => {
    expect(readPeriod(facts({}), hoursText)).toEqual({
      tone: "warning",
      sentences: [
        "The pool offers 40 h in Q4 2026; accounts are entitled to 120 h. If more than 33% of the entitled hours are asked for, the queue grows.",
        "Accounts have 100 h left to book until Dec 31; the pool has 30 h free until then.",
      ],
    });
  });

  test("a pool that covers what is entitled and what is left reads as information", () => {
    expect(readPeriod(facts({ granted: 30, left: 20 }), hoursText)).toEqual({
      tone: "info",
      sentences: [
        "The pool offers 40 h in Q4 2026, enough for the 30 h accounts are entitled to.",
        "The 30 h free until Dec 31 cover the 20 h accounts have left to book.",
      ],
    });
  });

  test("enough over the period can still be short from now on", () => {
    const reading = readPeriod(facts({ granted: 30, left: 25, freeHours: 10 }), hoursText);
    expect(reading.tone).toBe("warning");
    expect(reading.sentences[1]).toBe("Accounts have 25 h left to book until Dec 31; the pool has 10 h free until then.");
  });

  test("no hours offered, or none entitled", () => {
    expect(readPeriod(facts({ offeredHours: 0, freeHours: 0, left: 0 }), hoursText)).toEqual({
      tone: "warning",
      sentences: ["No CSM offers pool hours in Q4 2026, and accounts are entitled to 120 h: every request waits in the queue."],
    });
    expect(readPeriod(facts({ granted: 0, left: 0 }), hoursText)).toEqual({
      tone: "info",
      sentences: ["No account that books through the pool has CSM hours in Q4 2026."],
    });
  });
});

describe("firstFree: the wait a new request faces", () => {
  // Tuesday 24 November 2026, 10:00 UTC.
  const NOW = at("2026-11-24T10:00:00Z");
  const member = (schedule: CsmSchedule, bookings: Interval[] = []): PoolMember => ({ csm: schedule, busy: { bookings } });

  test("the first slot across the pool, and each CSM's own, with notice and bookings applied", () => {
    const pool = [
      // Four hours' notice: 14:00 today is the first; 14:00 is booked, so 15:00.
      member(csm("a", { minimumNoticeMinutes: 240 }), [span("2026-11-24T14:00:00Z", "2026-11-24T15:00:00Z")]),
      // Mondays only: next Monday.
      member(csm("b", { weeklyHours: weekly({ mon: hours("09:00-10:00") }) })),
      // Away for twelve days: found beyond the first week's search.
      member(csm("c", { timeOff: [{ start: "2026-11-24T00:00:00Z", end: "2026-12-06T00:00:00Z" }] })),
      // No hours at all.
      member(csm("d", { weeklyHours: weekly({}) })),
    ];
    const result = firstFree(pool, NOW, 60);
    expect(result.first?.toISOString()).toBe("2026-11-24T15:00:00.000Z");
    expect(Object.fromEntries([...result.byCsm].map(([id, date]) => [id, date.toISOString()]))).toEqual({
      a: "2026-11-24T15:00:00.000Z",
      b: "2026-11-30T09:00:00.000Z",
      c: "2026-12-07T09:00:00.000Z",
    });
  });

  test("nothing within anyone's horizon, or nobody in the pool", () => {
    const full = member(csm("a", { horizonDays: 3, timeOff: [{ start: "2026-11-01T00:00:00Z", end: "2027-01-01T00:00:00Z" }] }));
    expect(firstFree([full], NOW, 60)).toEqual({ first: null, byCsm: new Map() });
    expect(firstFree([], NOW, 60)).toEqual({ first: null, byCsm: new Map() });
  });
});

describe("words for the page", () => {
  const NOW = at("2026-11-24T21:00:00Z");

  test.each([
    ["2026-11-24T21:40:00Z", "Europe/London", "in 40 minutes"],
    ["2026-11-24T23:30:00Z", "Europe/London", "in 3 hours"],
    // Past midnight in Berlin (00:30 on the 25th) is tomorrow there, though only 2.5 hours away.
    ["2026-11-24T23:30:00Z", "Europe/Berlin", "tomorrow"],
    ["2026-11-26T14:00:00Z", "Europe/London", "in 2 days"],
    // In Tokyo it is already the 25th (06:00), and the 26th is tomorrow.
    ["2026-11-26T14:00:00Z", "Asia/Tokyo", "tomorrow"],
  ])("waitInWords to %s seen from %s: %s", (when, zone, words) => {
    expect(waitInWords(NOW, at(when), zone, "en-GB")).toBe(words);
  });

  test("durations take their largest whole unit", () => {
    expect(durationInWords(3 * 86_400_000 + 5 * 3_600_000)).toBe("3 days");
    expect(durationInWords(86_400_000)).toBe("1 day");
    expect(durationInWords(5 * 3_600_000 + 59 * 60_000)).toBe("5 hours");
    expect(durationInWords(20 * 60_000 + 30_000)).toBe("20 minutes");
  });

  test("hours and utilisation", () => {
    expect(formatHours(12)).toBe("12 h");
    expect(formatHours(7.5)).toBe("7.5 h");
    expect(formatHours(1234.25, "de-DE")).toBe("1.234,3 h");
    expect(formatUtilisation(0.164)).toBe("16%");
    expect(formatUtilisation(null)).toBe("\u2014");
    expect(formatHours(3, "not a locale")).toBe("3 h");
  });
});
