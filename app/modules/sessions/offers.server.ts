import { DomainError } from "~/modules/auth/errors.ts";
import { generateSecureRandomString, hashToken } from "~/modules/auth/tokens.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { prisma, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { notifySeatOffered, queueRegistrationNotice } from "./notifications.server.ts";

export const OFFER_EXPIRE_JOB = "sessions.offer-expire";
/** How long a freed seat is held for the person at the head of the waitlist. */
export const OFFER_TTL_MS = 12 * 60 * 60 * 1000;

export type EngineOptions = {
  /** Another client on the same file (the race tests use several); defaults to the app's. */
  db?: Db;
  now?: Date;
};

/** Adds one seat to the account's tally unless that reaches the session's per-account cap. */
export async function takeAccountSeat(tx: Tx, sessionId: string, accountId: string): Promise<boolean> {
  // One statement for "create the tally at 1, or add 1 while under the cap": the conditional write
  // is what enforces the cap, so two registrations of one account can never both pass it.
  const changed = await tx.$executeRaw`
    INSERT INTO "LiveSessionAccountSeats" ("sessionId", "accountId", "seatsTaken")
    SELECT "id", ${accountId}, 1 FROM "LiveSession"
    WHERE "id" = ${sessionId} AND ("perAccountCap" IS NULL OR "perAccountCap" > 0)
    ON CONFLICT ("sessionId", "accountId") DO UPDATE SET "seatsTaken" = "LiveSessionAccountSeats"."seatsTaken" + 1
    WHERE (SELECT "perAccountCap" FROM "LiveSession" WHERE "id" = excluded."sessionId") IS NULL
       OR "LiveSessionAccountSeats"."seatsTaken" < (SELECT "perAccountCap" FROM "LiveSession" WHERE "id" = excluded."sessionId")`;
  return changed === 1;
}

export async function releaseAccountSeat(tx: Tx, sessionId: string, accountId: string | null) {
  if (!accountId) return;
  await tx.$executeRaw`
    UPDATE "LiveSessionAccountSeats" SET "seatsTaken" = "seatsTaken" - 1
    WHERE "sessionId" = ${sessionId} AND "accountId" = ${accountId} AND "seatsTaken" > 0`;
}

export async function releaseSessionSeat(tx: Tx, sessionId: string) {
  await tx.$executeRaw`UPDATE "LiveSession" SET "seatsTaken" = "seatsTaken" - 1 WHERE "id" = ${sessionId} AND "seatsTaken" > 0`;
}

/**
 * A held seat (confirmed or offered) has just been given up by someone of `fromAccountId`. Offers it
 * to the earliest waitlisted registrant whose account is under its per-account cap; the session's
 * seat stays taken and the account tally moves from the leaver's account to the offeree's. Nobody
 * waiting, or the session already started or no longer published, releases the seat instead.
 * Must run inside the transaction that gave up the seat.
 */
export async function passSeatOn(
  tx: Tx,
  input: { sessionId: string; fromAccountId: string | null; now: Date; skipRegistrationId?: string },
): Promise<{ offeredTo: string | null }> {
  const { sessionId, fromAccountId, now } = input;
  await releaseAccountSeat(tx, sessionId, fromAccountId);
  const session = await tx.liveSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { status: true, startsAt: true, perAccountCap: true },
  });
  if (session.status === "PUBLISHED" && session.startsAt > now) {
    const full: string[] = [];
    if (session.perAccountCap !== null) {
      const rows = await tx.liveSessionAccountSeats.findMany({
        where: { sessionId, seatsTaken: { gte: session.perAccountCap } },
        select: { accountId: true },
      });
      full.push(...rows.map((row) => row.accountId));
    }
    for (;;) {
      const next = await tx.registration.findFirst({
        where: {
          sessionId,
          status: "WAITLISTED",
          ...(input.skipRegistrationId ? { id: { not: input.skipRegistrationId } } : {}),
          ...(full.length ? { OR: [{ accountId: null }, { accountId: { notIn: full } }] } : {}),
        },
        // The same order as the waitlist position shown on the session page.
        orderBy: [{ waitlistedAt: "asc" }, { id: "asc" }],
        select: { id: true, accountId: true },
      });
      if (!next) break;
      if (next.accountId && !(await takeAccountSeat(tx, sessionId, next.accountId))) {
        full.push(next.accountId);
        continue;
      }
      const token = generateSecureRandomString();
      const tokenHash = hashToken(token);
      const expiresAt = new Date(Math.min(now.getTime() + OFFER_TTL_MS, session.startsAt.getTime()));
      await tx.registration.update({
        where: { id: next.id },
        data: { status: "OFFERED", offerTokenHash: tokenHash, offerExpiresAt: expiresAt },
      });
      await enqueueJob(tx, {
        kind: OFFER_EXPIRE_JOB,
        payload: { registrationId: next.id },
        runAt: expiresAt,
        // Per offer: the same registrant can be offered a seat again, even with the same clamped expiry.
        idempotencyKey: `offer-expire:${next.id}:${expiresAt.toISOString()}:${tokenHash.slice(0, 16)}`,
      });
      await notifySeatOffered(tx, next.id, token, expiresAt);
      return { offeredTo: next.id };
    }
  }
  await releaseSessionSeat(tx, sessionId);
  return { offeredTo: null };
}

const OFFER_GONE = "This offer is no longer available: it was used, declined or has expired.";

/** Claims the held seat: the token is the credential, so no sign-in is needed. */
export async function claimOffer(token: string, { db = prisma, now = new Date() }: EngineOptions = {}) {
  const tokenHash = hashToken(token);
  return writeTransaction(db, async (tx) => {
    const offer = await tx.registration.findUnique({
      where: { offerTokenHash: tokenHash },
      select: { id: true, sessionId: true, userId: true, accountId: true, joinCode: true },
    });
    if (!offer) throw new DomainError(410, OFFER_GONE);
    // The write re-checks everything, so a claim racing an expiry or a decline cannot both win.
    const claimed = await tx.registration.updateMany({
      where: {
        id: offer.id,
        offerTokenHash: tokenHash,
        status: "OFFERED",
        offerExpiresAt: { gt: now },
        session: { status: "PUBLISHED", startsAt: { gt: now } },
      },
      data: { status: "CONFIRMED", offerTokenHash: null, offerExpiresAt: null, waitlistedAt: null },
    });
    if (claimed.count !== 1) throw new DomainError(410, OFFER_GONE);
    await recordEvent(tx, {
      kind: "session.registered",
      accountId: offer.accountId,
      userId: offer.userId,
      subjectType: "session",
      subjectId: offer.sessionId,
      data: { via: "offer" },
      occurredAt: now,
    });
    await queueRegistrationNotice(tx, offer.id, "confirmed");
    return { id: offer.id, sessionId: offer.sessionId, status: "CONFIRMED" as const, joinCode: offer.joinCode };
  });
}

/** Gives the held seat back; it moves on to the next person waiting. */
export async function declineOffer(token: string, { db = prisma, now = new Date() }: EngineOptions = {}) {
  const tokenHash = hashToken(token);
  return writeTransaction(db, async (tx) => {
    const offer = await tx.registration.findUnique({
      where: { offerTokenHash: tokenHash },
      select: { id: true, sessionId: true, userId: true, accountId: true, status: true },
    });
    if (!offer || offer.status !== "OFFERED") throw new DomainError(410, OFFER_GONE);
    const declined = await tx.registration.updateMany({
      where: { id: offer.id, status: "OFFERED", offerTokenHash: tokenHash },
      data: { status: "CANCELLED", cancelledAt: now, offerTokenHash: null, offerExpiresAt: null },
    });
    if (declined.count !== 1) throw new DomainError(410, OFFER_GONE);
    await passSeatOn(tx, { sessionId: offer.sessionId, fromAccountId: offer.accountId, now });
    await recordEvent(tx, {
      kind: "session.cancelled",
      accountId: offer.accountId,
      userId: offer.userId,
      subjectType: "session",
      subjectId: offer.sessionId,
      data: { via: "offer_declined" },
      occurredAt: now,
    });
    await queueRegistrationNotice(tx, offer.id, "cancelled");
    return { id: offer.id, sessionId: offer.sessionId, status: "CANCELLED" as const };
  });
}

/**
 * The offer-expire job. An unclaimed offer goes back to the end of the waitlist and the seat moves to
 * the next person (the expired one is skipped this time round). Already claimed or declined: no-op.
 */
export async function expireOffer(registrationId: string, { db = prisma, now = new Date() }: EngineOptions = {}) {
  return writeTransaction(db, async (tx) => {
    const expired = await tx.registration.updateMany({
      where: { id: registrationId, status: "OFFERED", offerExpiresAt: { lte: now } },
      data: { status: "WAITLISTED", waitlistedAt: now, offerTokenHash: null, offerExpiresAt: null },
    });
    if (expired.count !== 1) return { expired: false, offeredTo: null };
    const registration = await tx.registration.findUniqueOrThrow({
      where: { id: registrationId },
      select: { sessionId: true, accountId: true },
    });
    const { offeredTo } = await passSeatOn(tx, {
      sessionId: registration.sessionId,
      fromAccountId: registration.accountId,
      now,
      skipRegistrationId: registrationId,
    });
    await queueRegistrationNotice(tx, registrationId, "waitlisted");
    return { expired: true, offeredTo };
  });
}

/**
 * What the offer page shows, with times in the viewer's zone (or the registrant's own when nobody is
 * signed in); null when the token is unknown, used, expired or the session can no longer be joined.
 */
export async function getOfferView(
  token: string,
  viewer: { timeZone: string; locale: string } | null,
  { db = prisma, now = new Date() }: EngineOptions = {},
) {
  if (!token) return null;
  const offer = await db.registration.findUnique({
    where: { offerTokenHash: hashToken(token) },
    select: {
      status: true,
      offerExpiresAt: true,
      user: { select: { name: true, timeZone: true, locale: true } },
      session: { select: { id: true, title: true, kind: true, startsAt: true, durationMinutes: true, status: true } },
    },
  });
  if (!offer || offer.status !== "OFFERED" || !offer.offerExpiresAt || offer.offerExpiresAt <= now) return null;
  if (offer.session.status !== "PUBLISHED" || offer.session.startsAt <= now) return null;
  const timeZone = viewer?.timeZone ?? offer.user.timeZone;
  const locale = viewer?.locale ?? offer.user.locale;
  return {
    name: offer.user.name,
    sessionId: offer.session.id,
    title: offer.session.title,
    kind: offer.session.kind,
    durationMinutes: offer.session.durationMinutes,
    startsAt: formatDateTime(offer.session.startsAt, timeZone, locale),
    expiresAt: formatDateTime(offer.offerExpiresAt, timeZone, locale),
  };
}
