import type { Tier } from "~/generated/prisma/enums.ts";
import { booksOwnCsm } from "./ledger.ts";
import { poolSlots, type Interval, type PoolMember } from "./slots.ts";

// The waiting queue's pure rules: who is next, what they are offered, and for how long. When the
// booking page finds no free time, a customer joins the queue; time that frees up (a cancellation, a
// reschedule, new availability) is offered to the head of the queue and held for them alone until
// the offer expires. See docs/decisions/0021-waiting-queue.md.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** How long a freed slot is held for the person it is offered to, at most. */
export const OFFER_TTL_MS = 12 * HOUR_MS;
/** A slot that could be claimed for less than this is not offered: too short to read an email. */
export const MIN_CLAIM_WINDOW_MS = 30 * MINUTE_MS;
/** How often the queue is matched against free time even when nothing announced a change. */
export const SWEEP_INTERVAL_MS = 15 * MINUTE_MS;

/** An entry in line, with what decides its place and which CSMs it may be offered. */
export type WaitingEntry = { id: string; createdAt: Date; tier: Tier; ownerCsmId: string | null };

/** Queue order: who joined first, then by id so that two joins in one millisecond still have an order. */
export function compareQueueOrder(a: { id: string; createdAt: Date }, b: { id: string; createdAt: Date }): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Which line an entry waits in. High-touch accounts wait for their own CSM only (they book nobody
 * else); everyone else waits for the pool. A position counts only the entries in the same line.
 */
export function queueLine(entry: { tier: Tier; ownerCsmId: string | null }): string {
  return booksOwnCsm(entry.tier) ? `own:${entry.ownerCsmId ?? "none"}` : "pool";
}

/** 1 for the head of the line; `entries` are the active entries of every line. */
export function queuePosition(entries: readonly WaitingEntry[], id: string): number | null {
  const mine = entries.find((entry) => entry.id === id);
  if (!mine) return null;
  const line = queueLine(mine);
  return 1 + entries.filter((entry) => entry.id !== id && queueLine(entry) === line && compareQueueOrder(entry, mine) < 0).length;
}

/**
 * When an offer lapses: `ttlMs` from now, but never later than the slot can still be booked (its start
 * minus the CSM's minimum notice), so a claim before the expiry always passes the notice check.
 *
 * Offered at 09:00 for a 10:00 start with 4 hours' notice... is not offered (the slot is not bookable).
 * Offered at 09:00 for 15:00 with 4 hours' notice: expires 11:00, not 21:00.
 * Offered at 09:00 for 10:00 tomorrow with 4 hours' notice: expires 21:00 (the TTL is shorter).
 */
export function offerExpiresAt(now: Date, slotStart: Date, minimumNoticeMinutes: number, ttlMs = OFFER_TTL_MS): Date {
  return new Date(Math.min(now.getTime() + ttlMs, slotStart.getTime() - minimumNoticeMinutes * MINUTE_MS));
}

/** The next sweep boundary strictly after `now` (aligned to the interval, so every process agrees on it). */
export function nextSweepAt(now: Date, intervalMs = SWEEP_INTERVAL_MS): Date {
  return new Date((Math.floor(now.getTime() / intervalMs) + 1) * intervalMs);
}

/** The CSMs whose time an entry may be offered, out of the pool's members (`poolIds`). */
export function candidateCsmIds(entry: { tier: Tier; ownerCsmId: string | null }, poolIds: readonly string[]): string[] {
  if (!booksOwnCsm(entry.tier)) return [...poolIds];
  return entry.ownerCsmId ? [entry.ownerCsmId] : [];
}

export type QueueOffer = { entryId: string; csmId: string; start: Date; end: Date; expiresAt: Date };

export type MatchRequest = {
  now: Date;
  /** Offers start before this (the booking page's window, so the queue is offered what the page would show). */
  to: Date;
  durationMinutes: number;
  /** Ids of the CSMs in `members` who take pool bookings; the rest are high-touch accounts' own CSMs. */
  poolIds: readonly string[];
  /** Picks one CSM among those free at that start (the booking page's rule: own CSM, else least booked). */
  choose: (free: string[], entry: WaitingEntry, slot: Interval, members: readonly PoolMember[]) => string;
  ttlMs?: number;
  minClaimWindowMs?: number;
  /** At most this many offers per run; the rest wait for the next run. */
  limit?: number;
};

/**
 * Walks the queue from its head and offers each entry the first free slot it may book, each slot to
 * one entry only: a slot offered is added to that CSM's busy time before the next entry is matched,
 * so buffers and the daily cap apply to held time as to bookings. An entry for whom nothing is free
 * is skipped, and so is everyone after it in the same line (they could book no more than it could).
 * Pure: `members` are not changed.
 */
export function matchQueue(entries: readonly WaitingEntry[], members: readonly PoolMember[], request: MatchRequest): QueueOffer[] {
  const { now, to, durationMinutes, poolIds, choose } = request;
  const ttlMs = request.ttlMs ?? OFFER_TTL_MS;
  const minClaimWindowMs = request.minClaimWindowMs ?? MIN_CLAIM_WINDOW_MS;
  const limit = request.limit ?? Number.POSITIVE_INFINITY;
  const pool = members.map((member) => ({ ...member, busy: { ...member.busy, bookings: [...member.busy.bookings] } }));
  const byId = new Map(pool.map((member) => [member.csm.csmId, member]));
  const exhausted = new Set<string>();
  const offers: QueueOffer[] = [];

  for (const entry of [...entries].sort(compareQueueOrder)) {
    if (offers.length >= limit) break;
    const line = queueLine(entry);
    if (exhausted.has(line)) continue;
    const candidates = candidateCsmIds(entry, poolIds).flatMap((id) => byId.get(id) ?? []);
    const expiryFor = (csmId: string, start: Date) =>
      offerExpiresAt(now, start, byId.get(csmId)!.csm.availability.minimumNoticeMinutes, ttlMs);
    let offer: QueueOffer | null = null;
    for (const slot of candidates.length ? poolSlots(candidates, { from: now, to, now, durationMinutes }) : []) {
      const claimable = slot.csmIds.filter((csmId) => expiryFor(csmId, slot.start).getTime() - now.getTime() >= minClaimWindowMs);
      if (claimable.length === 0) continue;
      const csmId = choose(claimable, entry, slot, pool);
      offer = { entryId: entry.id, csmId, start: slot.start, end: slot.end, expiresAt: expiryFor(csmId, slot.start) };
      break;
    }
    if (!offer) {
      exhausted.add(line);
      continue;
    }
    const member = byId.get(offer.csmId)!;
    member.busy = { ...member.busy, bookings: [...member.busy.bookings, { start: offer.start, end: offer.end }] };
    offers.push(offer);
  }
  return offers;
}
