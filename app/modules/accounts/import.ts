import Papa from "papaparse";
import { z } from "zod";
import type { ImportKind, Role, Tier } from "~/generated/prisma/enums.ts";
import { MAX_IMPORT_ROWS } from "./import.schema.ts";

// The pure half of "Import from CRM": CSV text in, normalized rows and per-row errors out. The
// database checks (owners, clashes, existing rows) live in import.server.ts.

// Prisma's Int is 32-bit, so this is the largest ARR an Account can hold.
export const MAX_ARR_CENTS = 2_147_483_647;

export type AccountField =
  "external_id" | "name" | "domains" | "plan" | "arr" | "currency" | "tier" | "renewal_date" | "owner_csm_email" | "time_zone";
export type ContactField = "email" | "name" | "first_name" | "last_name" | "account_external_id" | "role" | "time_zone";
export type ImportField = AccountField | ContactField;

type ColumnSpec = { field: ImportField; required: boolean; aliases: string[] };

// Aliases are written already normalized (see normalizeHeader). "Annual Revenue" is deliberately
// absent: in HubSpot and Salesforce it is the customer's own revenue, not what they pay us.
export const IMPORT_COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  ACCOUNTS: [
    {
      field: "external_id",
      required: true,
      aliases: ["external id", "externalid", "record id", "account id", "company id", "crm id", "salesforce id", "hubspot id", "id"],
    },
    { field: "name", required: true, aliases: ["name", "company name", "account name", "company", "account"] },
    {
      field: "domains",
      required: false,
      aliases: ["domains", "domain", "company domain name", "domain name", "email domains", "website", "website url"],
    },
    { field: "plan", required: false, aliases: ["plan", "plan name", "subscription plan", "edition", "product"] },
    { field: "arr", required: false, aliases: ["arr", "arr usd", "annual recurring revenue", "arr amount"] },
    { field: "currency", required: false, aliases: ["currency", "currency code", "account currency", "arr currency"] },
    {
      field: "tier",
      required: false,
      aliases: ["tier", "touch tier", "cs tier", "customer tier", "service tier", "touch model", "segment"],
    },
    {
      field: "renewal_date",
      required: false,
      aliases: ["renewal date", "renewal", "next renewal date", "contract renewal date", "contract end date"],
    },
    {
      field: "owner_csm_email",
      required: false,
      aliases: [
        "owner csm email",
        "csm email",
        "csm",
        "customer success manager",
        "customer success manager email",
        "csm owner email",
        "account owner email",
        "owner email",
      ],
    },
    { field: "time_zone", required: false, aliases: ["time zone", "timezone", "tz"] },
  ],
  CONTACTS: [
    { field: "email", required: true, aliases: ["email", "email address", "e mail", "contact email", "work email"] },
    { field: "name", required: false, aliases: ["name", "full name", "contact name"] },
    { field: "first_name", required: false, aliases: ["first name", "firstname", "given name"] },
    { field: "last_name", required: false, aliases: ["last name", "lastname", "surname", "family name"] },
    {
      field: "account_external_id",
      required: true,
      aliases: [
        "account external id",
        "account id",
        "company id",
        "associated company id",
        "company record id",
        "account record id",
        "external account id",
        "crm account id",
      ],
    },
    { field: "role", required: false, aliases: ["role", "lyceum role", "user role", "access role"] },
    { field: "time_zone", required: false, aliases: ["time zone", "timezone", "tz"] },
  ],
};

/** "Company Name", "company_name" and " COMPANY-NAME " all become "company name". */
export function normalizeHeader(header: string) {
  return header
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export type HeaderMapping =
  { ok: true; columns: Partial<Record<ImportField, number>>; ignored: string[] } | { ok: false; missing: string[] };

export function mapHeaders(kind: ImportKind, headers: string[]): HeaderMapping {
  const columns: Partial<Record<ImportField, number>> = {};
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const normalized = normalizeHeader(header);
    const spec = IMPORT_COLUMNS[kind].find((column) => column.aliases.includes(normalized));
    // The first column wins when two map to one field, e.g. "Name" and "Company name".
    if (spec && columns[spec.field] === undefined) columns[spec.field] = index;
    else if (header.trim()) ignored.push(header.trim());
  });
  const missing: string[] = IMPORT_COLUMNS[kind]
    .filter((column) => column.required && columns[column.field] === undefined)
    .map((column) => column.field);
  if (kind === "CONTACTS" && columns.name === undefined && columns.first_name === undefined)
    missing.push("name (or first_name and last_name)");
  return missing.length ? { ok: false, missing } : { ok: true, columns, ignored };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

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

const TIERS: Record<string, Tier> = { high: "HIGH", hightouch: "HIGH", low: "LOW", lowtouch: "LOW", tech: "TECH", techtouch: "TECH" };

export function parseTier(text: string): Parsed<Tier> {
  const tier = TIERS[text.toLowerCase().replace(/[^a-z]/g, "")];
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
  const role = ROLES[text.toLowerCase().replace(/[^a-z]/g, "")];
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
  const known = /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
  return known ? ok(code) : fail(`Currency "${text}" is not an ISO 4217 code such as USD or EUR`);
}

const EmailSchema = z.email();
export function parseEmail(text: string, column: string): Parsed<string> {
  const email = text.toLowerCase();
  return email.length <= 254 && EmailSchema.safeParse(email).success ? ok(email) : fail(`${column} "${text}" is not a valid email address`);
}

function parseText(text: string, column: string, max: number): Parsed<string> {
  return text.length <= max ? ok(text) : fail(`${column} is longer than ${max} characters`);
}

/** Blank optional cells stay undefined: an import never erases data the CRM left empty. */
export type AccountImportRow = {
  externalId: string;
  name: string;
  domains: string[];
  plan?: string;
  arrCents?: number;
  currency?: string;
  tier?: Tier;
  renewalDate?: string;
  ownerCsmEmail?: string;
  timeZone?: string;
};

export type ContactImportRow = {
  email: string;
  name: string;
  accountExternalId: string;
  role?: "MEMBER" | "ACCOUNT_ADMIN";
  timeZone?: string;
};

type Cells = Partial<Record<ImportField, string>>;
type RowCheck<T> = { value: T | null; errors: string[] };

/** Collects every problem of a row at once, so the preview shows the admin all of them together. */
function collector(cells: Cells) {
  const errors: string[] = [];
  function take<T>(field: ImportField, parse: (text: string) => Parsed<T>, requiredMessage?: string): T | undefined {
    const text = cells[field]?.trim() ?? "";
    if (!text) {
      if (requiredMessage) errors.push(requiredMessage);
      return undefined;
    }
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    errors.push(parsed.error);
    return undefined;
  }
  return { errors, take };
}

export function validateAccountRow(cells: Cells): RowCheck<AccountImportRow> {
  const { errors, take } = collector(cells);
  const externalId = take("external_id", (text) => parseText(text, "external_id", 100), "external_id is missing");
  const name = take("name", (text) => parseText(text, "Name", 200), "Name is missing");
  const domains = take("domains", parseDomains) ?? [];
  const plan = take("plan", (text) => parseText(text, "Plan", 100));
  const arrCents = take("arr", parseArrCents);
  const currency = take("currency", parseCurrency);
  const tier = take("tier", parseTier);
  const renewalDate = take("renewal_date", parseRenewalDate);
  const ownerCsmEmail = take("owner_csm_email", (text) => parseEmail(text, "owner_csm_email"));
  const timeZone = take("time_zone", parseTimeZone);
  if (errors.length || externalId === undefined || name === undefined) return { value: null, errors };
  return { value: { externalId, name, domains, plan, arrCents, currency, tier, renewalDate, ownerCsmEmail, timeZone }, errors };
}

export function validateContactRow(cells: Cells): RowCheck<ContactImportRow> {
  const { errors, take } = collector(cells);
  const email = take("email", (text) => parseEmail(text, "Email"), "Email is missing");
  const fullName = cells.name?.trim() || [cells.first_name?.trim(), cells.last_name?.trim()].filter(Boolean).join(" ");
  const name = fullName ? parseText(fullName, "Name", 120) : fail("Name is missing");
  if (!name.ok) errors.push(name.error);
  const accountExternalId = take(
    "account_external_id",
    (text) => parseText(text, "account_external_id", 100),
    "account_external_id is missing",
  );
  const role = take("role", parseContactRole);
  const timeZone = take("time_zone", parseTimeZone);
  if (errors.length || email === undefined || !name.ok || accountExternalId === undefined) return { value: null, errors };
  return { value: { email, name: name.value, accountExternalId, role, timeZone }, errors };
}

export type ImportRow<T> = {
  /** The line in the spreadsheet, counting the header as row 1. */
  row: number;
  cells: Cells;
  value: T | null;
  errors: string[];
};
export type AccountRow = ImportRow<AccountImportRow>;
export type ContactRow = ImportRow<ContactImportRow>;
export type ParsedImport =
  | { ok: true; kind: "ACCOUNTS"; rows: AccountRow[]; ignoredColumns: string[] }
  | { ok: true; kind: "CONTACTS"; rows: ContactRow[]; ignoredColumns: string[] }
  | { ok: false; message: string };

/** Later rows that repeat a key get the error; the first keeps its place. */
function flagDuplicates<T>(rows: ImportRow<T>[], keysOf: (value: T) => { label: string; key: string }[]) {
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!row.value) continue;
    for (const { label, key } of keysOf(row.value)) {
      const first = seen.get(`${label}\u0000${key}`);
      if (first === undefined) seen.set(`${label}\u0000${key}`, row.row);
      else row.errors.push(`${label} ${key} also appears on row ${first}`);
    }
    if (row.errors.length) row.value = null;
  }
}

export function parseImportCsv(kind: ImportKind, text: string): ParsedImport {
  // Decoding as UTF-8 turns other encodings' accented letters into U+FFFD; better refused than stored.
  if (text.includes("\uFFFD"))
    return { ok: false, message: "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8” and upload it again." };
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { header: false, skipEmptyLines: false });
  const broken = result.errors.find((error) => error.type === "Quotes");
  if (broken) return { ok: false, message: `The file is not valid CSV near row ${(broken.row ?? 0) + 1}: ${broken.message}.` };
  const [header, ...records] = result.data;
  if (!header || header.every((cell) => !cell.trim()))
    return { ok: false, message: "The file is empty. Export the CSV again with a header row and at least one row." };
  const mapping = mapHeaders(kind, header);
  if (!mapping.ok)
    return {
      ok: false,
      message: `The file is missing the required column${mapping.missing.length > 1 ? "s" : ""}: ${mapping.missing.join(", ")}.`,
    };
  const { columns } = mapping;
  const toCells = (raw: string[]) => {
    const picked: Cells = {};
    for (const [field, index] of Object.entries(columns)) picked[field as ImportField] = raw[index]?.trim() ?? "";
    return picked;
  };

  const filled = records
    .map((cells, index) => ({ raw: cells, row: index + 2 }))
    .filter(({ raw }) => raw.some((cell) => cell.trim()))
    .map(({ raw, row }) => ({ row, cells: toCells(raw) }));
  if (filled.length === 0) return { ok: false, message: "The file has a header row but no rows to import." };
  if (filled.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      message: `The file has ${filled.length.toLocaleString("en-US")} rows; split it into files of at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")}.`,
    };

  if (kind === "ACCOUNTS") {
    const rows: AccountRow[] = filled.map(({ cells, row }) => ({ row, cells, ...validateAccountRow(cells) }));
    flagDuplicates(rows, (value) => [
      { label: "external_id", key: value.externalId },
      ...value.domains.map((domain) => ({ label: "Domain", key: domain })),
    ]);
    return { ok: true, kind, rows, ignoredColumns: mapping.ignored };
  }
  const rows: ContactRow[] = filled.map(({ cells, row }) => ({ row, cells, ...validateContactRow(cells) }));
  flagDuplicates(rows, (value) => [{ label: "Email", key: value.email }]);
  return { ok: true, kind, rows, ignoredColumns: mapping.ignored };
}

/** A small file an admin can fill in, using the plain column names. */
export function exampleCsv(kind: ImportKind): string {
  const lines =
    kind === "ACCOUNTS"
      ? [
          "external_id,name,domains,plan,arr,currency,tier,renewal_date,owner_csm_email,time_zone",
          '0015e00000ABC01,Fabrikam Outdoor,fabrikam-outdoor.example;fabrikam-outdoor-eu.example,Scale,"$120,000.00",USD,High touch,2027-09-30,,America/New_York',
          "0015e00000ABC02,Blue Yonder Airlines,blueyonder.example,Growth,36000,EUR,low-touch,2027-03-31,,Europe/Paris",
          "0015e00000ABC03,Tailspin Toys,tailspin.example,Starter,4800,USD,tech touch,,,UTC",
        ]
      : [
          "email,first_name,last_name,account_external_id,role,time_zone",
          "ana.lopez@fabrikam-outdoor.example,Ana,Lopez,0015e00000ABC01,admin,America/New_York",
          "ben.okafor@fabrikam-outdoor.example,Ben,Okafor,0015e00000ABC01,member,",
          "chloe.martin@blueyonder.example,Chloé,Martin,0015e00000ABC02,,Europe/Paris",
        ];
  return `${lines.join("\r\n")}\r\n`;
}

const TIER_LABELS: Record<Tier, string> = { HIGH: "High touch", LOW: "Low touch", TECH: "Tech touch" };

export const PREVIEW_COLUMNS: Record<ImportKind, string[]> = {
  ACCOUNTS: ["External id", "Name", "Domains", "Plan", "ARR", "Tier", "Renewal date", "Owner CSM", "Time zone"],
  CONTACTS: ["Email", "Name", "Account external id", "Role", "Time zone"],
};

/**
 * The cells a preview shows, in PREVIEW_COLUMNS order: what will be stored for a valid row (so the
 * admin sees how "$48k"-style cells were read), what the file says for a row with errors.
 */
export function previewCells(kind: ImportKind, row: ImportRow<AccountImportRow | ContactImportRow>): string[] {
  const cells = row.cells;
  if (kind === "ACCOUNTS") {
    const value = row.value as AccountImportRow | null;
    if (!value)
      return [
        cells.external_id,
        cells.name,
        cells.domains,
        cells.plan,
        [cells.arr, cells.currency].filter(Boolean).join(" "),
        cells.tier,
        cells.renewal_date,
        cells.owner_csm_email,
        cells.time_zone,
      ].map((cell) => cell ?? "");
    const arr =
      value.arrCents === undefined
        ? ""
        : (value.arrCents / 100).toLocaleString("en-US", { style: "currency", currency: value.currency ?? "USD" });
    return [
      value.externalId,
      value.name,
      value.domains.join(", "),
      value.plan ?? "",
      arr,
      value.tier ? TIER_LABELS[value.tier] : "",
      value.renewalDate ?? "",
      value.ownerCsmEmail ?? "",
      value.timeZone ?? "",
    ];
  }
  const value = row.value as ContactImportRow | null;
  if (!value) {
    const name = cells.name || [cells.first_name, cells.last_name].filter(Boolean).join(" ");
    return [cells.email ?? "", name, cells.account_external_id ?? "", cells.role ?? "", cells.time_zone ?? ""];
  }
  const role = value.role === "ACCOUNT_ADMIN" ? "Account admin" : value.role === "MEMBER" ? "Member" : "";
  return [value.email, value.name, value.accountExternalId, role, value.timeZone ?? ""];
}
