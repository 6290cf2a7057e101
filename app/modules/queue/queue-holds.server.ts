import type { Db, Tx } from "~/utils/db.server.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * Times offered to someone at the head of the waiting queue (waiting-queue.server.ts), in the shape
 * of bookings: while an offer is OFFERED its slot is held for that person alone, so the slot engine
 * treats it as busy for everyone else. An offer past its expiry still holds until the expiry job (or
 * the next sweep) moves it on, seconds later; claiming checks the expiry itself.
 */
export async function heldSlots(db: Db | Tx, csmIds: string[], window: { start: Date; end: Date }) {
  if (csmIds.length === 0) return [];
  const offers = await db.queueEntry.findMany({
    where: {
      status: "OFFERED",
      offeredCsmId: { in: csmIds },
      // An offering lasts at most a day (slots.ts), so starts a day before the window can still reach into it.
      offeredStartsAt: { lt: window.end, gt: new Date(window.start.getTime() - DAY_MS) },
    },
    select: { offeredCsmId: true, offeredStartsAt: true, offering: { select: { durationMinutes: true } } },
  });
  return offers.flatMap(({ offeredCsmId, offeredStartsAt, offering }) => {
    if (!offeredCsmId || !offeredStartsAt) return [];
    const endsAt = new Date(offeredStartsAt.getTime() + offering.durationMinutes * MINUTE_MS);
    return endsAt > window.start ? [{ csmId: offeredCsmId, startsAt: offeredStartsAt, endsAt }] : [];
  });
}
