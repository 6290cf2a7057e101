import { z } from "zod";
import { isValidTimeZone } from "~/utils/format.ts";
import {
  LOCAL_DATE_TIME,
  rangesFromRows,
  WEEKDAY_LABELS,
  WEEKDAYS,
  type RangeProblem,
  type RangeRow,
  type Weekday,
  type WeeklyHours,
} from "./availability-form.ts";

export const AVAILABILITY_INTENTS = ["weekly", "add-override", "remove-override", "add-time-off", "remove-time-off"] as const;
export type AvailabilityIntent = (typeof AVAILABILITY_INTENTS)[number];

export const LIMITS = {
  bufferMinutes: 240,
  minimumNoticeMinutes: 14 * 24 * 60,
  maxHoursPerDay: 12,
  horizonDays: 365,
  noteLength: 200,
  timeOffDays: 366,
  overrideYearsAhead: 2,
} as const;

const count = (label: string, min: number, max: number) =>
  z
    .number({ error: `Enter ${label} as a whole number` })
    .int({ error: `Enter ${label} as a whole number` })
    .min(min, { error: `Use at least ${min}` })
    .max(max, { error: `Use at most ${max.toLocaleString("en-US")}` });

const RangeRowSchema = z.object({ start: z.string().max(16).optional(), end: z.string().max(16).optional() }).nullish();
// More rows than a day may hold still parse, so the message names the day rather than a list length.
const RangeRowsSchema = z.array(RangeRowSchema).max(50).optional();

// Each day checks its own rows, so a wrong number elsewhere does not hide a day's mistakes.
const daySchema = (day: Weekday) =>
  z
    .object({ off: z.boolean().optional(), ranges: RangeRowsSchema })
    .superRefine((value, ctx) => {
      if (!value.off) reportRangeProblems(ctx, rangesFromRows(value.ranges).problems, ["ranges"], `${WEEKDAY_LABELS[day]}: `);
    })
    .optional();
type DaySchema = ReturnType<typeof daySchema>;

type IssueSink = { issues: z.core.$ZodRawIssue[] };

function reportRangeProblems(ctx: IssueSink, problems: RangeProblem[], path: (string | number)[], prefix: string) {
  for (const problem of problems) {
    ctx.issues.push({ code: "custom", input: undefined, path: [...path, problem.index], message: `${prefix}${problem.message}` });
  }
}

// A refinement that runs beside other fields' issues may see rows that failed their own schema.
function rowsOf(value: unknown): RangeRow[] {
  return Array.isArray(value) ? value.map((row) => (row && typeof row === "object" ? (row as RangeRow) : null)) : [];
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The weekly editor: seven days of rows plus the rules around them, as exactly the stored shape. */
export const WeeklyHoursFormSchema = z
  .object({
    timeZone: z.string({ error: "Choose a time zone" }).refine(isValidTimeZone, { error: "Choose a time zone from the list" }),
    ...(Object.fromEntries(WEEKDAYS.map((day) => [day, daySchema(day)])) as Record<Weekday, DaySchema>),
    bufferBeforeMinutes: count("the buffer before", 0, LIMITS.bufferMinutes),
    bufferAfterMinutes: count("the buffer after", 0, LIMITS.bufferMinutes),
    minimumNoticeMinutes: count("the minimum notice in minutes", 0, LIMITS.minimumNoticeMinutes),
    maxHoursPerDay: count("the hours per day", 1, LIMITS.maxHoursPerDay),
    horizonDays: count("the horizon in days", 1, LIMITS.horizonDays),
    inPool: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.minimumNoticeMinutes > value.horizonDays * 24 * 60) {
      ctx.issues.push({
        code: "custom",
        input: value.minimumNoticeMinutes,
        path: ["minimumNoticeMinutes"],
        message: "The minimum notice reaches past the booking horizon, so nothing could ever be booked",
      });
    }
  })
  .transform((value) => {
    const weeklyHours = {} as WeeklyHours;
    // Ticked "Not available" wins over typed times; the success message names such days.
    const ignoredDays: Weekday[] = [];
    for (const day of WEEKDAYS) {
      const rows = value[day]?.ranges ?? [];
      if (value[day]?.off && rows.some((row) => row?.start || row?.end)) ignoredDays.push(day);
      weeklyHours[day] = value[day]?.off ? [] : rangesFromRows(rows).ranges;
    }
    return {
      timeZone: value.timeZone,
      weeklyHours,
      bufferBeforeMinutes: value.bufferBeforeMinutes,
      bufferAfterMinutes: value.bufferAfterMinutes,
      minimumNoticeMinutes: value.minimumNoticeMinutes,
      maxHoursPerDay: value.maxHoursPerDay,
      horizonDays: value.horizonDays,
      inPool: value.inPool ?? false,
      ignoredDays,
    };
  });
export type WeeklyHoursValues = z.output<typeof WeeklyHoursFormSchema>;

function isCalendarDate(text: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const NoteSchema = (label: string) =>
  z
    .string()
    .max(LIMITS.noteLength, { error: `Keep the ${label} under ${LIMITS.noteLength} characters` })
    .optional()
    .transform((text) => text?.trim() ?? "");

/** One date whose hours differ from the week: other ranges, or a day off. */
export const OverrideFormSchema = z
  .object({
    date: z.string({ error: "Choose the date" }).trim().refine(isCalendarDate, { error: "Enter a real date, like 2026-12-24" }),
    dayOff: z.boolean().optional(),
    ranges: RangeRowsSchema,
    note: NoteSchema("note"),
  })
  .superRefine(
    (value, ctx) => {
      if (value.dayOff) return;
      const { ranges, problems } = rangesFromRows(rowsOf(value.ranges));
      const sentences = problems.map((problem) => ({ ...problem, message: capitalise(problem.message) }));
      reportRangeProblems(ctx, sentences, ["ranges"], "");
      if (!problems.length && !ranges.length) {
        ctx.issues.push({
          code: "custom",
          input: value.ranges,
          path: ["ranges"],
          message: "Enter the hours for that date, or tick Day off",
        });
      }
    },
    // Checked even when the date is wrong, so one submit lists every mistake.
    { when: () => true },
  )
  .transform((value) => {
    const dayOff = value.dayOff ?? false;
    return { date: value.date, dayOff, ranges: dayOff ? [] : rangesFromRows(value.ranges).ranges, note: value.note };
  });
export type OverrideValues = z.output<typeof OverrideFormSchema>;

const localDateTime = (label: string) =>
  z
    .string({ error: `Enter when the time off ${label}` })
    .trim()
    .regex(LOCAL_DATE_TIME, { error: "Enter a date and time, like 2026-12-24 09:00" })
    .transform((text) => text.slice(0, 16));

/** Time off as the CSM types it: local date-times in their availability zone (converted on the server). */
export const TimeOffFormSchema = z
  .object({
    startsAt: localDateTime("starts"),
    endsAt: localDateTime("ends"),
    reason: NoteSchema("reason"),
  })
  .superRefine((value, ctx) => {
    // Same zone on both sides, so local text order is instant order except inside a repeated hour.
    if (value.endsAt <= value.startsAt) {
      ctx.issues.push({ code: "custom", input: value.endsAt, path: ["endsAt"], message: "The end must be after the start" });
    }
  });
export type TimeOffValues = z.output<typeof TimeOffFormSchema>;

export const RemoveRowSchema = z.object({ id: z.string({ error: "Choose what to remove" }).trim().min(1).max(40) });
