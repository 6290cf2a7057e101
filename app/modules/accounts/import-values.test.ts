import { describe, expect, test } from "vitest";
import {
  parseArrCents,
  parseContactRole,
  parseCurrency,
  parseDomains,
  parseRenewalDate,
  parseTier,
  parseTimeZone,
} from "./import-values.ts";

const valueOf = <T>(parsed: { ok: true; value: T } | { ok: false; error: string }) => (parsed.ok ? parsed.value : `error: ${parsed.error}`);

describe("cell parsers", () => {
  test.each([
    ["48000", 4_800_000],
    ["$48,000.00", 4_800_000],
    ["48000.50", 4_800_050],
    ["48000.5", 4_800_050],
    ["USD 1,234,567.89", 123_456_789],
    ["48 000 €", 4_800_000],
    ["0", 0],
  ])("ARR %s → %i cents", (text, cents) => {
    expect(valueOf(parseArrCents(text))).toBe(cents);
  });

  test.each(["-5", "$-48,000", "48.000,00", "12.345", "48k", "1,00", "abc", "21474837"])("ARR %s is refused", (text) => {
    expect(parseArrCents(text).ok).toBe(false);
  });

  test("ARR up to what an Int column holds", () => {
    expect(valueOf(parseArrCents("21,474,836.47"))).toBe(2_147_483_647);
    expect(valueOf(parseArrCents("21,474,836.48"))).toMatch(/too large/);
  });

  test.each([
    ["HIGH", "HIGH"],
    ["High touch", "HIGH"],
    ["low-touch", "LOW"],
    ["Tech Touch", "TECH"],
    ["tech_touch", "TECH"],
  ])("tier %s → %s", (text, tier) => {
    expect(valueOf(parseTier(text))).toBe(tier);
  });

  test("unknown tier is refused with the accepted values", () => {
    expect(valueOf(parseTier("enterprise"))).toMatch(/High touch, Low touch or Tech touch/);
  });

  test("roles accept admin and refuse staff roles", () => {
    expect(valueOf(parseContactRole("admin"))).toBe("ACCOUNT_ADMIN");
    expect(valueOf(parseContactRole("Account Admin"))).toBe("ACCOUNT_ADMIN");
    expect(valueOf(parseContactRole("member"))).toBe("MEMBER");
    expect(parseContactRole("CSM").ok).toBe(false);
  });

  test("domains split on ; , and spaces, lower-cased, deduplicated, URLs reduced to the host", () => {
    expect(valueOf(parseDomains("Acme.com; acme.io,acme.co.uk  ACME.com"))).toEqual(["acme.com", "acme.io", "acme.co.uk"]);
    expect(valueOf(parseDomains("https://www.Northwind.example/about"))).toEqual(["northwind.example"]);
    expect(valueOf(parseDomains("bücher.de"))).toEqual(["xn--bcher-kva.de"]);
  });

  test.each(["localhost", "acme", "-acme.com", "acme-.com", "192.168.1.1", "ana@acme.com", "acme..com", "acme.c"])(
    "domain %s is refused",
    (text) => {
      expect(parseDomains(text).ok).toBe(false);
    },
  );

  test("renewal dates: calendar dates and ISO timestamps, keeping the written date", () => {
    expect(valueOf(parseRenewalDate("2026-09-30"))).toBe("2026-09-30");
    expect(valueOf(parseRenewalDate("2026-09-30T23:30:00-07:00"))).toBe("2026-09-30");
    expect(valueOf(parseRenewalDate("2028-02-29"))).toBe("2028-02-29");
  });

  test.each(["2026-02-30", "2027-02-29", "09/30/2026", "30.09.2026", "2026-9-30", "2026-09-30Tnonsense"])(
    "renewal date %s is refused",
    (text) => {
      expect(parseRenewalDate(text).ok).toBe(false);
    },
  );

  test("time zones are checked with Intl and made canonical", () => {
    expect(valueOf(parseTimeZone("america/new_york"))).toBe("America/New_York");
    expect(valueOf(parseTimeZone("UTC"))).toBe("UTC");
    expect(parseTimeZone("Mars/Olympus_Mons").ok).toBe(false);
  });

  test("currencies are ISO 4217 codes", () => {
    expect(valueOf(parseCurrency("eur"))).toBe("EUR");
    expect(parseCurrency("EURO").ok).toBe(false);
    expect(parseCurrency("XYZ").ok).toBe(false);
  });
});
