import type { BookingStatus } from "~/generated/prisma/enums.ts";

// What happens to a booked hour after it is booked: the rules that decide whether cancelling gives
// the hour back, what a manage link may still do, and when reminders go out. Pure, so a fixed clock
// tests every edge.

const HOUR_MS = 60 * 60 * 1000;

/**
 * The last instant at which cancelling still gives the hour back: the start minus the offering's
 * cut-off. With the default 24 hours, an hour on Tuesday 10:00 is refunded if cancelled by Monday 10:00.
 */
export function refundDeadline(startsAt: Date, refundCutoffHours: number): Date {
  return new Date(startsAt.getTime() - refundCutoffHours * HOUR_MS);
}

/**
 * Whether cancelling at `now` refunds the hour: only a booking that drew hours, and only when
 * now ≤ start − cut-off (cancelling exactly at the deadline still counts as in time).
 */
export function refundsOnCancel(input: { now: Date; startsAt: Date; refundCutoffHours: number; drawsHours: boolean }): boolean {
  if (!input.drawsHours) return false;
  return input.now.getTime() <= refundDeadline(input.startsAt, input.refundCutoffHours).getTime();
}

/**
 * What a manage link can still do with a booking. "upcoming" can be moved or cancelled; once it has
 * started it can do neither; "ended" and "cancelled" are the expired link.
 */
export type ManageState = "upcoming" | "under-way" | "ended" | "cancelled";

export function manageState(booking: { status: BookingStatus; startsAt: Date; endsAt: Date }, now: Date): ManageState {
  if (booking.status === "CANCELLED") return "cancelled";
  if (booking.status !== "CONFIRMED" || now.getTime() >= booking.endsAt.getTime()) return "ended";
  if (now.getTime() >= booking.startsAt.getTime()) return "under-way";
  return "upcoming";
}

/** The link's token no longer opens the booking: it ended or was cancelled. */
export function linkExpired(state: ManageState): state is "ended" | "cancelled" {
  return state === "ended" || state === "cancelled";
}

export const REMINDER_LEADS = { "24h": 24 * HOUR_MS, "1h": HOUR_MS } as const;
export type ReminderLead = keyof typeof REMINDER_LEADS;
export type Audience = "customer" | "csm";

/** The customer hears a day ahead and an hour ahead; the CSM, whose calendar is full of these, only an hour ahead. */
export const REMINDER_AUDIENCES: Record<ReminderLead, Audience[]> = { "24h": ["customer"], "1h": ["customer", "csm"] };

/**
 * Whether a reminder job that runs now still has something to say: not once the hour has started,
 * and not the day-ahead one once the hour-ahead one is due (a worker that was down would otherwise
 * send "tomorrow" thirty minutes before the start).
 */
export function reminderStillUseful(lead: ReminderLead, startsAt: Date, now: Date): boolean {
  const untilStart = startsAt.getTime() - now.getTime();
  if (untilStart <= 0) return false;
  const shorter = Object.values(REMINDER_LEADS).filter((ms) => ms < REMINDER_LEADS[lead]);
  return shorter.every((ms) => untilStart > ms);
}

/** When each reminder is due; those already due (an hour booked at short notice) are left out rather than sent at once. */
export function reminderTimes(startsAt: Date, now: Date): { lead: ReminderLead; runAt: Date }[] {
  return (Object.keys(REMINDER_LEADS) as ReminderLead[])
    .map((lead) => ({ lead, runAt: new Date(startsAt.getTime() - REMINDER_LEADS[lead]) }))
    .filter(({ runAt }) => runAt.getTime() > now.getTime());
}
