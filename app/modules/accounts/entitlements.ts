import type { EntitlementPeriod, Tier } from "~/generated/prisma/enums.ts";

export const TIERS = ["HIGH", "LOW", "TECH"] as const satisfies readonly Tier[];
export const PERIODS = ["MONTH", "QUARTER", "YEAR"] as const satisfies readonly EntitlementPeriod[];

export const TIER_LABELS: Record<Tier, string> = { HIGH: "High touch", LOW: "Low touch", TECH: "Tech touch" };
export const PERIOD_LABELS: Record<EntitlementPeriod, string> = { MONTH: "month", QUARTER: "quarter", YEAR: "year" };

/** Only these tiers get a named CSM; tech-touch accounts are served one-to-many. */
export function hasPersonalCsm(tier: Tier) {
  return tier === "HIGH" || tier === "LOW";
}

export type Policy = { tier: Tier; period: EntitlementPeriod; csmHoursPerPeriod: number; expertSeatsPerPeriod: number };
export type Override = { csmHoursPerPeriod: number | null; expertSeatsPerPeriod: number | null; reason: string };

// Used until an admin saves a policy, so a fresh install still shows sensible numbers.
export const FALLBACK_POLICIES: Record<Tier, Policy> = {
  HIGH: { tier: "HIGH", period: "QUARTER", csmHoursPerPeriod: 12, expertSeatsPerPeriod: 10 },
  LOW: { tier: "LOW", period: "QUARTER", csmHoursPerPeriod: 4, expertSeatsPerPeriod: 4 },
  TECH: { tier: "TECH", period: "QUARTER", csmHoursPerPeriod: 0, expertSeatsPerPeriod: 2 },
};

export type EntitlementSource = "tier" | "override";
export type Entitlement = { value: number; source: EntitlementSource };
export type EffectiveEntitlements = {
  tier: Tier;
  period: EntitlementPeriod;
  csmHours: Entitlement;
  expertSeats: Entitlement;
  overrideReason: string | null;
};

function pick(override: number | null | undefined, policy: number): Entitlement {
  return override === null || override === undefined ? { value: policy, source: "tier" } : { value: override, source: "override" };
}

/** Each field: the account's override when set, else its tier's policy. The period is always the tier's. */
export function effectiveEntitlements(
  tier: Tier,
  policy: Policy | null | undefined,
  override: Override | null | undefined,
): EffectiveEntitlements {
  const base = policy ?? FALLBACK_POLICIES[tier];
  return {
    tier,
    period: base.period,
    csmHours: pick(override?.csmHoursPerPeriod, base.csmHoursPerPeriod),
    expertSeats: pick(override?.expertSeatsPerPeriod, base.expertSeatsPerPeriod),
    overrideReason: override ? override.reason : null,
  };
}

export function perPeriod(count: number, unit: string, period: EntitlementPeriod) {
  return `${count} ${unit}${count === 1 ? "" : "s"} per ${PERIOD_LABELS[period]}`;
}
