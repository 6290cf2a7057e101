import { z } from "zod";
import type { CsmHourSummary } from "#emails/components/csm-hour-details.tsx";
import type { Prisma } from "~/generated/prisma/client.ts";
import { googleCalendarUrl, outlookCalendarUrl } from "~/modules/calendar/calendar-links.ts";
import { icsContentType, type IcsMethod } from "~/modules/calendar/ics.ts";
import { calendarOrganizer } from "~/modules/calendar/organizer.server.ts";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import type { EmailAttachment } from "~/providers/email.server.ts";
import { prisma, type Tx } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { bookingCounterpart, bookingEventDetails, bookingEventTitle, bookingInvite } from "./booking-ics.ts";
import {
  refundDeadline,
  refundsOnCancel,
  REMINDER_AUDIENCES,
  REMINDER_LEADS,
  reminderStillUseful,
  reminderTimes,
  type Audience,
  type ReminderLead,
} from "./booking-lifecycle.ts";

// Every email about a booked hour is queued in the transaction of the change it reports (booking,
// moving, cancelling), so it exists exactly when the change commits. Each carries an .ics for the
// one calendar event of the booking (same UID throughout, SEQUENCE = the booking's). Keys carry the
// SEQUENCE too: a change raises it, so reminders planned for the old version find themselves stale
// and send nothing, and the new version's emails get new keys.

export const BOOKING_REMINDER_JOB_KIND = "queue.booking-reminder";

const PERSON_SELECT = {
  id: true,
  name: true,
  email: true,
  timeZone: true,
  locale: true,
  deactivatedAt: true,
  availability: { select: { timeZone: true } },
} satisfies Prisma.UserSelect;

const BOOKING_SELECT = {
  id: true,
  status: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  purpose: true,
  sequence: true,
  drawsHours: true,
  cancelReason: true,
  offering: { select: { title: true, refundCutoffHours: true } },
  account: { select: { name: true } },
  bookedBy: { select: PERSON_SELECT },
  csm: { select: PERSON_SELECT },
} satisfies Prisma.CsmBookingSelect;

type Person = Prisma.UserGetPayload<{ select: typeof PERSON_SELECT }>;
type BookingForEmail = Prisma.CsmBookingGetPayload<{ select: typeof BOOKING_SELECT }>;

/** Someone an email goes to, with the zone their times are written in. Deactivated people get none. */
type Reader = { audience: Audience; name: string; email: string; timeZone: string; locale: string };

/** The customer reads times in the zone they booked in (kept on the booking), not wherever they are now. */
function customerOf(booking: BookingForEmail): Reader | null {
  const person = booking.bookedBy;
  if (person.deactivatedAt) return null;
  return { audience: "customer", name: person.name, email: person.email, timeZone: booking.timeZone, locale: person.locale };
}

/** A CSM reads times in the zone their availability is kept in, else their profile's. */
function csmOf(person: Person): Reader | null {
  if (person.deactivatedAt) return null;
  const timeZone = person.availability?.timeZone ?? person.timeZone;
  return { audience: "csm", name: person.name, email: person.email, timeZone, locale: person.locale };
}

function appUrl(path: string) {
  return `${getEnv().APP_URL}${path}`;
}

/** The link in the customer's emails that works without signing in: the token is the credential. */
export function publicManageUrl(token: string) {
  return appUrl(`/bookings/${encodeURIComponent(token)}`);
}

/** The same page for a signed-in customer, for emails written when the token is not at hand. */
export function portalManageUrl(bookingId: string) {
  return appUrl(`/portal/bookings/${bookingId}`);
}

/** The booking as one reader sees it: at a given time and with a given CSM (a move changes both). */
type Occurrence = { booking: BookingForEmail; csm: Person; startsAt: Date; endsAt: Date };

function current(booking: BookingForEmail): Occurrence {
  return { booking, csm: booking.csm, startsAt: booking.startsAt, endsAt: booking.endsAt };
}

function durationMinutes({ startsAt, endsAt }: Occurrence) {
  return Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
}

function summaryFor(occurrence: Occurrence, reader: Reader): CsmHourSummary {
  return {
    title: occurrence.booking.offering.title,
    when: formatDateTime(occurrence.startsAt, reader.timeZone, reader.locale),
    durationMinutes: durationMinutes(occurrence),
    withWhom: bookingCounterpart(eventParts(occurrence, reader)),
    purpose: occurrence.booking.purpose,
  };
}

function eventParts(occurrence: Occurrence, reader: Reader) {
  const { booking, csm } = occurrence;
  return {
    title: booking.offering.title,
    customer: { name: booking.bookedBy.name, email: booking.bookedBy.email, accountName: booking.account.name },
    csm: { name: csm.name, email: csm.email },
    reader: reader.audience,
  };
}

function invite(occurrence: Occurrence, reader: Reader, method: IcsMethod, manageUrl: string | null, now: Date): EmailAttachment {
  const content = bookingInvite({
    ...eventParts(occurrence, reader),
    method,
    bookingId: occurrence.booking.id,
    sequence: occurrence.booking.sequence,
    appUrl: getEnv().APP_URL,
    dtstamp: now,
    start: occurrence.startsAt,
    end: occurrence.endsAt,
    purpose: occurrence.booking.purpose,
    organizer: calendarOrganizer(),
    manageUrl,
  });
  return { filename: "invite.ics", contentType: icsContentType(method), content };
}

function calendarLinks(occurrence: Occurrence, reader: Reader, manageUrl: string | null) {
  const event = {
    title: bookingEventTitle(eventParts(occurrence, reader)),
    start: occurrence.startsAt,
    end: occurrence.endsAt,
    details: bookingEventDetails(occurrence.booking.purpose, manageUrl),
  };
  return { googleCalendarUrl: googleCalendarUrl(event), outlookCalendarUrl: outlookCalendarUrl(event) };
}

/** Until when cancelling gives the hour back, in the customer's zone; null when the hour draws nothing. */
function refundNote(booking: BookingForEmail, reader: Reader, now: Date): string | null {
  if (!booking.drawsHours) return null;
  const { refundCutoffHours } = booking.offering;
  if (!refundsOnCancel({ now, startsAt: booking.startsAt, refundCutoffHours, drawsHours: true })) {
    return `This hour starts within ${refundCutoffHours} hours, so cancelling it will not give the hour back.`;
  }
  const deadline = refundDeadline(booking.startsAt, refundCutoffHours);
  return `Cancel by ${formatDateTime(deadline, reader.timeZone, reader.locale)} and the hour goes back on your balance; after that it stays drawn.`;
}

async function loadBooking(db: Tx, bookingId: string): Promise<BookingForEmail> {
  const booking = await db.csmBooking.findUnique({ where: { id: bookingId }, select: BOOKING_SELECT });
  if (!booking) throw new Error(`CSM booking ${bookingId} not found for its emails`);
  return booking;
}

function emailKey(template: string, booking: BookingForEmail, reader: Reader, extra = "") {
  return `email:${template}:${booking.id}:${booking.sequence}:${reader.audience}${extra}`;
}

type ReminderPayload = { bookingId: string; sequence: number; lead: ReminderLead };

/** Reminders for the booking as it is now; a later change raises SEQUENCE and they fall silent. */
async function planReminders(tx: Tx, booking: BookingForEmail, now: Date) {
  for (const { lead, runAt } of reminderTimes(booking.startsAt, now)) {
    const payload: ReminderPayload = { bookingId: booking.id, sequence: booking.sequence, lead };
    await enqueueJob(tx, {
      kind: BOOKING_REMINDER_JOB_KIND,
      payload,
      runAt,
      idempotencyKey: `csm-hour-reminder:${booking.id}:${booking.sequence}:${lead}`,
    });
  }
}

/**
 * Just booked: a confirmation with the invitation to the customer (with the manage link, whose
 * secret exists only here and in this email) and to the CSM, and the reminders.
 */
export async function notifyHourBooked(tx: Tx, bookingId: string, manageToken: string, now: Date): Promise<void> {
  const booking = await loadBooking(tx, bookingId);
  const occurrence = current(booking);
  const manageUrl = publicManageUrl(manageToken);
  for (const reader of [customerOf(booking), csmOf(booking.csm)]) {
    if (!reader) continue;
    const link = reader.audience === "customer" ? manageUrl : null;
    await queueEmail(tx, {
      template: "csm-hour-confirmation",
      to: reader.email,
      props: {
        recipientName: reader.name,
        audience: reader.audience,
        hour: summaryFor(occurrence, reader),
        manageUrl: link,
        refundNote: reader.audience === "customer" ? refundNote(booking, reader, now) : null,
        ...calendarLinks(occurrence, reader, link),
      },
      attachments: [invite(occurrence, reader, "REQUEST", link, now)],
      idempotencyKey: emailKey("csm-hour-confirmation", booking, reader),
    });
  }
  await planReminders(tx, booking, now);
}

export type PreviousTime = { csmId: string; startsAt: Date; endsAt: Date };

/**
 * Moved (call after the update that raised SEQUENCE, in its transaction). The customer gets the
 * updated invitation. The CSM too when it stays theirs; when the move changed CSM, the old one gets
 * a CANCEL for the old time and the new one a REQUEST. `manageToken` is the secret the customer came
 * in with, when they used the emailed link; otherwise their email links to the signed-in page.
 */
export async function notifyHourRescheduled(
  tx: Tx,
  bookingId: string,
  input: { previous: PreviousTime; manageToken: string | null; now: Date },
): Promise<void> {
  const { previous, now } = input;
  const booking = await loadBooking(tx, bookingId);
  const occurrence = current(booking);
  const manageUrl = input.manageToken ? publicManageUrl(input.manageToken) : portalManageUrl(booking.id);
  const sameCsm = previous.csmId === booking.csm.id;

  const moved = async (reader: Reader | null, variant: "moved" | "assigned") => {
    if (!reader) return;
    const link = reader.audience === "customer" ? manageUrl : null;
    await queueEmail(tx, {
      template: "csm-hour-rescheduled",
      to: reader.email,
      props: {
        recipientName: reader.name,
        audience: reader.audience,
        hour: summaryFor(occurrence, reader),
        previousWhen: formatDateTime(previous.startsAt, reader.timeZone, reader.locale),
        variant,
        manageUrl: link,
        ...calendarLinks(occurrence, reader, link),
      },
      attachments: [invite(occurrence, reader, "REQUEST", link, now)],
      idempotencyKey: emailKey("csm-hour-rescheduled", booking, reader),
    });
  };

  await moved(customerOf(booking), "moved");
  await moved(csmOf(booking.csm), sameCsm ? "moved" : "assigned");
  if (!sameCsm) {
    const oldCsm = await tx.user.findUnique({ where: { id: previous.csmId }, select: PERSON_SELECT });
    const reader = oldCsm ? csmOf(oldCsm) : null;
    if (oldCsm && reader) {
      const old: Occurrence = { booking, csm: oldCsm, startsAt: previous.startsAt, endsAt: previous.endsAt };
      await queueEmail(tx, {
        template: "csm-hour-cancelled",
        to: reader.email,
        props: {
          recipientName: reader.name,
          audience: "csm",
          hour: summaryFor(old, reader),
          variant: "moved-away",
          refund: null,
          reason: null,
          bookUrl: null,
        },
        attachments: [invite(old, reader, "CANCEL", null, now)],
        idempotencyKey: emailKey("csm-hour-moved-away", booking, reader),
      });
    }
  }
  await planReminders(tx, booking, now);
}

/** Cancelled (call after the update that raised SEQUENCE, in its transaction): a CANCEL to both. */
export async function notifyHourCancelled(tx: Tx, bookingId: string, input: { refunded: boolean; now: Date }): Promise<void> {
  const booking = await loadBooking(tx, bookingId);
  const occurrence = current(booking);
  for (const reader of [customerOf(booking), csmOf(booking.csm)]) {
    if (!reader) continue;
    const customer = reader.audience === "customer";
    await queueEmail(tx, {
      template: "csm-hour-cancelled",
      to: reader.email,
      props: {
        recipientName: reader.name,
        audience: reader.audience,
        hour: summaryFor(occurrence, reader),
        variant: "cancelled",
        refund: customer ? (booking.drawsHours ? (input.refunded ? "refunded" : "not-refunded") : "not-drawn") : null,
        reason: booking.cancelReason || null,
        bookUrl: customer ? appUrl("/portal/book") : null,
      },
      attachments: [invite(occurrence, reader, "CANCEL", null, input.now)],
      idempotencyKey: emailKey("csm-hour-cancelled", booking, reader),
    });
  }
}

const ReminderPayloadSchema = z.object({
  bookingId: z.string().min(1),
  sequence: z.number().int().min(0),
  lead: z.enum(Object.keys(REMINDER_LEADS) as [ReminderLead, ...ReminderLead[]]),
});

/**
 * Planned when the hour was booked or moved; by the time it runs the booking may have moved again or
 * been cancelled. It re-reads the booking and sends only if the version it was planned for still holds.
 * The customer's reminder links to the signed-in page: the emailed link's secret is not kept anywhere.
 */
export async function handleBookingReminderJob(payload: unknown, now: Date = new Date()): Promise<void> {
  const { bookingId, sequence, lead } = ReminderPayloadSchema.parse(payload);
  await prisma.$transaction(async (tx) => {
    const booking = await tx.csmBooking.findUnique({ where: { id: bookingId }, select: BOOKING_SELECT });
    if (booking?.status !== "CONFIRMED" || booking.sequence !== sequence) return;
    if (!reminderStillUseful(lead, booking.startsAt, now)) return;
    const occurrence = current(booking);
    const readers = { customer: customerOf(booking), csm: csmOf(booking.csm) };
    for (const audience of REMINDER_AUDIENCES[lead]) {
      const reader = readers[audience];
      if (!reader) continue;
      await queueEmail(tx, {
        template: "csm-hour-reminder",
        to: reader.email,
        props: {
          recipientName: reader.name,
          audience,
          hour: summaryFor(occurrence, reader),
          lead,
          manageUrl: audience === "customer" ? portalManageUrl(booking.id) : null,
        },
        idempotencyKey: emailKey("csm-hour-reminder", booking, reader, `:${lead}`),
      });
    }
  });
}

/** Registers the reminder handler; returns a function that removes it (tests). */
export function registerBookingEmailJobs(options: { now?: () => Date } = {}): () => void {
  const now = options.now ?? (() => new Date());
  return registerJobHandler(BOOKING_REMINDER_JOB_KIND, (payload) => handleBookingReminderJob(payload, now()));
}
