import { z } from "zod";
import type { Role, Tier } from "~/generated/prisma/enums.ts";
import { isCurrencyCode, MAX_ARR_CENTS } from "./accounts.ts";

// The cell parsers of "Import from CRM": one trimmed, non-blank cell in, the value Lyceum stores or
// a message for the admin out. Row validation (import.ts) decides which cells are required.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (error: string): Parsed<never> => ({ ok: false, error });

/**
 * Whole currency units to integer cents, without floating point: "48000", "$48,000.00", "USD 48000.5".
 * Comma decimals ("48.000,00") are refused rather than guessed.
 */
export function parseArrCents(text: string): Parsed<number> {
  const cleaned = text.replace(/^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$/g, "").replace(/[\s$€£¥]/g, "");
  if (cleaned.startsWith("-")) return fail(`ARR "${text}" is negative; it must be 0 or more`);
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return fail(`ARR "${text}" is not an amount; write it like 48000 or 48,000.00`);
  const whole = Number(match[1]!.replace(/,/g, ""));
  const cents = whole * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(cents) || cents > MAX_ARR_CENTS)
    return fail(`ARR "${text}" is too large; the most Lyceum can hold is 21,474,836.47`);
  return ok(cents);
}

/** Case, spaces and punctuation don't matter: "High touch", "high-touch" and "HIGHTOUCH" are one key. */
function lookUp<T>(table: Record<string, T>, text: string): T | undefined {
  return table[text.toLowerCase().replace(/[^a-z]/g, "")];
}

const TIERS: Record<string, Tier> = { high: "HIGH", hightouch: "HIGH", low: "LOW", lowtouch: "LOW", tech: "TECH", techtouch: "TECH" };

export function parseTier(text: string): Parsed<Tier> {
  const tier = lookUp(TIERS, text);
  return tier ? ok(tier) : fail(`Tier "${text}" is not one of High touch, Low touch or Tech touch`);
}

const ROLES: Record<string, Extract<Role, "MEMBER" | "ACCOUNT_ADMIN">> = {
  member: "MEMBER",
  user: "MEMBER",
  admin: "ACCOUNT_ADMIN",
  accountadmin: "ACCOUNT_ADMIN",
  administrator: "ACCOUNT_ADMIN",
};

export function parseContactRole(text: string): Parsed<"MEMBER" | "ACCOUNT_ADMIN"> {
  const role = lookUp(ROLES, text);
  return role ? ok(role) : fail(`Role "${text}" must be Member or Account admin (staff cannot be imported)`);
}

const LABEL = "(?!-)[a-z0-9-]{1,63}(?<!-)";
const DOMAIN_PATTERN = new RegExp(`^(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);

/** One domain, from a bare name or a website URL; IDNs become punycode like browsers send them. */
export function parseDomain(text: string): Parsed<string> {
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
  } catch {
    return fail(`"${text}" is not a valid domain`);
  }
  // CRMs store websites; nobody's email address is at www.
  host = host.replace(/^www\./, "").replace(/\.$/, "");
  if (text.includes("@") || host.length > 253 || !DOMAIN_PATTERN.test(host)) return fail(`"${text}" is not a valid domain`);
  return ok(host);
}

export function parseDomains(text: string): Parsed<string[]> {
  const domains: string[] = [];
  const errors: string[] = [];
  for (const token of text.split(/[;,\s]+/).filter(Boolean)) {
    const parsed = parseDomain(token);
    if (!parsed.ok) errors.push(parsed.error);
    else if (!domains.includes(parsed.value)) domains.push(parsed.value);
  }
  return errors.length ? fail(errors.join("; ")) : ok(domains);
}

/** A calendar date as YYYY-MM-DD; an ISO timestamp keeps the date as written, whatever its offset. */
export function parseRenewalDate(text: string): Parsed<string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(text);
  const refuse = fail(`Renewal date "${text}" must be a real date written like 2027-09-30`);
  if (!match) return refuse;
  const [, year, month, day, time] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return refuse;
  if (time && Number.isNaN(Date.parse(text))) return refuse;
  return ok(`${year}-${month}-${day}`);
}

/** Canonical IANA name ("america/new_york" → "America/New_York"), as far as Intl knows the zone. */
export function parseTimeZone(text: string): Parsed<string> {
  try {
    return ok(new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone);
  } catch {
    return fail(`Time zone "${text}" is not an IANA time zone such as Europe/Paris`);
  }
}

export function parseCurrency(text: string): Parsed<string> {
  const code = text.toUpperCase();
  return isCurrencyCode(code) ? ok(code) : fail(`Currency "${text}" is not an ISO 4217 code such as USD or EUR`);
}

const EmailSchema = z.email();
export function parseEmail(text: string, column: string): Parsed<string> {
  const email = text.toLowerCase();
  return email.length <= 254 && EmailSchema.safeParse(email).success ? ok(email) : fail(`${column} "${text}" is not a valid email address`);
}

export function parseText(text: string, column: string, max: number): Parsed<string> {
  return text.length <= max ? ok(text) : fail(`${column} is longer than ${max} characters`);
}
