import type { Prisma } from "~/generated/prisma/client.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { linkTokenHash } from "~/modules/auth/tokens.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { isUniqueViolation, prisma, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { notifyHourCancelled, notifyHourRescheduled } from "./booking-emails.server.ts";
import { linkExpired, manageState, refundDeadline, refundsOnCancel, type ManageState } from "./booking-lifecycle.ts";
import { BOOKING_WINDOW_DAYS } from "./booking-page.server.ts";
import { candidatesFor, chooseCsm, loadPool, SLOT_TAKEN, weekOf, type Booker } from "./booking.server.ts";
import { formatSpan } from "./format-span.ts";
import { refundHours } from "./ledger.server.ts";
import { SLOT_FREED_JOB_KIND, type SlotFreedPayload } from "./queue-jobs.ts";
import { groupSlotsByDay } from "./slot-days.ts";
import { isBookable, poolSlots } from "./slots.ts";

// One booked hour, managed after the fact: from the emailed link (the token is the credential, no
// sign-in) or by the signed-in customer who booked it. Both reach the same functions through a
// ManageKey. Cancelling and moving are each one transaction with a conditional write; the database's
// unique (CSM, start) key settles two moves racing for one time.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export type Viewer = Actor & { timeZone: string; locale: string };
export type ManageKey = { kind: "token"; token: string } | { kind: "portal"; bookingId: string; viewer: Viewer };

type Options = { db?: Db; now?: Date };

export const UNKNOWN_LINK =
  "This link does not match any booking. Check that you opened the whole link from the email, or sign in and open CSM hours to see your upcoming hours.";
export const ALREADY_CANCELLED = "This hour is already cancelled. There is nothing more to do; you can book another hour any time.";
export const ALREADY_STARTED = "This hour has already started or ended, so it can no longer be moved or cancelled.";
export const SAME_TIME = "That is the time you already have. Choose another time, or keep this one.";
export const CHANGED_MEANWHILE = "This booking changed while you were choosing. Look at it again and choose a time from the fresh list.";

const MANAGE_SELECT = {
  id: true,
  status: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  purpose: true,
  sequence: true,
  drawsHours: true,
  csmId: true,
  accountId: true,
  bookedById: true,
  cancelledAt: true,
  cancelReason: true,
  offering: { select: { title: true, durationMinutes: true, refundCutoffHours: true } },
  csm: { select: { name: true } },
  bookedBy: { select: { locale: true } },
  account: { select: { tier: true, ownerCsmId: true } },
  ledger: { where: { kind: "REFUND" }, select: { id: true } },
} satisfies Prisma.CsmBookingSelect;

type Managed = Prisma.CsmBookingGetPayload<{ select: typeof MANAGE_SELECT }>;

/** The booking the key opens, or null: an unknown token, or someone else's booking, look the same. */
async function findManaged(db: Db | Tx, key: ManageKey): Promise<Managed | null> {
  if (key.kind === "token") {
    const manageTokenHash = linkTokenHash(key.token);
    return manageTokenHash ? db.csmBooking.findUnique({ where: { manageTokenHash }, select: MANAGE_SELECT }) : null;
  }
  return db.csmBooking.findFirst({ where: { id: key.bookingId, bookedById: key.viewer.id }, select: MANAGE_SELECT });
}

/** The emailed link shows times in the zone the customer booked in; the signed-in page, in the viewer's. */
function zoneFor(key: ManageKey, booking: Managed) {
  return key.kind === "token"
    ? { timeZone: booking.timeZone, locale: booking.bookedBy.locale }
    : { timeZone: key.viewer.timeZone, locale: key.viewer.locale };
}

function bookerOf(booking: Managed): Booker {
  return { accountId: booking.accountId, tier: booking.account.tier, ownerCsmId: booking.account.ownerCsmId };
}

function present(booking: Managed, state: ManageState, zone: { timeZone: string; locale: string }, now: Date) {
  const cutoffHours = booking.offering.refundCutoffHours;
  return {
    state,
    title: booking.offering.title,
    when: formatSpan(booking.startsAt, booking.endsAt, zone.timeZone, zone.locale),
    timeZone: zone.timeZone,
    csmName: booking.csm.name,
    purpose: booking.purpose,
    drawsHours: booking.drawsHours,
    refundCutoffHours: cutoffHours,
    refundDeadline: formatDateTime(refundDeadline(booking.startsAt, cutoffHours), zone.timeZone, zone.locale),
    refundsIfCancelledNow: refundsOnCancel({
      now,
      startsAt: booking.startsAt,
      refundCutoffHours: cutoffHours,
      drawsHours: booking.drawsHours,
    }),
    refunded: booking.ledger.length > 0,
    cancelledAt: booking.cancelledAt ? formatDateTime(booking.cancelledAt, zone.timeZone, zone.locale) : null,
    cancelReason: booking.cancelReason,
  };
}

export type ManageView = ReturnType<typeof present>;

/** Free times the booking could move to, across the CSMs its account may book, in the reader's zone. */
async function rescheduleDays(db: Db | Tx, booking: Managed, zone: { timeZone: string; locale: string }, now: Date) {
  const window = { start: now, end: new Date(now.getTime() + BOOKING_WINDOW_DAYS * DAY_MS) };
  // The booking itself is left out of the busy times: moving it by an hour must not be blocked by itself.
  const pool = await loadPool(db, window, candidatesFor(bookerOf(booking)), booking.id);
  const slots = poolSlots(pool, { from: window.start, to: window.end, now, durationMinutes: booking.offering.durationMinutes });
  const others = slots.filter((slot) => slot.start.getTime() !== booking.startsAt.getTime());
  return groupSlotsByDay(others, zone.timeZone, zone.locale);
}

/**
 * What the manage page shows. An unknown key is a 404 (thrown). A link whose booking was cancelled
 * or has ended has expired: `expired` says so and the page answers 410 with what to do, except
 * straight after cancelling, when it confirms what happened.
 */
export async function getManagePage(
  key: ManageKey,
  request: { step?: string | null; done?: string | null },
  { db = prisma, now = new Date() }: Options = {},
) {
  const booking = await findManaged(db, key);
  if (!booking) throw new Response(UNKNOWN_LINK, { status: 404 });
  const state = manageState(booking, now);
  const zone = zoneFor(key, booking);
  const done: "cancelled" | "rescheduled" | null =
    request.done === "cancelled" && state === "cancelled" ? "cancelled" : request.done === "rescheduled" ? "rescheduled" : null;
  if (key.kind === "token" && linkExpired(state) && done !== "cancelled") {
    return { expired: state, view: null, days: null, done: null };
  }
  const days = request.step === "reschedule" && state === "upcoming" ? await rescheduleDays(db, booking, zone, now) : null;
  return { expired: null, view: present(booking, state, zone, now), days, done };
}

/** The fresh list after a refusal, for the same reader. */
export async function getRescheduleDays(key: ManageKey, { db = prisma, now = new Date() }: Options = {}) {
  const booking = await findManaged(db, key);
  if (!booking || manageState(booking, now) !== "upcoming") return [];
  return rescheduleDays(db, booking, zoneFor(key, booking), now);
}

function requireChangeable(booking: Managed | null, now: Date): asserts booking is Managed {
  if (!booking) throw new DomainError(404, UNKNOWN_LINK);
  const state = manageState(booking, now);
  if (state === "cancelled") throw new DomainError(409, ALREADY_CANCELLED);
  if (state !== "upcoming") throw new DomainError(409, ALREADY_STARTED);
}

async function freeTheSlot(tx: Tx, booking: { id: string; csmId: string; startsAt: Date }, sequence: number) {
  const payload: SlotFreedPayload = { csmId: booking.csmId, startsAt: booking.startsAt.toISOString() };
  await enqueueJob(tx, { kind: SLOT_FREED_JOB_KIND, payload, idempotencyKey: `slot-freed:${booking.id}:${sequence}` });
}

/**
 * Cancels the hour. One transaction: the conditional CONFIRMED → CANCELLED write decides (a second
 * cancel, from another tab or connection, finds nothing to change and gets a 409), the hour is
 * refunded when cancelled by the cut-off, the event is recorded, CANCEL invitations go to both
 * people, and the freed time is handed to the waiting queue.
 */
export async function cancelBooking(key: ManageKey, input: { reason: string }, { db = prisma, now = new Date() }: Options = {}) {
  return writeTransaction(db, async (tx) => {
    const booking = await findManaged(tx, key);
    requireChangeable(booking, now);
    const reason = input.reason.trim();
    const cancelled = await tx.csmBooking.updateMany({
      where: { id: booking.id, status: "CONFIRMED" },
      data: { status: "CANCELLED", cancelledAt: now, cancelReason: reason || null, sequence: { increment: 1 } },
    });
    if (cancelled.count !== 1) throw new DomainError(409, ALREADY_CANCELLED);
    const cutoffHours = booking.offering.refundCutoffHours;
    const refundable = refundsOnCancel({ now, startsAt: booking.startsAt, refundCutoffHours: cutoffHours, drawsHours: booking.drawsHours });
    const refunded =
      refundable && (await refundHours(tx, { bookingId: booking.id, now, reason: `Cancelled at least ${cutoffHours} hours ahead` }));
    await recordEvent(tx, {
      kind: "csm_hour.cancelled",
      accountId: booking.accountId,
      userId: key.kind === "portal" ? key.viewer.id : booking.bookedById,
      subjectType: "csm_booking",
      subjectId: booking.id,
      value: booking.offering.durationMinutes,
      data: {
        refunded,
        via: key.kind === "token" ? "link" : "portal",
        hoursAhead: Math.floor((booking.startsAt.getTime() - now.getTime()) / 3_600_000),
      },
      occurredAt: now,
    });
    await notifyHourCancelled(tx, booking.id, { refunded, now });
    await freeTheSlot(tx, booking, booking.sequence + 1);
    return { refunded };
  });
}

/**
 * Moves the hour to `startsAt`. One transaction: re-read who is free then (the booking itself left
 * out), keep the account's own CSM or else the current one when free, else the least booked that
 * week; move the row only if it is still the version read (status and SEQUENCE), raising SEQUENCE.
 * The unique (CSM, start) key refuses a time another booking took meanwhile: 409. The hour drawn
 * stays drawn: a move is not a second booking.
 */
export async function rescheduleBooking(key: ManageKey, input: { startsAt: Date }, { db = prisma, now = new Date() }: Options = {}) {
  try {
    return await writeTransaction(db, async (tx) => {
      const booking = await findManaged(tx, key);
      requireChangeable(booking, now);
      const startsAt = input.startsAt;
      if (startsAt.getTime() === booking.startsAt.getTime()) throw new DomainError(400, SAME_TIME, "startsAt");
      const endsAt = new Date(startsAt.getTime() + booking.offering.durationMinutes * MINUTE_MS);
      const booker = bookerOf(booking);
      const pool = await loadPool(tx, { start: startsAt, end: endsAt }, candidatesFor(booker), booking.id);
      const free = pool
        .filter((member) => isBookable(member.csm, member.busy, startsAt, booking.offering.durationMinutes, now))
        .map((member) => member.csm.csmId);
      const week = weekOf(startsAt);
      const load = await tx.csmBooking.groupBy({
        by: ["csmId"],
        where: { csmId: { in: free }, status: "CONFIRMED", startsAt: { gte: week.start, lt: week.end }, id: { not: booking.id } },
        _count: { _all: true },
      });
      // Continuity: the account's own CSM when free, else whoever had the hour, else the usual rule.
      const preferred = booker.ownerCsmId && free.includes(booker.ownerCsmId) ? booker.ownerCsmId : booking.csmId;
      const csmId = chooseCsm(free, preferred, new Map(load.map((row) => [row.csmId, row._count._all])));
      if (!csmId) throw new DomainError(409, SLOT_TAKEN, "startsAt");
      const moved = await tx.csmBooking.updateMany({
        where: { id: booking.id, status: "CONFIRMED", sequence: booking.sequence },
        data: { csmId, startsAt, endsAt, sequence: { increment: 1 } },
      });
      if (moved.count !== 1) throw new DomainError(409, CHANGED_MEANWHILE, "startsAt");
      const previous = { csmId: booking.csmId, startsAt: booking.startsAt, endsAt: booking.endsAt };
      await notifyHourRescheduled(tx, booking.id, { previous, manageToken: key.kind === "token" ? key.token : null, now });
      await freeTheSlot(tx, booking, booking.sequence + 1);
      return { csmId, startsAt, endsAt };
    });
  } catch (error) {
    // The unique (CSM, start) key: another connection took the time between our read and our write.
    if (isUniqueViolation(error)) throw new DomainError(409, SLOT_TAKEN, "startsAt");
    throw error;
  }
}

/** The signed-in customer's own hours still to come (or under way), soonest first, in their zone. */
export async function listUpcomingHours(viewer: Viewer, { db = prisma, now = new Date() }: Options = {}) {
  const bookings = await db.csmBooking.findMany({
    where: { bookedById: viewer.id, status: "CONFIRMED", endsAt: { gt: now } },
    select: { id: true, startsAt: true, endsAt: true, csm: { select: { name: true } }, offering: { select: { title: true } } },
    orderBy: { startsAt: "asc" },
    take: 20,
  });
  return bookings.map((booking) => ({
    id: booking.id,
    title: booking.offering.title,
    when: formatSpan(booking.startsAt, booking.endsAt, viewer.timeZone, viewer.locale),
    csmName: booking.csm.name,
    underWay: booking.startsAt <= now,
  }));
}
