import { buildIcs, icsUid, type IcsMethod, type IcsPerson } from "~/modules/calendar/ics.ts";
import type { Audience } from "./booking-lifecycle.ts";

// The calendar event of one booked hour. Every email about the booking carries it: the same UID
// throughout (wherever and with whomever the hour moves), SEQUENCE = the booking's, raised by every
// move and by the cancellation, so calendars update the one entry instead of adding another.

/** One calendar event per booking, whoever it is with and whenever it moves: updates and cancellations reuse it. */
export function bookingIcsUid(bookingId: string, appUrl: string): string {
  return icsUid("csm-booking", bookingId, appUrl);
}

export type BookingInviteInput = {
  method: IcsMethod;
  bookingId: string;
  sequence: number;
  appUrl: string;
  dtstamp: Date;
  start: Date;
  end: Date;
  /** The offering's title, e.g. "One hour with a CSM". */
  title: string;
  purpose: string;
  organizer: IcsPerson;
  customer: IcsPerson & { accountName: string };
  csm: IcsPerson;
  /** Whose copy this is: the title names the other person, and only the customer's carries the manage link. */
  reader: Audience;
  manageUrl: string | null;
};

/** Who the reader meets: the CSM for the customer; the person and their account for the CSM. */
export function bookingCounterpart(input: Pick<BookingInviteInput, "customer" | "csm" | "reader">) {
  return input.reader === "customer" ? input.csm.name : `${input.customer.name} (${input.customer.accountName})`;
}

/** "One hour with a CSM: Casey Morgan" for the customer; "…: Ada Lovelace (Northwind)" for the CSM. */
export function bookingEventTitle(input: Pick<BookingInviteInput, "title" | "customer" | "csm" | "reader">) {
  return `${input.title}: ${bookingCounterpart(input)}`;
}

/** What the hour is for, then (customer only) where to move or cancel it. */
export function bookingEventDetails(purpose: string, manageUrl: string | null) {
  const text = purpose.trim().slice(0, 1_000);
  return [text ? `What it is for: ${text}` : null, manageUrl ? `Reschedule or cancel: ${manageUrl}` : null].filter(Boolean).join("\n\n");
}

/**
 * The .ics for one reader. Lyceum is the ORGANIZER (see calendarOrganizer); the customer and the CSM
 * are both ATTENDEEs, so each finds themselves in it and sees who they meet.
 */
export function bookingInvite(input: BookingInviteInput): string {
  const manageUrl = input.reader === "customer" ? input.manageUrl : null;
  return buildIcs({
    method: input.method,
    uid: bookingIcsUid(input.bookingId, input.appUrl),
    sequence: input.sequence,
    dtstamp: input.dtstamp,
    start: input.start,
    end: input.end,
    summary: bookingEventTitle(input),
    description: bookingEventDetails(input.purpose, manageUrl),
    url: manageUrl,
    organizer: input.organizer,
    attendees: [
      { name: input.customer.name, email: input.customer.email },
      { name: input.csm.name, email: input.csm.email },
    ],
  });
}
