import { z } from "zod";
import { TIERS } from "~/modules/accounts/entitlements.ts";

const weight = z.number({ error: "Enter a weight, 0 or more" }).min(0, { error: "Use 0 or more" }).max(100, { error: "Use at most 100" });

const band = (what: string) =>
  z
    .number({ error: `Enter the ${what} score, 0–100` })
    .int({ error: "Use a whole number" })
    .min(0, { error: "Use 0 or more" })
    .max(100, { error: "Use at most 100" });

export const SCORING_INTENTS = ["save-scoring", "preview-scoring"] as const;

/** One tier's weights, half-life and health bands. The weights are relative: they need not sum to 1. */
export const ScoreSettingsSchema = z
  .object({
    intent: z.enum(SCORING_INTENTS).default("save-scoring"),
    tier: z.enum(TIERS, { error: "Choose a tier" }),
    recency: weight,
    frequency: weight,
    breadth: weight,
    depth: weight,
    reach: weight,
    halfLifeDays: z
      .number({ error: "Enter the half-life in days" })
      .int({ error: "Use a whole number of days" })
      .min(1, { error: "Use at least 1 day" })
      .max(365, { error: "Use at most 365 days" }),
    greenAt: band("green"),
    redBelow: band("red"),
  })
  .refine((value) => value.recency + value.frequency + value.breadth + value.depth + value.reach > 0, {
    path: ["recency"],
    error: "Give at least one part a weight above 0",
  })
  .refine((value) => value.redBelow < value.greenAt, { path: ["redBelow"], error: "Red must start below where green starts" });

export type ScoreSettingsValues = z.output<typeof ScoreSettingsSchema>;

export const HEALTH_VALUES = ["RED", "YELLOW", "GREEN"] as const;
export const MAX_CALL_DAYS = 180;
const DAY_MS = 86_400_000;

/** The day after which a call made on `day` (YYYY-MM-DD, UTC) stops counting: it runs through that day. */
export function callExpiry(day: string) {
  return new Date(`${day}T23:59:59.999Z`);
}

/**
 * A CSM's call: a health, why, and the last day it holds (UTC calendar day, today up to 180 days
 * ahead). `now` is passed so the browser and the action check against their own clocks.
 */
export function healthCallSchema(now: Date) {
  const today = now.toISOString().slice(0, 10);
  const latest = new Date(now.getTime() + MAX_CALL_DAYS * DAY_MS).toISOString().slice(0, 10);
  return z.object({
    intent: z.literal("set-call").default("set-call"),
    health: z.enum(HEALTH_VALUES, { error: "Choose red, yellow or green" }),
    reason: z
      .string({ error: "Say why, in a sentence the team will understand" })
      .trim()
      .min(3, { error: "Say why, in a sentence the team will understand" })
      .max(200, { error: "Use at most 200 characters" }),
    expiresOn: z
      .string({ error: "Choose the last day this call holds" })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Choose the last day this call holds" })
      .refine((day) => !Number.isNaN(callExpiry(day).getTime()), { error: "Choose a real date" })
      .refine((day) => day >= today, { error: "Choose today or a later day" })
      .refine((day) => day <= latest, { error: `Choose a day within ${MAX_CALL_DAYS} days; make a new call after that` }),
  });
}

export type HealthCallValues = z.output<ReturnType<typeof healthCallSchema>>;
