import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { bookingIcsUid, bookingInvite, type BookingInviteInput } from "./booking-ics.ts";

const base: BookingInviteInput = {
  method: "REQUEST",
  bookingId: "cmbooking1",
  sequence: 0,
  appUrl: "https://lyceum.example.com",
  dtstamp: new Date("2026-11-20T12:00:00Z"),
  // 10:00 in New York on the Monday after the clocks went back: 15:00 UTC.
  start: new Date("2026-11-23T15:00:00Z"),
  end: new Date("2026-11-23T16:00:00Z"),
  title: "One hour with a CSM",
  purpose: "Roll out dashboards to two more teams; pricing, too",
  organizer: { name: "Lyceum", email: "hello@lyceum.example.com" },
  customer: { name: "Ada Lovelace", email: "ada@northwind.example", accountName: "Northwind" },
  csm: { name: "Casey Morgan", email: "casey@lyceum.example.com" },
  reader: "customer",
  manageUrl: "https://lyceum.example.com/bookings/secret-token",
};

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return { calendar, event: calendar.getFirstSubcomponent("vevent")! };
}

function utc(value: unknown) {
  if (!(value instanceof ICAL.Time)) throw new Error("not a time");
  expect(value.zone?.tzid).toBe("UTC");
  return value.toJSDate().toISOString();
}

describe("a booking's calendar invitation", () => {
  it("is a REQUEST in UTC with Lyceum organizing and both people attending", () => {
    const { calendar, event } = parse(bookingInvite(base));
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(event.getFirstPropertyValue("uid")).toBe("csm-booking-cmbooking1@lyceum.example.com");
    expect(event.getFirstPropertyValue("sequence")).toBe(0);
    expect(utc(event.getFirstPropertyValue("dtstart"))).toBe("2026-11-23T15:00:00.000Z");
    expect(utc(event.getFirstPropertyValue("dtend"))).toBe("2026-11-23T16:00:00.000Z");
    expect(event.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(event.getFirstProperty("organizer")?.getFirstValue()).toBe("mailto:hello@lyceum.example.com");
    expect(event.getAllProperties("attendee").map((attendee) => attendee.getFirstValue())).toEqual([
      "mailto:ada@northwind.example",
      "mailto:casey@lyceum.example.com",
    ]);
  });

  it("gives the customer the manage link and the CSM's name; the CSM gets who booked, and never the customer's link", () => {
    const customer = parse(bookingInvite(base)).event;
    expect(customer.getFirstPropertyValue("summary")).toBe("One hour with a CSM: Casey Morgan");
    expect(customer.getFirstPropertyValue("url")).toBe(base.manageUrl);
    expect(customer.getFirstPropertyValue("description")).toBe(
      "What it is for: Roll out dashboards to two more teams; pricing, too\n\nReschedule or cancel: https://lyceum.example.com/bookings/secret-token",
    );

    const csmIcs = bookingInvite({ ...base, reader: "csm" });
    const csm = parse(csmIcs).event;
    expect(csm.getFirstPropertyValue("summary")).toBe("One hour with a CSM: Ada Lovelace (Northwind)");
    expect(csm.getFirstProperty("url")).toBeNull();
    expect(csmIcs).not.toContain("secret-token");
  });

  it("keeps one UID through a move to another CSM and a cancellation, with the raised SEQUENCE", () => {
    const first = parse(bookingInvite(base)).event;
    const moved = parse(
      bookingInvite({
        ...base,
        sequence: 1,
        start: new Date("2026-11-24T15:00:00Z"),
        end: new Date("2026-11-24T16:00:00Z"),
        csm: { name: "Robin Lee", email: "robin@lyceum.example.com" },
      }),
    ).event;
    const cancelled = parse(bookingInvite({ ...base, method: "CANCEL", sequence: 2 }));

    expect(moved.getFirstPropertyValue("uid")).toBe(first.getFirstPropertyValue("uid"));
    expect(moved.getFirstPropertyValue("sequence")).toBe(1);
    expect(cancelled.calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(cancelled.event.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelled.event.getFirstPropertyValue("sequence")).toBe(2);
    expect(cancelled.event.getFirstPropertyValue("uid")).toBe(first.getFirstPropertyValue("uid"));
  });

  it("names the UID after the booking and the install's host only", () => {
    expect(bookingIcsUid("abc", "http://localhost:3000")).toBe("csm-booking-abc@localhost");
    expect(bookingIcsUid("abc", "http://localhost:3000")).not.toBe(bookingIcsUid("abd", "http://localhost:3000"));
  });
});
