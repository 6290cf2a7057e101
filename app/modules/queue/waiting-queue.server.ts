import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { generateSecureRandomString, hashToken } from "~/modules/auth/tokens.ts";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import type { QueueEntryStatus } from "~/generated/prisma/enums.ts";
import { isUniqueViolation, prisma, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { BOOKING_WINDOW_DAYS } from "./booking-page.server.ts";
import { bookerOf, chooseCsm, getDefaultOffering, loadPool, weekOf, type Offering } from "./booking.server.ts";
import { isBookable, type PoolMember } from "./slots.ts";
import { matchQueue, nextSweepAt, offerExpiresAt, queuePosition, type QueueOffer, type WaitingEntry } from "./waiting-queue.ts";

// The waiting queue's shell: joining and leaving, and offering free time to the head of the queue.
// Matching reads and computes outside any transaction (the slot engine is the slow part); each offer
// is then written in its own short transaction that re-checks the slot (held offers included) and
// moves the entry from WAITING with a conditional write. Two runs racing for one slot or one entry
// end with one offer; a partial unique index (one live offer per CSM and start) backs that up.

export const QUEUE_MATCH_JOB_KIND = "queue.match";
export const QUEUE_OFFER_EXPIRE_JOB_KIND = "queue.offer-expire";

const DAY_MS = 24 * 60 * 60 * 1000;
const ACTIVE: QueueEntryStatus[] = ["WAITING", "OFFERED"];
/** Offers written per planning round; a run plans a few rounds, the rest wait for the next run. */
const OFFERS_PER_ROUND = 25;
const ROUNDS_PER_RUN = 3;

type Options = { db?: Db; now?: Date };

export function alreadyQueuedMessage(position: number) {
  return `You are already in the queue, position ${position}. We will email you as soon as a time frees up.`;
}

/** Active entries of every line, for positions (queues are short: tens of people, not thousands). */
async function activeEntries(db: Db | Tx, offeringId: string): Promise<WaitingEntry[]> {
  const rows = await db.queueEntry.findMany({
    where: { offeringId, status: { in: ACTIVE } },
    select: { id: true, createdAt: true, account: { select: { tier: true, ownerCsmId: true } } },
  });
  return rows.map(({ id, createdAt, account }) => ({ id, createdAt, tier: account.tier, ownerCsmId: account.ownerCsmId }));
}

async function positionOf(db: Db | Tx, offeringId: string, entryId: string) {
  return queuePosition(await activeEntries(db, offeringId), entryId) ?? 1;
}

/**
 * Joins the queue for the default offering. Draws no hours: the balance is checked when an offer is
 * claimed. One active entry per person, decided by the database (a partial unique index): a second
 * join answers 409 with the place already held.
 */
export async function joinQueue(actor: Actor, input: { purpose: string }, { db = prisma, now = new Date() }: Options = {}) {
  const booker = await bookerOf(db, actor);
  const offering = await getDefaultOffering(db);
  try {
    const entry = await writeTransaction(db, async (tx) => {
      const created = await tx.queueEntry.create({
        data: { offeringId: offering.id, accountId: booker.accountId, userId: actor.id, purpose: input.purpose, createdAt: now },
        select: { id: true },
      });
      await recordEvent(tx, {
        kind: "csm_hour.queued",
        accountId: booker.accountId,
        userId: actor.id,
        subjectType: "queue_entry",
        subjectId: created.id,
        occurredAt: now,
      });
      // Time may have freed up since the page was shown: match at once, then keep sweeping while anyone waits.
      await requestQueueMatch(tx);
      return created;
    });
    return { entryId: entry.id, position: await positionOf(db, offering.id, entry.id) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.queueEntry.findFirst({
      where: { userId: actor.id, offeringId: offering.id, status: { in: ACTIVE } },
      select: { id: true },
    });
    throw new DomainError(409, alreadyQueuedMessage(existing ? await positionOf(db, offering.id, existing.id) : 1));
  }
}

/** Leaves the queue; an offer held for this person is given up and passes to the next in line. */
export async function leaveQueue(actor: Actor, { db = prisma, now = new Date() }: Options = {}) {
  if (!can(actor, "queue.book")) throw new DomainError(403, "Only customers wait for an hour with a CSM.");
  const offering = await getDefaultOffering(db);
  return writeTransaction(db, async (tx) => {
    const entry = await tx.queueEntry.findFirst({
      where: { userId: actor.id, offeringId: offering.id, status: { in: ACTIVE } },
      select: { id: true, status: true },
    });
    if (!entry) return { left: false };
    const { count } = await tx.queueEntry.updateMany({
      where: { id: entry.id, status: entry.status },
      data: { status: "CANCELLED", updatedAt: now },
    });
    if (count === 1 && entry.status === "OFFERED") await requestQueueMatch(tx);
    return { left: count === 1 };
  });
}

export type QueueStatus = {
  status: "WAITING" | "OFFERED";
  position: number;
  purpose: string;
  joinedAt: string;
  /** The held time and until when, in the viewer's zone; the claim link is in their email only. */
  offer: { when: string; expiresAt: string } | null;
};

/** The signed-in customer's place in the queue, or null when they are not in it. */
export async function getMyQueueStatus(
  viewer: Actor & { timeZone: string; locale: string },
  { db = prisma }: Options = {},
): Promise<QueueStatus | null> {
  const offering = await getDefaultOffering(db);
  const entry = await db.queueEntry.findFirst({
    where: { userId: viewer.id, offeringId: offering.id, status: { in: ACTIVE } },
    select: { id: true, status: true, purpose: true, createdAt: true, offeredStartsAt: true, offerExpiresAt: true },
  });
  if (!entry) return null;
  const at = (date: Date) => formatDateTime(date, viewer.timeZone, viewer.locale);
  return {
    status: entry.status === "OFFERED" ? "OFFERED" : "WAITING",
    position: await positionOf(db, offering.id, entry.id),
    purpose: entry.purpose,
    joinedAt: at(entry.createdAt),
    offer:
      entry.status === "OFFERED" && entry.offeredStartsAt && entry.offerExpiresAt
        ? { when: at(entry.offeredStartsAt), expiresAt: at(entry.offerExpiresAt) }
        : null,
  };
}

/** A matching run as soon as the worker is free (a decline, a freed hold, a join). */
export async function requestQueueMatch(tx: Tx) {
  await enqueueJob(tx, { kind: QUEUE_MATCH_JOB_KIND, payload: {} });
}

/** For changes elsewhere that may free time (availability edits): a run, only when someone waits. */
export async function requestQueueMatchIfWaiting(db: Db = prisma) {
  if (await db.queueEntry.count({ where: { status: "WAITING" } })) await writeTransaction(db, requestQueueMatch);
}

/**
 * The periodic sweep: one matching run at the next boundary while anyone waits, so time that frees up
 * without announcing it (new availability, a slot coming inside the window) still reaches the queue.
 * The key is the boundary, so every run and every process schedules the same single job.
 */
async function keepSweeping(db: Db, now: Date) {
  if ((await db.queueEntry.count({ where: { status: "WAITING" } })) === 0) return;
  const runAt = nextSweepAt(now);
  await writeTransaction(db, (tx) =>
    enqueueJob(tx, { kind: QUEUE_MATCH_JOB_KIND, payload: {}, runAt, idempotencyKey: `queue-sweep:${runAt.toISOString()}` }),
  );
}

/** Offers past their expiry whose expiry job has not run (or failed): out of the way before matching. */
async function expireLapsedOffers(db: Db, now: Date) {
  const { count } = await writeTransaction(db, (tx) =>
    tx.queueEntry.updateMany({ where: { status: "OFFERED", offerExpiresAt: { lte: now } }, data: { status: "EXPIRED", updatedAt: now } }),
  );
  return count;
}

/** The offer-expire job: an offer not claimed in time lapses (the entry leaves the queue). */
export async function expireQueueOffer(entryId: string, { db = prisma, now = new Date() }: Options = {}) {
  const { count } = await writeTransaction(db, (tx) =>
    tx.queueEntry.updateMany({
      where: { id: entryId, status: "OFFERED", offerExpiresAt: { lte: now } },
      data: { status: "EXPIRED", updatedAt: now },
    }),
  );
  return { expired: count === 1 };
}

type Plan = { offers: QueueOffer[]; offering: Offering };

async function planOffers(db: Db, now: Date): Promise<Plan | null> {
  const offering = await getDefaultOffering(db);
  const rows = await db.queueEntry.findMany({
    where: { offeringId: offering.id, status: "WAITING", user: { deactivatedAt: null } },
    select: { id: true, createdAt: true, account: { select: { tier: true, ownerCsmId: true } } },
  });
  if (rows.length === 0) return null;
  const entries: WaitingEntry[] = rows.map(({ id, createdAt, account }) => ({ id, createdAt, ...account }));
  const window = { start: now, end: new Date(now.getTime() + BOOKING_WINDOW_DAYS * DAY_MS) };
  const pool = await loadPool(db, window);
  const poolIds = pool.map((member) => member.csm.csmId);
  const owners = [...new Set(entries.flatMap((entry) => (entry.tier === "HIGH" && entry.ownerCsmId ? [entry.ownerCsmId] : [])))];
  const others = owners.filter((id) => !poolIds.includes(id));
  const members = others.length ? [...pool, ...(await loadPool(db, window, others))] : pool;
  const offers = matchQueue(entries, members, {
    now,
    to: window.end,
    durationMinutes: offering.durationMinutes,
    poolIds,
    choose: (free, entry, slot, current) => chooseCsm(free, entry.ownerCsmId, weeklyLoad(current, slot.start))!,
    limit: OFFERS_PER_ROUND,
  });
  return { offers, offering };
}

/** Bookings and holds per CSM in the UTC week of `at`, as far as the loaded window shows them. */
function weeklyLoad(members: readonly PoolMember[], at: Date) {
  const week = weekOf(at);
  return new Map(
    members.map((member) => [member.csm.csmId, member.busy.bookings.filter(({ start }) => start >= week.start && start < week.end).length]),
  );
}

/**
 * Writes one planned offer, or nothing when the plan went stale: the slot was booked or held meanwhile
 * (re-checked against what the database holds now) or the entry is no longer waiting.
 */
async function writeOffer(db: Db, offer: QueueOffer, offering: Offering, now: Date): Promise<boolean> {
  const token = generateSecureRandomString();
  const tokenHash = hashToken(token);
  try {
    return await writeTransaction(db, async (tx) => {
      const [member] = await loadPool(tx, { start: offer.start, end: offer.end }, [offer.csmId]);
      if (!member || !isBookable(member.csm, member.busy, offer.start, offering.durationMinutes, now)) return false;
      const expiresAt = offerExpiresAt(now, offer.start, member.csm.availability.minimumNoticeMinutes);
      const { count } = await tx.queueEntry.updateMany({
        where: { id: offer.entryId, status: "WAITING" },
        data: {
          status: "OFFERED",
          offeredCsmId: offer.csmId,
          offeredStartsAt: offer.start,
          offerTokenHash: tokenHash,
          offerExpiresAt: expiresAt,
          updatedAt: now,
        },
      });
      if (count !== 1) return false;
      await enqueueJob(tx, {
        kind: QUEUE_OFFER_EXPIRE_JOB_KIND,
        payload: { entryId: offer.entryId },
        runAt: expiresAt,
        idempotencyKey: `queue-offer-expire:${offer.entryId}:${tokenHash.slice(0, 16)}`,
      });
      await queueOfferEmail(tx, offer, token, tokenHash);
      return true;
    });
  } catch (error) {
    // One live offer per CSM and start: another run's offer of this slot committed first.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

async function queueOfferEmail(tx: Tx, offer: QueueOffer, token: string, tokenHash: string) {
  const entryId = offer.entryId;
  const entry = await tx.queueEntry.findUniqueOrThrow({
    where: { id: entryId },
    select: {
      purpose: true,
      offeredStartsAt: true,
      offerExpiresAt: true,
      offering: { select: { durationMinutes: true } },
      user: { select: { name: true, email: true, timeZone: true, locale: true } },
    },
  });
  const csm = await tx.user.findUnique({ where: { id: offer.csmId }, select: { name: true } });
  const { user } = entry;
  const claimUrl = `${getEnv().APP_URL}/queue/offers/${encodeURIComponent(token)}`;
  await queueEmail(tx, {
    template: "csm-hour-offer",
    to: user.email,
    props: {
      recipientName: user.name,
      when: formatDateTime(entry.offeredStartsAt!, user.timeZone, user.locale),
      durationMinutes: entry.offering.durationMinutes,
      csmName: csm?.name ?? null,
      purpose: entry.purpose,
      claimUrl,
      expiresAt: formatDateTime(entry.offerExpiresAt!, user.timeZone, user.locale),
    },
    idempotencyKey: `email:csm-hour-offer:${entryId}:${tokenHash.slice(0, 16)}`,
  });
}

/**
 * Offers free time to the head of the queue: the slot-freed job, the offer-expire job after an offer
 * lapsed, declines, joins and the periodic sweep all run this. Idempotent and safe to run
 * concurrently. Returns the entries offered a slot in this run.
 */
export async function offerFreedTime({ db = prisma, now = new Date() }: Options = {}) {
  await expireLapsedOffers(db, now);
  const offered: string[] = [];
  for (let round = 0; round < ROUNDS_PER_RUN; round++) {
    const plan = await planOffers(db, now);
    if (!plan || plan.offers.length === 0) break;
    let stale = false;
    for (const offer of plan.offers) {
      if (await writeOffer(db, offer, plan.offering, now)) offered.push(offer.entryId);
      else stale = true;
    }
    if (!stale && plan.offers.length < OFFERS_PER_ROUND) break;
  }
  await keepSweeping(db, now);
  return { offered };
}
