// Pure helpers for the account form: no Prisma, no Request, so the browser and tests share them.

/** Prisma's Int is 32-bit: the largest ARR the column holds, in cents. */
export const MAX_ARR_CENTS = 2_147_483_647;

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isDomainName(value: string) {
  return DOMAIN_PATTERN.test(value);
}

/**
 * "Acme.com, @acme.co.uk\nhttps://acme.io/" → ["acme.com", "acme.co.uk", "acme.io"]. People paste
 * lists from CRMs and emails, so separators, a leading @ or a URL scheme are forgiven.
 */
export function parseDomainList(text: string): string[] {
  const domains = text
    .split(/[\s,;]+/)
    .map((part) =>
      part
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\//, "")
        .replace(/^@/, "")
        .replace(/\/.*$/, "")
        .replace(/\.$/, ""),
    )
    .filter(Boolean);
  return [...new Set(domains)];
}

/**
 * A decimal amount in currency units → integer cents, without floating-point drift:
 * "120,000.5" → 12_000_050. Returns null for anything that is not a plain non-negative amount.
 */
export function parseMoneyToCents(text: string): number | null {
  const cleaned = text.trim().replace(/[\s,_]/g, "");
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents back into the text a person types: 12_000_050 → "120000.50", 12_000_000 → "120000". */
export function centsToInput(cents: number) {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}

export function currencyCodes(): string[] {
  return Intl.supportedValuesOf("currency");
}

export function isCurrencyCode(code: string) {
  return /^[A-Z]{3}$/.test(code) && currencyCodes().includes(code);
}

/** IANA zones for a select; "UTC" is not in Intl's list but is the schema's default. */
export function timeZoneOptions(current?: string | null): string[] {
  const zones = new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  if (current) zones.add(current);
  return [...zones];
}

/** "YYYY-MM-DD" → midnight UTC of that calendar day, or null if the day does not exist. */
export function parseCalendarDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

export const PAGE_SIZE = 25;

export function pageCount(total: number, pageSize = PAGE_SIZE) {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Currencies for a select, labelled in `locale`: "EUR · Euro". */
export function currencyOptions(locale = "en-US") {
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  return currencyCodes().map((code) => ({ code, label: `${code} · ${names.of(code) ?? code}` }));
}

export type AccountEditorDefaults = {
  name: string;
  domains: string;
  plan: string;
  arr: string;
  currency: string;
  tier: string;
  renewalDate: string;
  ownerCsmId: string;
  timeZone: string;
};

export const NEW_ACCOUNT_DEFAULTS: AccountEditorDefaults = {
  name: "",
  domains: "",
  plan: "",
  arr: "",
  currency: "USD",
  tier: "TECH",
  renewalDate: "",
  ownerCsmId: "",
  timeZone: "UTC",
};

/** A stored account as the editor's text fields. */
export function accountEditorDefaults(account: {
  name: string;
  domains: { domain: string }[];
  plan: string;
  arrCents: number;
  currency: string;
  tier: string;
  renewalDate: Date | null;
  ownerCsm: { id: string } | null;
  timeZone: string;
}): AccountEditorDefaults {
  return {
    name: account.name,
    domains: account.domains.map((row) => row.domain).join("\n"),
    plan: account.plan,
    arr: centsToInput(account.arrCents),
    currency: account.currency,
    tier: account.tier,
    renewalDate: account.renewalDate ? account.renewalDate.toISOString().slice(0, 10) : "",
    ownerCsmId: account.ownerCsm?.id ?? "",
    timeZone: account.timeZone,
  };
}
