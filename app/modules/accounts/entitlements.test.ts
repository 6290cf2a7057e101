import { describe, expect, test } from "vitest";
import { effectiveEntitlements, FALLBACK_POLICIES, hasPersonalCsm, perPeriod, type Policy } from "./entitlements.ts";

const low: Policy = { tier: "LOW", period: "MONTH", csmHoursPerPeriod: 4, expertSeatsPerPeriod: 3 };

describe("effectiveEntitlements", () => {
  test("without an override every field comes from the tier", () => {
    expect(effectiveEntitlements("LOW", low, null)).toEqual({
      tier: "LOW",
      period: "MONTH",
      csmHours: { value: 4, source: "tier" },
      expertSeats: { value: 3, source: "tier" },
      overrideReason: null,
    });
  });

  test("an override replaces only the fields it sets, and zero counts as set", () => {
    const result = effectiveEntitlements("LOW", low, { csmHoursPerPeriod: 0, expertSeatsPerPeriod: null, reason: "Paused" });
    expect(result.csmHours).toEqual({ value: 0, source: "override" });
    expect(result.expertSeats).toEqual({ value: 3, source: "tier" });
    expect(result.overrideReason).toBe("Paused");
    expect(result.period).toBe("MONTH");
  });

  test("a tier with no saved policy uses the fallback", () => {
    expect(effectiveEntitlements("TECH", null, null).csmHours).toEqual({ value: FALLBACK_POLICIES.TECH.csmHoursPerPeriod, source: "tier" });
  });
});

test("only high and low touch get a personal CSM", () => {
  expect([hasPersonalCsm("HIGH"), hasPersonalCsm("LOW"), hasPersonalCsm("TECH")]).toEqual([true, true, false]);
});

test("perPeriod reads naturally", () => {
  expect(perPeriod(1, "hour", "QUARTER")).toBe("1 hour per quarter");
  expect(perPeriod(12, "seat", "YEAR")).toBe("12 seats per year");
});
