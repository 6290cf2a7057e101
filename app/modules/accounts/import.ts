import Papa from "papaparse";
import type { ImportKind, Tier } from "~/generated/prisma/enums.ts";
import { contactName, mapHeaders, type Cells, type ImportField } from "./import-columns.ts";
import {
  fail,
  parseArrCents,
  parseContactRole,
  parseCurrency,
  parseDomains,
  parseEmail,
  parseRenewalDate,
  parseText,
  parseTier,
  parseTimeZone,
  type Parsed,
} from "./import-values.ts";
import { MAX_IMPORT_ROWS } from "./import.schema.ts";

// The pure half of "Import from CRM": CSV text in, normalized rows and per-row errors out. Headers are
// mapped in import-columns.ts and cells read in import-values.ts; the database checks (owners,
// clashes, existing rows) live in import-plan.server.ts.

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
  const fullName = contactName(cells);
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
