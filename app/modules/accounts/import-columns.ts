import type { ImportKind } from "~/generated/prisma/enums.ts";
import { ROLE_LABELS } from "~/modules/auth/permissions.ts";
import { TIER_LABELS } from "./entitlements.ts";
import type { AccountImportRow, ContactImportRow, ImportRow } from "./import.ts";

// The columns of "Import from CRM": which headers a CRM export may use for each field, the example
// files an admin can start from, and the columns a preview shows.

export type AccountField =
  "external_id" | "name" | "domains" | "plan" | "arr" | "currency" | "tier" | "renewal_date" | "owner_csm_email" | "time_zone";
export type ContactField = "email" | "name" | "first_name" | "last_name" | "account_external_id" | "role" | "time_zone";
export type ImportField = AccountField | ContactField;
/** A row's cells by field, trimmed; a column the file lacks is absent. */
export type Cells = Partial<Record<ImportField, string>>;

type ColumnSpec = { field: ImportField; required: boolean; aliases: string[] };

const TIME_ZONE_COLUMN: ColumnSpec = { field: "time_zone", required: false, aliases: ["time zone", "timezone", "tz"] };

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
    TIME_ZONE_COLUMN,
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
    TIME_ZONE_COLUMN,
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

/** A contact's name: the name column, or else first and last name joined; "" when all are blank. */
export function contactName(cells: Cells) {
  return cells.name?.trim() || [cells.first_name?.trim(), cells.last_name?.trim()].filter(Boolean).join(" ");
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
  if (!value) return [cells.email ?? "", contactName(cells), cells.account_external_id ?? "", cells.role ?? "", cells.time_zone ?? ""];
  return [value.email, value.name, value.accountExternalId, value.role ? ROLE_LABELS[value.role] : "", value.timeZone ?? ""];
}
