import { getDefaultOffering } from "~/modules/queue/booking.server.ts";
import { drawHours } from "~/modules/queue/ledger.server.ts";
import type { Tx } from "~/utils/db.server.ts";
import { addLocalDays, utcToZonedParts, zonedLocalToUtc } from "~/utils/zoned-time.ts";

const DAY = 24 * 60 * 60 * 1000;
const CSM_EMAIL = "csm@lyceum.example";
const ACCOUNT = "demo-northwind";

type DemoBooking = {
  id: string;
  bookerEmail: string;
  /** Weekdays from today in the CSM's zone: positive ahead, negative back. */
  weekdays: number;
  localTime: string;
  /** Days before the start that the customer booked. */
  bookedDaysBefore: number;
  purpose: string;
  answers: Record<string, string>;
  status: "CONFIRMED" | "COMPLETED";
  note?: string;
};

// Sam Okafor's hours with Northwind: one to prepare for, one that is over and waits for its outcome,
// and an earlier one (a quarter back) whose outcome, follow-up and note the briefs show as history.
const BOOKINGS: DemoBooking[] = [
  {
    id: "demo-booking-northwind-upcoming",
    bookerEmail: "admin@northwind.example",
    weekdays: 2,
    localTime: "10:00",
    bookedDaysBefore: 1,
    purpose:
      "Our renewal is coming up and we want to bring two more teams onto Lyceum first. Which dashboards should they start with, and how do we set permissions so each team sees only its own data?",
    answers: { teamsJoining: "Finance and Operations", seats: "About 40 more people" },
    status: "CONFIRMED",
  },
  {
    id: "demo-booking-northwind-to-close",
    bookerEmail: "member@northwind.example",
    weekdays: -1,
    localTime: "14:00",
    bookedDaysBefore: 3,
    purpose: "Our weekly report takes a day to build by hand. We want to automate it and share it with our execs.",
    answers: {},
    status: "CONFIRMED",
  },
  {
    id: "demo-booking-northwind-kickoff",
    bookerEmail: "member@northwind.example",
    weekdays: -75,
    localTime: "09:00",
    bookedDaysBefore: 5,
    purpose: "Kick-off: we just signed and want a plan for the first month.",
    answers: {},
    status: "COMPLETED",
    note: "Kick-off went well. Mateo owns reporting; Nora is the admin. They want SSO next quarter. Sent the dashboards guide and the permissions one-pager.",
  },
];

/** The `weekdays`-th Monday-to-Friday day from `today` (a YYYY-MM-DD date), counting in either direction. */
function weekdayFrom(today: string, weekdays: number): string {
  let date = today;
  const step = weekdays >= 0 ? 1 : -1;
  for (let left = Math.abs(weekdays); left > 0;) {
    date = addLocalDays(date, step);
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return date;
}

/**
 * Demo bookings for the demo CSM with Northwind, so the brief and the list of hours to close are
 * there on a fresh `npm start`. Idempotent by id; a booking whose time the CSM has already taken, or
 * that finds no hours left, is skipped rather than forced. Returns how many it created.
 */
export async function seedDemoBookings(tx: Tx, now: Date): Promise<number> {
  const existing = new Set(
    (await tx.csmBooking.findMany({ where: { id: { in: BOOKINGS.map((b) => b.id) } }, select: { id: true } })).map((b) => b.id),
  );
  if (existing.size === BOOKINGS.length) return 0;
  const csm = await tx.user.findUnique({ where: { email: CSM_EMAIL }, select: { id: true, timeZone: true } });
  const account = await tx.account.findUnique({ where: { externalId: ACCOUNT }, select: { id: true, tier: true } });
  if (!csm || !account) return 0;
  const bookers = new Map(
    (
      await tx.user.findMany({
        where: { email: { in: BOOKINGS.map((b) => b.bookerEmail) }, accountId: account.id },
        select: { id: true, email: true, timeZone: true },
      })
    ).map((user) => [user.email, user]),
  );
  const offering = await getDefaultOffering(tx);
  const today = utcToZonedParts(now, csm.timeZone).date;
  let created = 0;
  for (const demo of BOOKINGS) {
    const booker = bookers.get(demo.bookerEmail);
    if (existing.has(demo.id) || !booker) continue;
    const startsAt = zonedLocalToUtc(weekdayFrom(today, demo.weekdays), demo.localTime, csm.timeZone);
    const endsAt = new Date(startsAt.getTime() + offering.durationMinutes * 60_000);
    const taken = await tx.csmBooking.count({
      where: { csmId: csm.id, status: { not: "CANCELLED" }, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } },
    });
    if (taken > 0) continue;
    const bookedAt = new Date(Math.min(now.getTime() - DAY, startsAt.getTime() - demo.bookedDaysBefore * DAY));
    const drawsHours = account.tier !== "HIGH";
    await tx.csmBooking.create({
      data: {
        id: demo.id,
        offeringId: offering.id,
        csmId: csm.id,
        accountId: account.id,
        bookedById: booker.id,
        status: demo.status,
        startsAt,
        endsAt,
        timeZone: booker.timeZone,
        purpose: demo.purpose,
        answers: JSON.stringify(demo.answers),
        drawsHours,
        followUpSentAt: demo.status === "COMPLETED" ? new Date(endsAt.getTime() + 2 * 60 * 60 * 1000) : null,
        createdAt: bookedAt,
      },
    });
    // Drawn in the period it was booked in, as a real booking would have been.
    if (drawsHours && !(await drawHours(tx, { accountId: account.id, bookingId: demo.id, hours: offering.hoursCost, now: bookedAt }))) {
      await tx.csmBooking.delete({ where: { id: demo.id } });
      continue;
    }
    if (demo.note) {
      await tx.accountNote.create({
        data: {
          accountId: account.id,
          authorId: csm.id,
          bookingId: demo.id,
          body: demo.note,
          createdAt: new Date(endsAt.getTime() + 60 * 60 * 1000),
        },
      });
    }
    created++;
  }
  return created;
}
