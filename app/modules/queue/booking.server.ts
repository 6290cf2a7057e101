import type { Prisma } from "~/generated/prisma/client.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { generateSecureRandomString, hashToken } from "~/modules/auth/tokens.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { isUniqueViolation, prisma, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { addLocalDays } from "~/utils/zoned-time.ts";
import { AvailabilitySchema, type Availability, type WeeklyHours } from "./availability.ts";
import { notifyHourBooked } from "./booking-emails.server.ts";
import { booksOwnCsm } from "./ledger.ts";
import { drawHours } from "./ledger.server.ts";
import { heldSlots } from "./queue-holds.server.ts";
import { isBookable, poolSlots, type BusyTimes, type Interval, type PoolMember, type PoolSlot } from "./slots.ts";

// Booking one hour with a CSM. Who is free comes from the slot engine over what the database holds;
// the booking itself is one transaction that re-reads the chosen CSMs' bookings, re-checks the slot,
// inserts under the unique (CSM, start) key and draws the hour with a conditional write — so two people
// racing for one slot, or for an account's last hour, end with exactly one booking.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const DEFAULT_OFFERING_SLUG = "csm-hour";

type Options = { db?: Db; now?: Date };

/** The offering every install has: one hour with a CSM. Created on first use, once. */
export async function getDefaultOffering(db: Db | Tx = prisma) {
  const select = { id: true, slug: true, title: true, durationMinutes: true, hoursCost: true, refundCutoffHours: true } as const;
  const existing = await db.offering.findUnique({ where: { slug: DEFAULT_OFFERING_SLUG }, select });
  if (existing) return existing;
  try {
    return await db.offering.create({ data: { slug: DEFAULT_OFFERING_SLUG, title: "One hour with a CSM" }, select });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.offering.findUniqueOrThrow({ where: { slug: DEFAULT_OFFERING_SLUG }, select });
  }
}

export type Offering = Awaited<ReturnType<typeof getDefaultOffering>>;

/**
 * CSMs who take pool bookings (or exactly the given ones), with their availability and what fills
 * their time between `from` and `to` (widened by a day so buffers and daily caps see their neighbours).
 * `exceptBookingId` leaves one booking out of the busy times: the one being moved.
 */
export async function loadPool(db: Db | Tx, window: Interval, only?: string[], exceptBookingId?: string): Promise<PoolMember[]> {
  const rows = await db.csmAvailability.findMany({
    where: only ? { userId: { in: only } } : { inPool: true, user: { deactivatedAt: null } },
    select: availabilitySelect(window.start),
    orderBy: { userId: "asc" },
  });
  if (rows.length === 0) return [];
  const from = new Date(window.start.getTime() - DAY_MS);
  const to = new Date(window.end.getTime() + DAY_MS);
  const confirmed = await db.csmBooking.findMany({
    where: {
      csmId: { in: rows.map((row) => row.userId) },
      status: "CONFIRMED",
      startsAt: { lt: to },
      endsAt: { gt: from },
      ...(exceptBookingId ? { id: { not: exceptBookingId } } : {}),
    },
    select: { csmId: true, startsAt: true, endsAt: true },
  });
  // Time offered to the head of the waiting queue is busy for everyone else until claimed, declined or expired.
  const bookings = [
    ...confirmed,
    ...(await heldSlots(
      db,
      rows.map((row) => row.userId),
      { start: from, end: to },
    )),
  ];
  const members: PoolMember[] = [];
  for (const row of rows) {
    const availability = readAvailability(row);
    if (!availability) continue;
    const busy: BusyTimes = {
      bookings: bookings
        .filter((booking) => booking.csmId === row.userId)
        .map(({ startsAt, endsAt }) => ({ start: startsAt, end: endsAt })),
    };
    members.push({ csm: { csmId: row.userId, availability }, busy });
  }
  return members;
}

/**
 * What readAvailability needs of a CsmAvailability row, for times from `since` on: the settings, the
 * date overrides (local dates; two days' margin covers every zone) and the time off not yet over.
 */
export function availabilitySelect(since: Date) {
  return {
    userId: true,
    timeZone: true,
    weeklyHours: true,
    bufferBeforeMinutes: true,
    bufferAfterMinutes: true,
    minimumNoticeMinutes: true,
    maxHoursPerDay: true,
    horizonDays: true,
    user: {
      select: {
        availabilityDays: {
          where: { date: { gte: addLocalDays(since.toISOString().slice(0, 10), -2) } },
          select: { date: true, ranges: true },
        },
        timeOff: { where: { endsAt: { gt: since } }, select: { startsAt: true, endsAt: true } },
      },
    },
  } as const satisfies Prisma.CsmAvailabilitySelect;
}

export type AvailabilityRow = {
  timeZone: string;
  weeklyHours: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  maxHoursPerDay: number;
  horizonDays: number;
  user: { availabilityDays: { date: string; ranges: string }[]; timeOff: { startsAt: Date; endsAt: Date }[] };
};

/** Stored rows → the engine's input; a row that no longer validates takes no bookings rather than failing the page. */
export function readAvailability(row: AvailabilityRow): Availability | null {
  try {
    const parsed = AvailabilitySchema.safeParse({
      timeZone: row.timeZone,
      weeklyHours: JSON.parse(row.weeklyHours) as WeeklyHours,
      overrides: Object.fromEntries(row.user.availabilityDays.map((day) => [day.date, JSON.parse(day.ranges) as unknown])),
      timeOff: row.user.timeOff.map((off) => ({ start: off.startsAt.toISOString(), end: off.endsAt.toISOString() })),
      bufferBeforeMinutes: row.bufferBeforeMinutes,
      bufferAfterMinutes: row.bufferAfterMinutes,
      minimumNoticeMinutes: row.minimumNoticeMinutes,
      maxHoursPerDay: row.maxHoursPerDay,
      horizonDays: row.horizonDays,
    });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type Booker = { accountId: string; tier: "HIGH" | "LOW" | "TECH"; ownerCsmId: string | null };

export async function bookerOf(db: Db | Tx, actor: Actor): Promise<Booker> {
  if (!can(actor, "queue.book") || !actor.accountId) throw new DomainError(403, "Only customers book hours with a CSM.");
  const account = await db.account.findUnique({ where: { id: actor.accountId }, select: { id: true, tier: true, ownerCsmId: true } });
  if (!account) throw new DomainError(404, "Your account was not found.");
  return { accountId: account.id, tier: account.tier, ownerCsmId: account.ownerCsmId };
}

/** High-touch accounts book their own CSM only; everyone else books the pool. */
export function candidatesFor(booker: Booker): string[] | undefined {
  if (!booksOwnCsm(booker.tier)) return undefined;
  return booker.ownerCsmId ? [booker.ownerCsmId] : [];
}

/** Free start times for the acting customer between `from` and `to`, across the CSMs they may book. */
export async function findSlots(actor: Actor, range: { from: Date; to: Date }, { db = prisma, now = new Date() }: Options = {}) {
  const booker = await bookerOf(db, actor);
  const offering = await getDefaultOffering(db);
  const pool = await loadPool(db, { start: range.from, end: range.to }, candidatesFor(booker));
  return poolSlots(pool, { from: range.from, to: range.to, now, durationMinutes: offering.durationMinutes });
}

/** The Monday-to-Monday UTC week around an instant, for "least booked that week". */
export function weekOf(at: Date): Interval {
  const day = (at.getUTCDay() + 6) % 7;
  const start = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day);
  return { start: new Date(start), end: new Date(start + 7 * DAY_MS) };
}

/**
 * Who gets the booking among the CSMs free at that time: the account's own CSM when free, else the one
 * with the fewest bookings that week (ties by id, so the choice is stable).
 */
export function chooseCsm(free: string[], ownerCsmId: string | null, bookingsThisWeek: Map<string, number>): string | null {
  if (free.length === 0) return null;
  if (ownerCsmId && free.includes(ownerCsmId)) return ownerCsmId;
  return [...free].sort((a, b) => (bookingsThisWeek.get(a) ?? 0) - (bookingsThisWeek.get(b) ?? 0) || a.localeCompare(b))[0]!;
}

export type BookingRequest = { startsAt: Date; purpose: string; timeZone: string; routingRuleId?: string | null };

export const SLOT_TAKEN = "This time was just taken. Pick another time: the list shows what is still free.";
export const NO_HOURS_LEFT = "Your account has no CSM hours left this period. Your account admin can ask your CSM for more.";

/**
 * Books one hour for the acting customer. One transaction: re-read the free CSMs at that start, pick
 * one, insert the booking (unique CSM and start), draw the hour (conditional write), record the event.
 * 409 when the slot went meanwhile or the hours ran out; nothing is written then. Returns the booking
 * and the secret for its manage link (only its hash is stored).
 */
export async function bookHour(actor: Actor, request: BookingRequest, { db = prisma, now = new Date() }: Options = {}) {
  const booker = await bookerOf(db, actor);
  const offering: Offering = await getDefaultOffering(db);
  return slotTakenAs409(() =>
    writeTransaction(db, async (tx) => {
      const booked = await bookInTransaction(tx, { actor, booker, offering, request, now });
      // Booked straight from the page while waiting: the place in the queue has served its purpose, and
      // must not bring a second hour later. (An entry already OFFERED keeps its offer until claimed or let go.)
      await tx.queueEntry.updateMany({
        where: { userId: actor.id, offeringId: offering.id, status: "WAITING" },
        data: { status: "BOOKED", bookingId: booked.booking.id },
      });
      return booked;
    }),
  );
}

/** The unique (CSM, start) key: another connection took the slot between our read and our insert. */
export async function slotTakenAs409<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(409, SLOT_TAKEN, "startsAt");
    throw error;
  }
}

export type BookingInput = {
  actor: Actor;
  booker: Booker;
  offering: Offering;
  request: BookingRequest & {
    /** Only these CSMs (a held queue offer names one); by default the ones the booker may book. */
    csmIds?: string[];
    /** How the hour was booked, when not from the booking page: recorded on the event. */
    via?: "queue";
  };
  now: Date;
};

/**
 * The booking itself, inside the caller's transaction: bookHour's, and claiming a queue offer's
 * (waiting-queue.server.ts), so both insert, draw and record alike. Throws a 409 DomainError when no
 * chosen CSM is free or the hours ran out; a unique violation from the insert is the caller's to map
 * (slotTakenAs409).
 */
export async function bookInTransaction(tx: Tx, { actor, booker, offering, request, now }: BookingInput) {
  const startsAt = request.startsAt;
  const endsAt = new Date(startsAt.getTime() + offering.durationMinutes * MINUTE_MS);
  const manageToken = generateSecureRandomString(24);
  const pool = await loadPool(tx, { start: startsAt, end: endsAt }, request.csmIds ?? candidatesFor(booker));
  const free = pool
    .filter((member) => isBookable(member.csm, member.busy, startsAt, offering.durationMinutes, now))
    .map((member) => member.csm.csmId);
  const week = weekOf(startsAt);
  const load = await tx.csmBooking.groupBy({
    by: ["csmId"],
    where: { csmId: { in: free }, status: "CONFIRMED", startsAt: { gte: week.start, lt: week.end } },
    _count: { _all: true },
  });
  const csmId = chooseCsm(free, booker.ownerCsmId, new Map(load.map((row) => [row.csmId, row._count._all])));
  if (!csmId) throw new DomainError(409, SLOT_TAKEN, "startsAt");
  const drawsHours = !booksOwnCsm(booker.tier);
  const booking = await tx.csmBooking.create({
    data: {
      offeringId: offering.id,
      csmId,
      accountId: booker.accountId,
      bookedById: actor.id,
      startsAt,
      endsAt,
      timeZone: request.timeZone,
      purpose: request.purpose,
      routingRuleId: request.routingRuleId ?? null,
      drawsHours,
      manageTokenHash: hashToken(manageToken),
    },
    select: { id: true, csmId: true, startsAt: true, endsAt: true, drawsHours: true },
  });
  if (drawsHours && !(await drawHours(tx, { accountId: booker.accountId, bookingId: booking.id, hours: offering.hoursCost, now }))) {
    throw new DomainError(409, NO_HOURS_LEFT);
  }
  await recordEvent(tx, {
    kind: "csm_hour.booked",
    accountId: booker.accountId,
    userId: actor.id,
    subjectType: "csm_booking",
    subjectId: booking.id,
    value: offering.durationMinutes,
    data: request.via ? { via: request.via } : null,
    occurredAt: now,
  });
  // The lifecycle: confirmations with .ics to the customer and the CSM, and the reminders.
  await notifyHourBooked(tx, booking.id, manageToken, now);
  return { booking, manageToken };
}

export type { PoolSlot };
