import { weeklyHoursJson, type TimeRange, type WeeklyHours } from "~/modules/queue/availability-form.ts";
import type { Tx } from "~/utils/db.server.ts";

const range = (start: string, end: string): TimeRange => ({ start, end });
const days = (week: Partial<WeeklyHours>): WeeklyHours => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...week });

// Three shapes of a CSM's week, in their own zone: a full week with a short Friday, a week of long
// customer afternoons, and a four-day week. Together they give the demo queue about 75 hours a week.
const PATTERNS = [
  {
    weeklyHours: days({
      mon: [range("08:30", "12:00"), range("13:00", "16:30")],
      tue: [range("08:30", "12:00"), range("13:00", "16:30")],
      wed: [range("08:30", "12:00"), range("13:00", "16:30")],
      thu: [range("08:30", "12:00"), range("13:00", "16:30")],
      fri: [range("09:00", "12:00")],
    }),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 240,
    maxHoursPerDay: 4,
    horizonDays: 30,
  },
  {
    weeklyHours: days({
      mon: [range("10:00", "12:00"), range("14:00", "18:00")],
      tue: [range("09:00", "11:00")],
      wed: [range("10:00", "12:00"), range("14:00", "18:00")],
      thu: [range("09:00", "11:00")],
      fri: [range("10:00", "12:00"), range("14:00", "18:00")],
    }),
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 480,
    maxHoursPerDay: 3,
    horizonDays: 21,
  },
  {
    weeklyHours: days({
      tue: [range("08:00", "11:30"), range("12:30", "15:00")],
      wed: [range("08:00", "11:30"), range("12:30", "15:00")],
      thu: [range("08:00", "11:30"), range("12:30", "15:00")],
      fri: [range("08:00", "11:30"), range("12:30", "15:00")],
    }),
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 10,
    minimumNoticeMinutes: 1440,
    maxHoursPerDay: 5,
    horizonDays: 45,
  },
] as const;

/**
 * Gives every demo CSM bookable hours in their own zone, so the queue has capacity from the start.
 * `csmEmails` are in plan order, which picks each one's pattern. A CSM who already has availability
 * (saved by hand, or by an earlier run) is left alone.
 */
export async function seedDemoAvailability(tx: Tx, csmEmails: readonly string[]): Promise<number> {
  const people = await tx.user.findMany({
    where: { email: { in: [...csmEmails] }, role: "CSM" },
    select: { id: true, email: true, timeZone: true, availability: { select: { userId: true } } },
  });
  const rows = csmEmails.flatMap((email, index) => {
    const csm = people.find((person) => person.email === email);
    if (!csm || csm.availability) return [];
    const pattern = PATTERNS[index % PATTERNS.length]!;
    return [
      {
        userId: csm.id,
        timeZone: csm.timeZone,
        weeklyHours: weeklyHoursJson(pattern.weeklyHours),
        bufferBeforeMinutes: pattern.bufferBeforeMinutes,
        bufferAfterMinutes: pattern.bufferAfterMinutes,
        minimumNoticeMinutes: pattern.minimumNoticeMinutes,
        maxHoursPerDay: pattern.maxHoursPerDay,
        horizonDays: pattern.horizonDays,
        inPool: true,
      },
    ];
  });
  return (await tx.csmAvailability.createMany({ data: rows })).count;
}
