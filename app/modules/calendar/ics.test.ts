import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { buildIcs, escapeIcsText, foldIcsLine, formatIcsUtc, icsContentType, icsUid, type IcsEvent } from "./ics.ts";

function baseEvent(overrides: Partial<IcsEvent> = {}): IcsEvent {
  return {
    method: "REQUEST",
    uid: icsUid("session", "cm123session", "lyceum.example.com"),
    sequence: 0,
    dtstamp: new Date("2026-03-01T12:00:00Z"),
    start: new Date("2026-03-08T14:00:00Z"),
    end: new Date("2026-03-08T15:00:00Z"),
    summary: "Onboarding office hours",
    description: "Bring your questions.",
    location: "https://meet.example.com/abc-defg",
    url: "https://lyceum.example.com/sessions/cm123session",
    organizer: { name: "Lyceum", email: "sessions@lyceum.example.com" },
    attendees: [{ name: "Ada Lovelace", email: "ada@customer.example" }],
    ...overrides,
  };
}

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  return { calendar, vevent };
}

function utcOf(value: unknown) {
  if (!(value instanceof ICAL.Time)) throw new Error("not a time");
  expect(value.zone?.tzid).toBe("UTC");
  return value.toJSDate().toISOString();
}

describe("buildIcs", () => {
  test("a REQUEST parses into one confirmed event with the times, UID and sequence we gave", () => {
    const ics = buildIcs(baseEvent());
    const { calendar, vevent } = parse(ics);

    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toMatch(/Lyceum/);
    expect(vevent.getFirstPropertyValue("uid")).toBe("session-cm123session@lyceum.example.com");
    expect(utcOf(vevent.getFirstPropertyValue("dtstart"))).toBe("2026-03-08T14:00:00.000Z");
    expect(utcOf(vevent.getFirstPropertyValue("dtend"))).toBe("2026-03-08T15:00:00.000Z");
    expect(utcOf(vevent.getFirstPropertyValue("dtstamp"))).toBe("2026-03-01T12:00:00.000Z");
    expect(vevent.getFirstPropertyValue("sequence")).toBe(0);
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("summary")).toBe("Onboarding office hours");
    expect(vevent.getFirstPropertyValue("location")).toBe("https://meet.example.com/abc-defg");
    expect(vevent.getFirstPropertyValue("url")).toBe("https://lyceum.example.com/sessions/cm123session");

    const organizer = vevent.getFirstProperty("organizer");
    expect(organizer?.getFirstValue()).toBe("mailto:sessions@lyceum.example.com");
    expect(organizer?.getParameter("cn")).toBe("Lyceum");

    const attendee = vevent.getFirstProperty("attendee");
    expect(attendee?.getFirstValue()).toBe("mailto:ada@customer.example");
    expect(attendee?.getParameter("cn")).toBe("Ada Lovelace");
    expect(attendee?.getParameter("role")).toBe("REQ-PARTICIPANT");
    expect(attendee?.getParameter("partstat")).toBe("ACCEPTED");
    expect(attendee?.getParameter("rsvp")).toBe("FALSE");
  });

  test("writes UTC times in basic format and ends every line with CRLF", () => {
    const ics = buildIcs(baseEvent());
    expect(ics).toContain("\r\nDTSTART:20260308T140000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20260308T150000Z\r\n");
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  test("a CANCEL keeps the UID, carries the raised sequence and says CANCELLED", () => {
    const request = parse(buildIcs(baseEvent())).vevent;
    const { calendar, vevent } = parse(buildIcs(baseEvent({ method: "CANCEL", sequence: 2, dtstamp: new Date("2026-03-05T09:30:00Z") })));

    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(vevent.getFirstPropertyValue("sequence")).toBe(2);
    expect(vevent.getFirstPropertyValue("uid")).toBe(request.getFirstPropertyValue("uid"));
  });

  test("leaves out what is not given, and the attendee is optional", () => {
    const ics = buildIcs(baseEvent({ attendees: [], description: null, location: "", url: undefined }));
    const { vevent } = parse(ics);
    expect(vevent.getFirstProperty("attendee")).toBeNull();
    expect(vevent.getFirstProperty("description")).toBeNull();
    expect(vevent.getFirstProperty("location")).toBeNull();
    expect(vevent.getFirstProperty("url")).toBeNull();
    expect(vevent.getFirstProperty("organizer")).not.toBeNull();
  });

  test("lists every attendee, each with their own name and address", () => {
    const ics = buildIcs(
      baseEvent({
        attendees: [
          { name: "Ada Lovelace", email: "ada@customer.example" },
          { name: "Casey Morgan", email: "casey@lyceum.example.com" },
        ],
      }),
    );
    const attendees = parse(ics).vevent.getAllProperties("attendee");
    expect(attendees.map((attendee) => [attendee.getParameter("cn"), attendee.getFirstValue()])).toEqual([
      ["Ada Lovelace", "mailto:ada@customer.example"],
      ["Casey Morgan", "mailto:casey@lyceum.example.com"],
    ]);
  });

  test("escapes commas, semicolons, backslashes and newlines so they survive a round trip", () => {
    const summary = "Q&A; roadmap, pricing \\ more";
    const description = "Agenda:\n1. Intro, hellos\r\n2. Demo; questions\rC:\\path";
    const ics = buildIcs(baseEvent({ summary, description }));

    expect(ics).toContain("SUMMARY:Q&A\\; roadmap\\, pricing \\\\ more\r\n");
    const { vevent } = parse(ics);
    expect(vevent.getFirstPropertyValue("summary")).toBe(summary);
    expect(vevent.getFirstPropertyValue("description")).toBe("Agenda:\n1. Intro, hellos\n2. Demo; questions\nC:\\path");
  });

  test("a name with quotes, colons or a newline cannot break out of its parameter", () => {
    const ics = buildIcs(baseEvent({ attendees: [{ name: 'Eve "x";ROLE=CHAIR:\r\nBEGIN:VALARM', email: "eve@example.com\r\nX-EVIL:1" }] }));
    const { vevent } = parse(ics);
    const attendees = vevent.getAllProperties("attendee");
    expect(attendees).toHaveLength(1);
    expect(attendees[0]?.getParameter("role")).toBe("REQ-PARTICIPANT");
    expect(attendees[0]?.getFirstValue()).toBe("mailto:eve@example.comX-EVIL:1");
    expect(vevent.getFirstSubcomponent("valarm")).toBeNull();
    expect(vevent.getFirstProperty("x-evil")).toBeNull();
  });

  test("folds a long UTF-8 description at 75 octets without splitting a character", () => {
    const description = `Willkommen! Grüße aus Köln — 日本語の説明もあります。 🎉🎉🎉 ${"Ünïcödé, ".repeat(30)}Ende.`;
    const ics = buildIcs(baseEvent({ description }));
    const lines = ics.split("\r\n").slice(0, -1);

    for (const line of lines) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(lines.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(5);
    expect(parse(ics).vevent.getFirstPropertyValue("description")).toBe(description);
  });

  test.each([
    ["a negative sequence", { sequence: -1 }],
    ["a fractional sequence", { sequence: 1.5 }],
    ["an end before the start", { end: new Date("2026-03-08T13:00:00Z") }],
    ["an invalid date", { dtstamp: new Date("nope") }],
  ])("refuses %s", (_label, overrides) => {
    expect(() => buildIcs(baseEvent(overrides))).toThrow(RangeError);
  });
});

describe("helpers", () => {
  test("icsUid is stable per thing and accepts a host or an origin", () => {
    expect(icsUid("session", "abc", "lyceum.example.com")).toBe("session-abc@lyceum.example.com");
    expect(icsUid("session", "abc", "https://Lyceum.Example.com:8443/")).toBe("session-abc@lyceum.example.com");
    expect(icsUid("csm-booking", "abc", "localhost:3000")).toBe("csm-booking-abc@localhost");
    expect(icsUid("session", "abc", "x")).toBe(icsUid("session", "abc", "x"));
    expect(icsUid("session", "abc", "x")).not.toBe(icsUid("session", "abd", "x"));
    expect(icsUid("session", "abc", "x")).not.toBe(icsUid("csm-booking", "abc", "x"));
  });

  test("formatIcsUtc drops separators and milliseconds", () => {
    expect(formatIcsUtc(new Date("2026-11-01T05:30:15.123Z"))).toBe("20261101T053015Z");
  });

  test("escapeIcsText and foldIcsLine", () => {
    expect(escapeIcsText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    expect(foldIcsLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldIcsLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
    // "é" is two octets: 37 of them fill 74 octets, and the 38th would make 76.
    expect(foldIcsLine("é".repeat(38))).toBe(`${"é".repeat(37)}\r\n é`);
  });

  test("icsContentType names the method for mail clients", () => {
    expect(icsContentType("CANCEL")).toBe("text/calendar; charset=utf-8; method=CANCEL");
  });
});
