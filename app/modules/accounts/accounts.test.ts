import { describe, expect, test } from "vitest";
import { centsToInput, isDomainName, parseCalendarDate, parseDomainList, parseMoneyToCents, timeZoneOptions } from "./accounts.ts";

describe("parseDomainList", () => {
  test("forgives separators, case, @ and URLs, and drops duplicates", () => {
    expect(parseDomainList(" Acme.com, @acme.co.uk\nhttps://ACME.io/path ;acme.com.")).toEqual(["acme.com", "acme.co.uk", "acme.io"]);
    expect(parseDomainList("  ")).toEqual([]);
  });
  test.each([
    ["acme.com", true],
    ["sub.acme-eu.example", true],
    ["acme", false],
    ["-acme.com", false],
    ["acme..com", false],
  ])("isDomainName(%s) = %s", (value, expected) => {
    expect(isDomainName(value)).toBe(expected);
  });
});

describe("money input", () => {
  test.each([
    ["120000", 12_000_000],
    ["120,000.5", 12_000_050],
    ["120 000.05", 12_000_005],
    ["0", 0],
    ["12.345", null],
    ["-5", null],
    ["1e5", null],
    ["", null],
  ])("parseMoneyToCents(%j) = %s", (text, cents) => {
    expect(parseMoneyToCents(text)).toBe(cents);
  });
  test("round-trips through the editor", () => {
    expect(centsToInput(12_000_050)).toBe("120000.50");
    expect(centsToInput(12_000_000)).toBe("120000");
    expect(parseMoneyToCents(centsToInput(1_999))).toBe(1_999);
  });
});

test("parseCalendarDate accepts real days only, at midnight UTC", () => {
  expect(parseCalendarDate("2028-02-29")?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
  expect(parseCalendarDate("2027-02-29")).toBeNull();
  expect(parseCalendarDate("31/03/2027")).toBeNull();
});

test("timeZoneOptions offers UTC and keeps an unusual current zone", () => {
  const zones = timeZoneOptions("Asia/Calcutta");
  expect(zones[0]).toBe("UTC");
  expect(zones).toContain("Europe/Paris");
  expect(zones).toContain("Asia/Calcutta");
});
