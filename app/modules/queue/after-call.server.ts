import { DomainError } from "~/modules/auth/errors.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { findVisibleContentForTier } from "~/modules/library/content.server.ts";
import { appUrl } from "~/modules/sessions/invite.server.ts";
import { prisma, writeTransaction, type Db } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { followUpRefusal, markRefusal, OUTCOMES, type Outcome } from "./brief.ts";
import type { FollowUpValues } from "./brief.schema.ts";
import { bookingScope, requireBookingForStaff } from "./brief.server.ts";
import { forfeitHours } from "./ledger.server.ts";

// What a CSM records after the hour: its outcome (once), private notes, and one follow-up email.
// Each write re-checks the booking's state in its own conditional UPDATE, so a double click, a second
// tab or an admin marking the same hour cannot record two outcomes or send two emails.

type Viewer = Pick<SessionUser, "id" | "role" | "accountId" | "timeZone" | "locale">;
type Options = { db?: Db; now?: Date };

export function followUpIdempotencyKey(bookingId: string) {
  return `csm-hour-follow-up:${bookingId}`;
}

/**
 * Marks a started, confirmed hour COMPLETED or NO_SHOW. One transaction: the conditional update
 * (only from CONFIRMED, only once started), the forfeit of a no-show's hour, and the engagement event.
 * 404 for a booking the actor may not see; 409 with the reason when it cannot be marked (yet).
 */
export async function markOutcome(actor: Viewer, bookingId: string, outcome: Outcome, { db = prisma, now = new Date() }: Options = {}) {
  const booking = await requireBookingForStaff(actor, bookingId, {
    id: true,
    accountId: true,
    bookedById: true,
    startsAt: true,
    endsAt: true,
  });
  const startsAtText = formatDateTime(booking.startsAt, actor.timeZone, actor.locale);
  return writeTransaction(db, async (tx) => {
    const changed = await tx.csmBooking.updateMany({
      where: { id: booking.id, ...bookingScope(actor), status: "CONFIRMED", startsAt: { lte: now } },
      data: { status: outcome },
    });
    if (changed.count !== 1) {
      const current = await tx.csmBooking.findUniqueOrThrow({ where: { id: booking.id }, select: { status: true, startsAt: true } });
      throw new DomainError(409, markRefusal(current, now, startsAtText) ?? "This hour changed meanwhile. Reload the page and try again.");
    }
    // A no-show keeps its hour used; the FORFEIT line says why on the statement.
    const forfeited = outcome === "NO_SHOW" ? await forfeitHours(tx, { bookingId: booking.id, now }) : false;
    await recordEvent(tx, {
      kind: outcome === "COMPLETED" ? "csm_hour.attended" : "csm_hour.no_show",
      accountId: booking.accountId,
      userId: booking.bookedById,
      subjectType: "csm_booking",
      subjectId: booking.id,
      value: outcome === "COMPLETED" ? Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000) : null,
      dedupeKey: `csm_hour.outcome:${booking.id}`,
      occurredAt: booking.startsAt,
    });
    return { outcome, forfeited };
  });
}

/** A private note on the account, tied to this hour. Staff read it on the brief and the next briefs; customers never. */
export async function addBookingNote(actor: Viewer, bookingId: string, body: string, { db = prisma, now = new Date() }: Options = {}) {
  const booking = await requireBookingForStaff(actor, bookingId, { id: true, accountId: true });
  return db.accountNote.create({
    data: { accountId: booking.accountId, authorId: actor.id, bookingId: booking.id, body, createdAt: now },
    select: { id: true },
  });
}

/**
 * Emails the customer who booked: the CSM's message and up to five library items their account may
 * open, with absolute links. Sent once per hour: `followUpSentAt` is set by a conditional write in the
 * same transaction that queues the email (with an idempotency key), so a second send is a 409.
 * 400 (on `items`) for an item that is not in the library open to the account.
 */
export async function sendFollowUp(
  actor: Viewer,
  bookingId: string,
  values: FollowUpValues,
  { db = prisma, now = new Date() }: Options = {},
) {
  const booking = await requireBookingForStaff(actor, bookingId, {
    id: true,
    status: true,
    startsAt: true,
    timeZone: true,
    followUpSentAt: true,
    account: { select: { name: true, tier: true } },
    bookedBy: { select: { name: true, email: true, locale: true, deactivatedAt: true } },
    csm: { select: { name: true } },
  });
  const sentAtText = (at: Date | null) => (at ? formatDateTime(at, actor.timeZone, actor.locale) : "");
  const refusal = followUpRefusal(booking, sentAtText(booking.followUpSentAt));
  if (refusal) throw new DomainError(409, refusal);
  if (booking.bookedBy.deactivatedAt) {
    throw new DomainError(409, `${booking.bookedBy.name} no longer has access to Lyceum, so the links would not open for them.`);
  }
  const items = await findVisibleContentForTier(booking.account.tier, values.items);
  if (items.length !== values.items.length) {
    const missing = values.items.length - items.length;
    throw new DomainError(
      400,
      `${missing === 1 ? "One of the items is" : `${missing} of the items are`} not in the library open to ${booking.account.name} (unpublished, or for another tier). Pick from the list.`,
      "items",
    );
  }
  const variant = booking.status === "COMPLETED" ? ("completed" as const) : ("no-show" as const);
  await writeTransaction(db, async (tx) => {
    const claimed = await tx.csmBooking.updateMany({
      where: { id: booking.id, ...bookingScope(actor), followUpSentAt: null, status: { in: [...OUTCOMES] } },
      data: { followUpSentAt: now },
    });
    if (claimed.count !== 1) {
      const current = await tx.csmBooking.findUniqueOrThrow({ where: { id: booking.id }, select: { status: true, followUpSentAt: true } });
      throw new DomainError(
        409,
        followUpRefusal(current, sentAtText(current.followUpSentAt)) ?? "This hour changed meanwhile. Reload the page.",
      );
    }
    await queueEmail(tx, {
      template: "csm-hour-follow-up",
      to: booking.bookedBy.email,
      idempotencyKey: followUpIdempotencyKey(booking.id),
      props: {
        recipientName: booking.bookedBy.name,
        csmName: booking.csm.name,
        variant,
        // In the customer's own zone, the one they booked in.
        when: formatDateTime(booking.startsAt, booking.timeZone, booking.bookedBy.locale),
        message: values.message || null,
        items: items.map((item) => ({
          title: item.title,
          kindLabel: item.kindLabel,
          summary: item.summary,
          url: appUrl(`/portal/library/${item.slug}`),
        })),
        bookUrl: appUrl("/portal/book"),
      },
    });
  });
  return { to: booking.bookedBy.email, name: booking.bookedBy.name, items: items.length };
}
