import { z } from "zod";
import { PERIODS, TIERS } from "./entitlements.ts";

const count = (what: string) =>
  z
    .number({ error: `Enter a whole number of ${what}` })
    .int({ error: `Enter a whole number of ${what}` })
    .min(0, { error: "Use 0 or more" })
    .max(10_000, { error: "Use at most 10,000" });

export const PolicySchema = z.object({
  tier: z.enum(TIERS, { error: "Choose a tier" }),
  period: z.enum(PERIODS, { error: "Choose a period" }),
  csmHoursPerPeriod: count("hours"),
  expertSeatsPerPeriod: count("seats"),
});

const overrideFields = {
  csmHoursPerPeriod: count("hours").optional(),
  expertSeatsPerPeriod: count("seats").optional(),
  reason: z
    .string({ error: "Say why this account differs from its tier" })
    .trim()
    .min(3, { error: "Say why this account differs from its tier" })
    .max(500, { error: "Use at most 500 characters" }),
};

// An override that sets nothing would silently mean "same as the tier"; ask for a removal instead.
function setsSomething(value: { csmHoursPerPeriod?: number; expertSeatsPerPeriod?: number }) {
  return value.csmHoursPerPeriod !== undefined || value.expertSeatsPerPeriod !== undefined;
}
const setsSomethingError = {
  path: ["csmHoursPerPeriod"],
  error: "Set hours, seats or both. To follow the tier again, remove the override.",
};

export const OverrideSchema = z
  .object({ accountId: z.string({ error: "Missing account" }).trim().min(1).max(40), ...overrideFields })
  .refine(setsSomething, setsSomethingError);

/** Adding picks the account from a select or takes a pasted id. */
export const AddOverrideSchema = z
  .object({
    accountId: z.string().trim().max(40).optional(),
    accountRef: z.string().trim().max(40).optional(),
    ...overrideFields,
  })
  .refine((value) => Boolean(value.accountRef || value.accountId), { path: ["accountId"], error: "Choose an account or paste its id" })
  .refine(setsSomething, setsSomethingError)
  .transform(({ accountRef, accountId, ...rest }) => ({ ...rest, accountId: (accountRef || accountId)! }));

export const ClearOverrideSchema = z.object({ accountId: z.string().trim().min(1).max(40) });

export type OverrideValues = Omit<z.output<typeof OverrideSchema>, "accountId">;
export type PolicyValues = z.output<typeof PolicySchema>;
