import { describe, expect, test } from "vitest";
import type { EntitlementPeriod } from "~/generated/prisma/enums.ts";
import {
  balanceInWords,
  booksOwnCsm,
  describeLine,
  entitlementChangeReason,
  explainBalance,
  formatBookingTime,
  grantReason,
  hoursText,
  periodDates,
  periodEnd,
  periodName,
  periodStart,
  signedHours,
  type LedgerFacts,
} from "./ledger.ts";

const utc = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe("periods are calendar months, quarters and years in UTC", () => {
  test.each<[EntitlementPeriod, string, string, string]>([
    // The last millisecond of a year still belongs to it; the next one starts the new year.
    ["MONTH", "2026-12-31T23:59:59.999Z", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["QUARTER", "2026-12-31T23:59:59.999Z", "2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["YEAR", "2026-12-31T23:59:59.999Z", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["MONTH", "2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-02-01T00:00:00.000Z"],
    ["QUARTER", "2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-04-01T00:00:00.000Z"],
    ["YEAR", "2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2028-01-01T00:00:00.000Z"],
    // Each quarter starts on the first of January, April, July and October.
    ["QUARTER", "2026-03-31T23:59:59.999Z", "2026-01-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["QUARTER", "2026-04-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"],
    ["QUARTER", "2026-06-30T12:00:00.000Z", "2026-04-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"],
    ["QUARTER", "2026-07-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z"],
    ["QUARTER", "2026-09-30T23:59:59.999Z", "2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z"],
    ["QUARTER", "2026-10-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    // Leap years: February 2028 has 29 days, February 2100 (not a leap year) has 28.
    ["MONTH", "2028-02-29T23:59:59.999Z", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"],
    ["MONTH", "2028-03-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z", "2028-04-01T00:00:00.000Z"],
    ["MONTH", "2100-02-28T23:59:59.999Z", "2100-02-01T00:00:00.000Z", "2100-03-01T00:00:00.000Z"],
    ["QUARTER", "2028-02-29T12:00:00.000Z", "2028-01-01T00:00:00.000Z", "2028-04-01T00:00:00.000Z"],
    ["YEAR", "2028-02-29T12:00:00.000Z", "2028-01-01T00:00:00.000Z", "2029-01-01T00:00:00.000Z"],
  ])("%s containing %s is [%s, %s)", (period, at, start, end) => {
    expect(iso(periodStart(period, utc(at)))).toBe(start);
    expect(iso(periodEnd(period, utc(at)))).toBe(end);
  });

  test("the zone of the instant's writer does not matter: 20:00 in New York on Dec 31 is already January in UTC", () => {
    // 2026-12-31 20:00 EST is 2027-01-01 01:00 UTC.
    const newYorkEvening = utc("2026-12-31T20:00:00-05:00");
    expect(iso(periodStart("QUARTER", newYorkEvening))).toBe("2027-01-01T00:00:00.000Z");
    // 2027-01-01 08:00 in Tokyo is still 2026 in UTC.
    expect(iso(periodStart("YEAR", utc("2027-01-01T08:00:00+09:00")))).toBe("2026-01-01T00:00:00.000Z");
  });

  test("every instant of a period maps to the same start, and the end is the next period's start", () => {
    for (const period of ["MONTH", "QUARTER", "YEAR"] as const) {
      let at = utc("2027-11-15T00:00:00Z");
      for (let step = 0; step < 40; step++) {
        const start = periodStart(period, at);
        const end = periodEnd(period, at);
        expect(start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(end.getTime()).toBeGreaterThan(at.getTime());
        expect(iso(periodStart(period, new Date(end.getTime() - 1)))).toBe(iso(start));
        expect(iso(periodStart(period, end))).toBe(iso(end));
        at = new Date(at.getTime() + 17 * 86_400_000 + 3_600_000);
      }
    }
  });

  test("an invalid date is refused rather than turned into NaN keys", () => {
    expect(() => periodStart("MONTH", new Date("nope"))).toThrow(RangeError);
  });

  test("names and dates", () => {
    expect(periodName("MONTH", utc("2026-11-01T00:00:00Z"))).toBe("November 2026");
    expect(periodName("QUARTER", utc("2026-10-01T00:00:00Z"))).toBe("Q4 2026");
    expect(periodName("QUARTER", utc("2027-01-01T00:00:00Z"))).toBe("Q1 2027");
    expect(periodName("YEAR", utc("2027-01-01T00:00:00Z"))).toBe("2027");
    expect(periodDates("QUARTER", utc("2026-10-01T00:00:00Z")).replace(/\s/g, " ")).toBe("Oct 1 – Dec 31, 2026");
    expect(periodDates("MONTH", utc("2028-02-01T00:00:00Z")).replace(/\s/g, " ")).toBe("Feb 1 – 29, 2028");
    expect(periodDates("YEAR", utc("2026-01-01T00:00:00Z"), "en-GB").replace(/\s/g, " ")).toBe("1 Jan – 31 Dec 2026");
  });
});

describe("explainBalance", () => {
  const line = (kind: LedgerFacts["kind"], hours: number, bookingId: string | null = null): LedgerFacts => ({ kind, hours, bookingId });

  test("adds a period's lines up into what the balance row holds", () => {
    const lines = [
      line("GRANT", 4),
      line("DRAW", -1, "b1"),
      line("DRAW", -1, "b2"),
      line("DRAW", -2, "b3"),
      line("REFUND", 1, "b1"),
      line("FORFEIT", 0, "b3"),
      line("TOPUP", 3),
      line("TOPUP", -1),
      line("GRANT", 2),
    ];
    expect(explainBalance(lines)).toEqual({
      granted: 6,
      toppedUp: 2,
      drawn: 4,
      refunded: 1,
      forfeited: 2,
      total: 8,
      used: 3,
      left: 5,
    });
  });

  test("an empty period has nothing", () => {
    expect(explainBalance([])).toEqual({ granted: 0, toppedUp: 0, drawn: 0, refunded: 0, forfeited: 0, total: 0, used: 0, left: 0 });
  });

  test("left never goes below zero when an entitlement was lowered below what was used", () => {
    const result = explainBalance([line("GRANT", 4), line("DRAW", -3, "b1"), line("GRANT", -2)]);
    expect(result).toMatchObject({ total: 2, used: 3, left: 0 });
    expect(balanceInWords(result)).toBe("2 granted \u2212 3 booked = \u22121 (none left)");
  });

  test("in words, as a sum that checks out", () => {
    const lines = [line("GRANT", 4), line("TOPUP", 1), line("DRAW", -1, "b1"), line("DRAW", -1, "b2"), line("REFUND", 1, "b1")];
    expect(balanceInWords(explainBalance(lines))).toBe("4 granted + 1 added \u2212 2 booked + 1 refunded = 4 left");
    expect(balanceInWords(explainBalance([line("GRANT", 4)]))).toBe("4 granted = 4 left");
    expect(balanceInWords(explainBalance([line("GRANT", 4), line("TOPUP", -1), line("DRAW", -1, "b1"), line("FORFEIT", 0, "b1")]))).toBe(
      "4 granted \u2212 1 taken back \u2212 1 booked = 2 left; 1 hour missed without cancelling",
    );
  });
});

describe("labels", () => {
  test("hours and signs", () => {
    expect(hoursText(1)).toBe("1 hour");
    expect(hoursText(0)).toBe("0 hours");
    expect(hoursText(-1)).toBe("-1 hour");
    expect(hoursText(3)).toBe("3 hours");
    expect(signedHours(4)).toBe("+4");
    expect(signedHours(-1)).toBe("\u22121");
    expect(signedHours(0)).toBe("0");
  });

  test("grant reasons say where the hours came from", () => {
    expect(grantReason({ hours: 4, period: "QUARTER", tierLabel: "Low touch", fromOverride: false })).toBe(
      "Low touch plan: 4 hours per quarter",
    );
    expect(grantReason({ hours: 1, period: "MONTH", tierLabel: "Tech touch", fromOverride: true })).toBe(
      "agreed for this account: 1 hour per month",
    );
    expect(entitlementChangeReason(4, 6)).toBe("entitlement changed from 4 to 6");
  });

  test("only high touch books its own CSM; low touch has a named CSM but draws from the pool", () => {
    expect(booksOwnCsm("HIGH")).toBe(true);
    expect(booksOwnCsm("LOW")).toBe(false);
    expect(booksOwnCsm("TECH")).toBe(false);
  });
});

describe("a booking's time in the viewer's zone", () => {
  // 15:00 UTC on Tuesday 24 November 2026.
  const startsAt = utc("2026-11-24T15:00:00Z");

  test.each([
    ["Europe/London", "en-GB", "Tue 24 Nov, 15:00"],
    ["America/New_York", "en-US", "Tue, Nov 24, 10:00 AM"],
    ["Asia/Tokyo", "en-GB", "Wed 25 Nov, 00:00"],
    ["Not/AZone", "en-GB", "Tue 24 Nov, 15:00"],
  ])("%s (%s) → %s", (zone, locale, expected) => {
    expect(formatBookingTime(startsAt, zone, locale).replace(/\s/g, " ")).toBe(expected);
  });

  test("across a DST change the wall time follows the zone", () => {
    // New York falls back on 1 November 2026: 15:00 UTC is 11:00 EDT before, 10:00 EST after.
    expect(formatBookingTime(utc("2026-10-31T15:00:00Z"), "America/New_York").replace(/\s/g, " ")).toBe("Sat, Oct 31, 11:00 AM");
    expect(formatBookingTime(utc("2026-11-02T15:00:00Z"), "America/New_York").replace(/\s/g, " ")).toBe("Mon, Nov 2, 10:00 AM");
  });
});

describe("describeLine", () => {
  const when = (date: Date) => formatBookingTime(date, "Europe/London", "en-GB");
  const bookingStartsAt = utc("2026-11-24T10:00:00Z");
  const describe_ = (kind: LedgerFacts["kind"], hours: number, reason = "", starts: Date | null = null) =>
    describeLine({ kind, hours, reason, bookingStartsAt: starts }, when).replace(/\s/g, " ");

  test("says what each line was", () => {
    expect(describe_("DRAW", -1, "", bookingStartsAt)).toBe("Drew 1 hour — booking on Tue 24 Nov, 10:00");
    expect(describe_("DRAW", -2, "", null)).toBe("Drew 2 hours — a booking since removed");
    expect(describe_("REFUND", 1, "cancelled 3 days ahead", bookingStartsAt)).toBe(
      "Refunded 1 hour — booking on Tue 24 Nov, 10:00 was cancelled in time (cancelled 3 days ahead)",
    );
    expect(describe_("FORFEIT", 0, "no-show", bookingStartsAt)).toBe("No-show for the booking on Tue 24 Nov, 10:00 — not refunded");
    expect(describe_("GRANT", 4, "Low touch plan: 4 hours per quarter")).toBe("Granted 4 hours — Low touch plan: 4 hours per quarter");
    expect(describe_("GRANT", 2, "entitlement changed from 4 to 6")).toBe("Granted 2 hours — entitlement changed from 4 to 6");
    expect(describe_("GRANT", -2, "entitlement changed from 6 to 4")).toBe("Took back 2 hours — entitlement changed from 6 to 4");
    expect(describe_("TOPUP", 3, "Renewal goodwill")).toBe("Added 3 hours — Renewal goodwill");
    expect(describe_("TOPUP", -1, "Entered twice")).toBe("Took back 1 hour — Entered twice");
  });
});
