// A CSM's availability for the one-to-many queue, as stored (JSON text) and as the slot engine reads it.
// Hours are wall-clock ranges in the CSM's own IANA zone, so "09:00–17:00" stays 09:00–17:00 for them
// across DST changes; slots.ts turns them into instants day by day.
import { z } from "zod";
import { isValidTimeZone } from "~/utils/format.ts";
import { isLocalDate } from "~/utils/zoned-time.ts";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
// An end may also be 24:00, the end of the day, so a range can run to midnight.
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** "09:30" → 570, "24:00" → 1440. Expects a validated HH:MM. */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export const TimeRangeSchema = z
  .object({
    start: z.string().regex(START_TIME, { error: "Use a time from 00:00 to 23:59" }),
    end: z.string().regex(END_TIME, { error: "Use a time from 00:01 to 24:00" }),
  })
  .refine((range) => minutesOfDay(range.start) < minutesOfDay(range.end), {
    path: ["end"],
    error: "End after the start",
  });

/** One day's hours: any order, touching allowed (12:00–13:00 then 13:00–17:00), overlaps not. */
export const DayHoursSchema = z
  .array(TimeRangeSchema)
  .max(24, { error: "Use at most 24 ranges a day" })
  .superRefine((ranges, ctx) => {
    const sorted = ranges
      .map((range, index) => ({ index, start: minutesOfDay(range.start), end: minutesOfDay(range.end) }))
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      const [previous, current] = [sorted[i - 1]!, sorted[i]!];
      if (current.start < previous.end) {
        ctx.addIssue({ code: "custom", path: [current.index, "start"], message: "Overlaps another range that day" });
      }
    }
  });

export const WeeklyHoursSchema = z.object({
  mon: DayHoursSchema,
  tue: DayHoursSchema,
  wed: DayHoursSchema,
  thu: DayHoursSchema,
  fri: DayHoursSchema,
  sat: DayHoursSchema,
  sun: DayHoursSchema,
});

export const InstantRangeSchema = z
  .object({
    start: z.iso.datetime({ error: "Use a UTC time such as 2026-03-08T14:00:00Z" }),
    end: z.iso.datetime({ error: "Use a UTC time such as 2026-03-08T14:00:00Z" }),
  })
  .refine((range) => Date.parse(range.start) < Date.parse(range.end), { path: ["end"], error: "End after the start" });

const minutes = (max: number) =>
  z
    .number({ error: "Enter a number of minutes" })
    .int({ error: "Enter a whole number of minutes" })
    .min(0, { error: "Use 0 or more" })
    .max(max, { error: `Use at most ${max}` });

export const AvailabilitySchema = z.object({
  timeZone: z.string().refine(isValidTimeZone, { error: "Choose a time zone" }),
  weeklyHours: WeeklyHoursSchema,
  /** Local date (YYYY-MM-DD, in timeZone) → ranges that replace that day's weekly hours; [] = day off. */
  overrides: z
    .record(z.string().refine(isLocalDate, { error: "Use a date as YYYY-MM-DD" }), DayHoursSchema)
    .refine((overrides) => Object.keys(overrides).length <= 1000, { error: "Use at most 1,000 date overrides" }),
  /** Instants (UTC) when the CSM is away, whatever their hours say. */
  timeOff: z.array(InstantRangeSchema).max(1000, { error: "Use at most 1,000 time-off ranges" }),
  bufferBeforeMinutes: minutes(240),
  bufferAfterMinutes: minutes(240),
  minimumNoticeMinutes: minutes(60 * 24 * 30),
  /** Booked hours allowed per local day of the CSM, existing bookings included; null = no cap. */
  maxHoursPerDay: z
    .number({ error: "Enter a number of hours" })
    .int({ error: "Enter a whole number of hours" })
    .min(1, { error: "Use 1 or more, or no limit" })
    .max(24, { error: "Use at most 24" })
    .nullable(),
  /** Bookable local dates: today through today + horizonDays (0 = today only). */
  horizonDays: z
    .number({ error: "Enter a number of days" })
    .int({ error: "Enter a whole number of days" })
    .min(0, { error: "Use 0 or more" })
    .max(365, { error: "Use at most 365" }),
});

export type TimeRange = z.infer<typeof TimeRangeSchema>;
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;
export type InstantRange = z.infer<typeof InstantRangeSchema>;
export type Availability = z.infer<typeof AvailabilitySchema>;

/** Reads availability stored as JSON text; throws (SyntaxError or ZodError) when it is not valid. */
export function parseAvailability(json: string): Availability {
  return AvailabilitySchema.parse(JSON.parse(json));
}
