import { z } from "zod";
import { isValidTimeZone } from "~/utils/format.ts";
import { isCurrencyCode, isDomainName, MAX_ARR_CENTS, parseCalendarDate, parseDomainList, parseMoneyToCents } from "./accounts.ts";
import { TIERS } from "./entitlements.ts";

export const TierSchema = z.enum(TIERS, { error: "Choose a tier" });

const DomainsSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const domains = parseDomainList(text ?? "");
    const bad = domains.filter((domain) => !isDomainName(domain));
    if (bad.length) {
      ctx.issues.push({
        code: "custom",
        input: text,
        message: `Not a domain: ${bad.join(", ")}. Use names like acme.com, one per line or comma-separated.`,
      });
      return z.NEVER;
    }
    if (domains.length > 50) {
      ctx.issues.push({ code: "custom", input: text, message: "Use at most 50 domains." });
      return z.NEVER;
    }
    return domains;
  });

const ArrSchema = z.string({ error: "Enter the annual recurring revenue (0 if none)" }).transform((text, ctx) => {
  const cents = parseMoneyToCents(text);
  if (cents === null) {
    ctx.issues.push({ code: "custom", input: text, message: "Enter an amount like 120000 or 120,000.50" });
    return z.NEVER;
  }
  if (cents > MAX_ARR_CENTS) {
    ctx.issues.push({ code: "custom", input: text, message: `Use at most ${(MAX_ARR_CENTS / 100).toFixed(2)}` });
    return z.NEVER;
  }
  return cents;
});

const RenewalDateSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text) return null;
    const date = parseCalendarDate(text);
    if (!date) {
      ctx.issues.push({ code: "custom", input: text, message: "Enter a real date, like 2026-03-31" });
      return z.NEVER;
    }
    return date;
  });

/** The admin's account editor; `domains` is a textarea, `arr` a decimal in currency units. */
export const AccountFormSchema = z.object({
  name: z
    .string({ error: "Enter the account's name" })
    .trim()
    .min(1, { error: "Enter the account's name" })
    .max(200, { error: "Use at most 200 characters" }),
  domains: DomainsSchema,
  plan: z.string({ error: "Enter the plan" }).trim().min(1, { error: "Enter the plan" }).max(80, { error: "Use at most 80 characters" }),
  arr: ArrSchema,
  currency: z
    .string({ error: "Choose a currency" })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { error: "Choose a currency from the list" }),
  tier: TierSchema,
  renewalDate: RenewalDateSchema,
  ownerCsmId: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((value) => value || null),
  timeZone: z.string({ error: "Choose a time zone" }).refine(isValidTimeZone, { error: "Choose a time zone from the list" }),
});

export type AccountFormInput = z.input<typeof AccountFormSchema>;
export type AccountValues = z.output<typeof AccountFormSchema>;

export const ACCOUNT_SORTS = ["name", "arr", "renewal"] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

// Filters come from a GET form and shared links: a value that makes no sense is dropped, not a 400.
export const AccountListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  tier: TierSchema.optional().catch(undefined),
  /** "mine", "none" (no owner) or a CSM's user id. */
  owner: z.string().trim().max(40).optional().catch(undefined),
  renewalWithinDays: z.coerce.number().int().min(1).max(730).optional().catch(undefined),
  sort: z.enum(ACCOUNT_SORTS).default("name").catch("name"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export type AccountListQuery = z.output<typeof AccountListQuerySchema>;

/** URL search params → filters; empty inputs count as absent. */
export function readQuery<Schema extends z.ZodType>(schema: Schema, params: URLSearchParams): z.output<Schema> {
  const entries = [...params.entries()].filter(([, value]) => value.trim() !== "");
  return schema.parse(Object.fromEntries(entries));
}
