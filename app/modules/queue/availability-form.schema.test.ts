import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { OverrideFormSchema, TimeOffFormSchema, WeeklyHoursFormSchema } from "./availability-form.schema.ts";

function formData(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

const rules = {
  timeZone: "Europe/Berlin",
  bufferBeforeMinutes: "0",
  bufferAfterMinutes: "15",
  minimumNoticeMinutes: "240",
  maxHoursPerDay: "4",
  horizonDays: "30",
  inPool: "on",
};

// What a browser posts: every input, blank ones as "".
function week(days: Record<string, [string, string][]>, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = { ...rules };
  for (const day of ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]) {
    for (let row = 0; row < 3; row++) {
      const [start, end] = days[day]?.[row] ?? ["", ""];
      fields[`${day}.ranges[${row}].start`] = start;
      fields[`${day}.ranges[${row}].end`] = end;
    }
  }
  return formData({ ...fields, ...extra });
}

function errorsOf(submission: { status?: "success" | "error"; error?: Record<string, string[] | null> | null }) {
  return submission.status === "error" ? submission.error : null;
}

describe("WeeklyHoursFormSchema", () => {
  it("turns the editor's fields into the stored shape", () => {
    const submission = parseWithZod(
      week({
        mon: [
          ["13:00", "17:00"],
          ["09:00", "12:00"],
        ],
        tue: [
          ["", ""],
          ["10:00", "00:00"],
        ],
        sat: [["10:00", "12:00"]],
      }),
      { schema: WeeklyHoursFormSchema },
    );
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual({
      timeZone: "Europe/Berlin",
      weeklyHours: {
        mon: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
        tue: [{ start: "10:00", end: "24:00" }],
        wed: [],
        thu: [],
        fri: [],
        sat: [{ start: "10:00", end: "12:00" }],
        sun: [],
      },
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      minimumNoticeMinutes: 240,
      maxHoursPerDay: 4,
      horizonDays: 30,
      inPool: true,
      ignoredDays: [],
    });
  });

  it("lets Not available win over typed times and says which days it emptied", () => {
    const submission = parseWithZod(week({ wed: [["09:00", "08:00"]] }, { "wed.off": "on", "thu.off": "on" }), {
      schema: WeeklyHoursFormSchema,
    });
    expect(submission.status === "success" && [submission.value.weeklyHours.wed, submission.value.ignoredDays]).toEqual([[], ["wed"]]);
  });

  it("names the day and the problem, on the row that has it", () => {
    const submission = parseWithZod(
      week({
        tue: [
          ["09:00", "10:00"],
          ["13:00", "12:00"],
        ],
        thu: [
          ["09:00", "12:00"],
          ["11:00", "13:00"],
          ["15:00", ""],
        ],
      }),
      { schema: WeeklyHoursFormSchema },
    );
    expect(errorsOf(submission)).toEqual({
      "tue.ranges[1]": ["Tuesday: 13:00–12:00 ends before it starts"],
      "thu.ranges[2]": ["Thursday: range 3 needs an end time too"],
      "thu.ranges[1]": ["Thursday: 09:00–12:00 overlaps 11:00–13:00"],
    });
  });

  it("reports bad numbers, an unknown zone and too many ranges in one go", () => {
    const fields = week({}, { timeZone: "Mars/Olympus", maxHoursPerDay: "0", bufferAfterMinutes: "7.5" });
    for (let row = 0; row < 7; row++) {
      fields.set(`fri.ranges[${row}].start`, `1${row}:00`);
      fields.set(`fri.ranges[${row}].end`, `1${row}:30`);
    }
    expect(errorsOf(parseWithZod(fields, { schema: WeeklyHoursFormSchema }))).toEqual({
      timeZone: ["Choose a time zone from the list"],
      maxHoursPerDay: ["Use at least 1"],
      bufferAfterMinutes: ["Enter the buffer after as a whole number"],
      "fri.ranges[6]": ["Friday: use at most 6 ranges a day"],
    });
    expect(errorsOf(parseWithZod(week({}, { horizonDays: "" }), { schema: WeeklyHoursFormSchema }))).toEqual({
      horizonDays: ["Enter the horizon in days as a whole number"],
    });
  });

  it("refuses a minimum notice longer than the horizon", () => {
    expect(errorsOf(parseWithZod(week({}, { minimumNoticeMinutes: "2880", horizonDays: "1" }), { schema: WeeklyHoursFormSchema }))).toEqual(
      {
        minimumNoticeMinutes: ["The minimum notice reaches past the booking horizon, so nothing could ever be booked"],
      },
    );
  });

  it("reads an unticked pool box as out of the pool", () => {
    const fields = week({});
    fields.delete("inPool");
    const submission = parseWithZod(fields, { schema: WeeklyHoursFormSchema });
    expect(submission.status === "success" && submission.value.inPool).toBe(false);
  });
});

describe("OverrideFormSchema", () => {
  it("keeps other hours, or none for a day off", () => {
    const hours = parseWithZod(
      formData({ date: "2026-12-24", "ranges[0].start": "10:00", "ranges[0].end": "12:00", "ranges[1].start": "", note: " Short day " }),
      { schema: OverrideFormSchema },
    );
    expect(hours.status === "success" && hours.value).toEqual({
      date: "2026-12-24",
      dayOff: false,
      ranges: [{ start: "10:00", end: "12:00" }],
      note: "Short day",
    });
    const off = parseWithZod(formData({ date: "2026-12-25", dayOff: "on", "ranges[0].start": "10:00" }), { schema: OverrideFormSchema });
    expect(off.status === "success" && off.value).toEqual({ date: "2026-12-25", dayOff: true, ranges: [], note: "" });
  });

  it("asks for hours or a day off, a real date, and well-formed ranges", () => {
    expect(errorsOf(parseWithZod(formData({ date: "2026-02-30" }), { schema: OverrideFormSchema }))).toEqual({
      date: ["Enter a real date, like 2026-12-24"],
      ranges: ["Enter the hours for that date, or tick Day off"],
    });
    expect(
      errorsOf(
        parseWithZod(formData({ date: "2026-12-24", "ranges[0].start": "12:00", "ranges[0].end": "10:00" }), {
          schema: OverrideFormSchema,
        }),
      ),
    ).toEqual({ "ranges[0]": ["12:00–10:00 ends before it starts"] });
  });
});

describe("TimeOffFormSchema", () => {
  it("keeps local date-times to the minute and trims the reason", () => {
    const submission = parseWithZod(formData({ startsAt: "2026-11-01T01:30", endsAt: "2026-11-02T09:00:00", reason: " Dentist " }), {
      schema: TimeOffFormSchema,
    });
    expect(submission.status === "success" && submission.value).toEqual({
      startsAt: "2026-11-01T01:30",
      endsAt: "2026-11-02T09:00",
      reason: "Dentist",
    });
  });

  it("refuses an end that is not after the start, and text that is not a date-time", () => {
    expect(
      errorsOf(parseWithZod(formData({ startsAt: "2026-11-02T09:00", endsAt: "2026-11-02T09:00" }), { schema: TimeOffFormSchema })),
    ).toEqual({
      endsAt: ["The end must be after the start"],
    });
    expect(errorsOf(parseWithZod(formData({ startsAt: "tomorrow", endsAt: "" }), { schema: TimeOffFormSchema }))).toEqual({
      startsAt: ["Enter a date and time, like 2026-12-24 09:00"],
      endsAt: ["Enter when the time off ends"],
    });
  });
});
