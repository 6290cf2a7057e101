import { DomainError } from "~/modules/auth/errors.ts";
import { hashToken, linkTokenHash } from "~/modules/auth/tokens.ts";
import { prisma, writeTransaction, type Db } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { bookerOf, bookInTransaction, NO_HOURS_LEFT, SLOT_TAKEN, slotTakenAs409 } from "./booking.server.ts";
import { booksOwnCsm, hoursText } from "./ledger.ts";
import { ensurePeriodGrant } from "./ledger.server.ts";
import { requestQueueMatch } from "./waiting-queue.server.ts";

// The claim link of a queue offer (/queue/offers/$token). The token is the credential, so the page
// works signed out; only its hash is stored, and it stays on the entry after the offer is settled so
// the link can say what became of it. Claiming books the held slot through the booking page's own
// transaction (bookInTransaction): same insert, same draw, same event.

type Options = { db?: Db; now?: Date };

const UNKNOWN = "We do not know this link. Check that it was copied whole, or open the booking page to see where you stand.";
export const OFFER_SLOT_GONE =
  "That time can no longer be booked: the CSM's calendar changed. You keep your place at the head of the queue, and we will email you the next free time.";

/** Why a settled or lapsed offer can no longer be claimed, in words for the person who follows the link. */
function goneMessage(status: string, expiresAt: string | null) {
  if (status === "BOOKED") return "This time is already booked for you. Your hours page lists it.";
  if (status === "CANCELLED") return "You gave up this time, so it went to the next person in the queue.";
  return `This offer lapsed${expiresAt ? ` at ${expiresAt}` : ""} and the time went to the next person in the queue. You can join the queue again from the booking page.`;
}

function noHoursMessage(expiresAt: string) {
  return `${NO_HOURS_LEFT} The time stays held for you until ${expiresAt}: claim it once hours are added, or decline so the next person gets it.`;
}

const ENTRY_SELECT = {
  id: true,
  status: true,
  accountId: true,
  purpose: true,
  offeredCsmId: true,
  offeredStartsAt: true,
  offerExpiresAt: true,
  bookingId: true,
  offering: { select: { id: true, slug: true, title: true, durationMinutes: true, hoursCost: true, refundCutoffHours: true } },
  user: { select: { id: true, name: true, role: true, accountId: true, timeZone: true, locale: true, deactivatedAt: true } },
  account: { select: { tier: true } },
} as const;

async function findEntry(db: Db, token: string) {
  const offerTokenHash = linkTokenHash(token);
  return offerTokenHash ? db.queueEntry.findUnique({ where: { offerTokenHash }, select: ENTRY_SELECT }) : null;
}

type Entry = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

/** Times in the zone of the person the offer was made for, whoever opens the link. */
function formatterFor(entry: Entry) {
  return (date: Date) => formatDateTime(date, entry.user.timeZone, entry.user.locale);
}

function isLive(entry: Entry, now: Date) {
  return entry.status === "OFFERED" && !!entry.offerExpiresAt && entry.offerExpiresAt > now;
}

export type QueueOfferView =
  | { state: "unknown"; message: string }
  | { state: "gone"; message: string }
  | {
      state: "offered" | "booked" | "declined";
      name: string;
      when: string;
      timeZone: string;
      durationMinutes: number;
      csmName: string | null;
      purpose: string;
      expiresAt: string;
      /** What claiming draws: null for a high-touch account (their own CSM, no pool hours). */
      hours: { cost: string; left: number } | null;
    };

/** What the claim page shows for a token: the live offer, what became of it, or why it is gone. */
export async function getQueueOfferView(token: string, { db = prisma, now = new Date() }: Options = {}): Promise<QueueOfferView> {
  const entry = await findEntry(db, token);
  if (!entry || !entry.offeredStartsAt || !entry.offerExpiresAt) return { state: "unknown", message: UNKNOWN };
  const at = formatterFor(entry);
  const settled = entry.status === "BOOKED" ? "booked" : entry.status === "CANCELLED" ? "declined" : null;
  if (!settled && !isLive(entry, now)) return { state: "gone", message: goneMessage(entry.status, at(entry.offerExpiresAt)) };
  const csm = entry.offeredCsmId ? await db.user.findUnique({ where: { id: entry.offeredCsmId }, select: { name: true } }) : null;
  let hours: { cost: string; left: number } | null = null;
  if (!settled && !booksOwnCsm(entry.account.tier)) {
    const balance = await writeTransaction(db, (tx) => ensurePeriodGrant(tx, entry.accountId, now));
    hours = { cost: hoursText(entry.offering.hoursCost), left: Math.max(0, balance.granted - balance.used) };
  }
  return {
    state: settled ?? "offered",
    name: entry.user.name,
    when: at(entry.offeredStartsAt),
    timeZone: entry.user.timeZone,
    durationMinutes: entry.offering.durationMinutes,
    csmName: csm?.name ?? null,
    purpose: entry.purpose,
    expiresAt: at(entry.offerExpiresAt),
    hours,
  };
}

/**
 * Claims the held slot for the person it was offered to: one transaction moves the entry from OFFERED
 * to BOOKED (which also releases its own hold, so the slot engine sees the time free for this booking
 * alone), books the slot with that CSM, draws the hours and links the booking. No hours left: 409 and
 * nothing changes, the offer stays held. The slot no longer bookable (time off added over it, say):
 * 409, and the entry goes back to waiting at its old place for the next free time.
 */
export async function claimQueueOffer(token: string, { db = prisma, now = new Date() }: Options = {}) {
  const entry = await findEntry(db, token);
  if (!entry) throw new DomainError(404, UNKNOWN);
  const at = formatterFor(entry);
  try {
    return await slotTakenAs409(() =>
      writeTransaction(db, async (tx) => {
        const taken = await tx.queueEntry.updateMany({
          where: { id: entry.id, status: "OFFERED", offerTokenHash: hashToken(token), offerExpiresAt: { gt: now } },
          data: { status: "BOOKED", updatedAt: now },
        });
        if (taken.count !== 1 || !entry.offeredCsmId || !entry.offeredStartsAt) {
          const current = await tx.queueEntry.findUniqueOrThrow({ where: { id: entry.id }, select: { status: true } });
          throw new DomainError(410, goneMessage(current.status, entry.offerExpiresAt ? at(entry.offerExpiresAt) : null));
        }
        const { user } = entry;
        if (user.deactivatedAt || user.accountId !== entry.accountId) {
          throw new DomainError(410, "This offer can no longer be used: the person it was made for no longer books for this account.");
        }
        const actor = { id: user.id, role: user.role, accountId: user.accountId };
        const booker = await bookerOf(tx, actor);
        const { booking } = await bookInTransaction(tx, {
          actor,
          booker,
          offering: entry.offering,
          request: {
            startsAt: entry.offeredStartsAt,
            purpose: entry.purpose,
            timeZone: user.timeZone,
            csmIds: [entry.offeredCsmId],
            via: "queue",
          },
          now,
        });
        await tx.queueEntry.update({ where: { id: entry.id }, data: { bookingId: booking.id } });
        return { entryId: entry.id, booking, when: at(booking.startsAt) };
      }),
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.message === NO_HOURS_LEFT)
      throw new DomainError(409, noHoursMessage(entry.offerExpiresAt ? at(entry.offerExpiresAt) : "it lapses"));
    if (error.message === SLOT_TAKEN) {
      await withdrawOffer(db, entry.id, token, now);
      throw new DomainError(409, OFFER_SLOT_GONE);
    }
    throw error;
  }
}

/** A held slot that cannot be booked after all: the entry waits again, keeping its place, and matching runs. */
async function withdrawOffer(db: Db, entryId: string, token: string, now: Date) {
  await writeTransaction(db, async (tx) => {
    const { count } = await tx.queueEntry.updateMany({
      where: { id: entryId, status: "OFFERED", offerTokenHash: hashToken(token) },
      data: { status: "WAITING", offeredCsmId: null, offeredStartsAt: null, offerTokenHash: null, offerExpiresAt: null, updatedAt: now },
    });
    if (count === 1) await requestQueueMatch(tx);
  });
}

/** Gives the held slot up: the entry leaves the queue and the time is offered to the next in line. */
export async function declineQueueOffer(token: string, { db = prisma, now = new Date() }: Options = {}) {
  const entry = await findEntry(db, token);
  if (!entry) throw new DomainError(404, UNKNOWN);
  return writeTransaction(db, async (tx) => {
    const { count } = await tx.queueEntry.updateMany({
      where: { id: entry.id, status: "OFFERED", offerTokenHash: hashToken(token) },
      data: { status: "CANCELLED", updatedAt: now },
    });
    if (count !== 1) {
      const current = await tx.queueEntry.findUniqueOrThrow({ where: { id: entry.id }, select: { status: true } });
      throw new DomainError(410, goneMessage(current.status, entry.offerExpiresAt ? formatterFor(entry)(entry.offerExpiresAt) : null));
    }
    await requestQueueMatch(tx);
    return { entryId: entry.id };
  });
}
