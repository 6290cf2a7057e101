import { describe, expect, test } from "vitest";
import {
  dateTimeFormat,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatMoney,
  isValidTimeZone,
  toDateInputValue,
} from "./format.ts";

describe("formatMoney", () => {
  test.each([
    [12_345_600, "USD", "en-US", "$123,456"],
    [12_345_678, "USD", "en-US", "$123,456.78"],
    [5_000_000, "EUR", "de-DE", "50.000 €"],
    [0, "GBP", "en-GB", "£0"],
  ])("%i %s in %s → %s", (cents, currency, locale, expected) => {
    // Intl uses a no-break space before € in de-DE.
    expect(formatMoney(cents, currency, locale).replace(/\u00a0/g, " ")).toBe(expected);
  });

  test("an unknown currency code falls back instead of throwing", () => {
    expect(formatMoney(1_000, "NOPE!", "en-US")).toBe("10 NOPE!");
  });
});

describe("dates and times in the viewer's zone", () => {
  // 06:30 UTC on 8 March 2026 is 01:30 EST, half an hour before New York springs forward.
  const beforeDst = new Date("2026-03-08T06:30:00Z");
  const afterDst = new Date("2026-03-08T07:30:00Z");

  test("names the zone, and the abbreviation follows DST", () => {
    expect(formatDateTime(beforeDst, "America/New_York", "en-US")).toBe("Mar 8, 2026, 1:30 AM EST");
    expect(formatDateTime(afterDst, "America/New_York", "en-US")).toBe("Mar 8, 2026, 3:30 AM EDT");
  });

  test("the same instant reads differently per viewer", () => {
    expect(formatDateTime(beforeDst, "Asia/Tokyo", "en-US")).toBe("Mar 8, 2026, 3:30 PM GMT+9");
    expect(formatDate(new Date("2026-03-08T02:00:00Z"), "America/Los_Angeles", "en-US")).toBe("Mar 7, 2026");
  });

  test("a bad zone or locale falls back to UTC and en-US", () => {
    expect(formatDateTime(beforeDst, "Mars/Olympus", "not a locale!")).toBe("Mar 8, 2026, 6:30 AM UTC");
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
  });

  test("formatters are reused per locale, zone and style, and the same options in another zone get their own", () => {
    const options = { dateStyle: "medium", timeZone: "Asia/Tokyo" } as const;
    expect(dateTimeFormat("en-US", options)).toBe(dateTimeFormat("en-US", { ...options }));
    expect(dateTimeFormat("en-US", options)).not.toBe(dateTimeFormat("en-US", { ...options, timeZone: "Europe/Paris" }));
    expect(() => dateTimeFormat("en-US", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });

  test("many distinct bad zones stay harmless: still refused, still formatted in UTC", () => {
    for (let i = 0; i < 1_200; i++) expect(isValidTimeZone(`Nowhere/${i}`)).toBe(false);
    expect(formatDateTime(beforeDst, "Nowhere/1", "en-US")).toBe("Mar 8, 2026, 6:30 AM UTC");
    expect(formatDateTime(beforeDst, "Asia/Tokyo", "en-US")).toBe("Mar 8, 2026, 3:30 PM GMT+9");
  });

  test("calendar dates do not shift with the viewer's zone", () => {
    const renewal = new Date("2026-03-01T00:00:00Z");
    expect(formatCalendarDate(renewal, "en-US")).toBe("Mar 1, 2026");
    expect(toDateInputValue(renewal)).toBe("2026-03-01");
    expect(toDateInputValue(null)).toBe("");
  });
});
