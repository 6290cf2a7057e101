import { ROLE_LABELS, isStaffRole } from "~/modules/auth/permissions.ts";
import type { Tx } from "~/utils/db.server.ts";
import type { AccountImportRow, ContactImportRow, ImportRow } from "./import.ts";

// Planning runs twice with the same code: against the database at preview, and again inside the
// apply transaction, because the database may have changed in between.

const CHUNK_SIZE = 250;

export function chunks<T>(items: T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export type RowAction = "create" | "update";
export type StoredRow<T> = ImportRow<T> & { action: RowAction | null };
/** What ImportBatch.rows holds as JSON: every row of the file with its errors and planned action. */
export type StoredImport = { ignoredColumns: string[]; rows: StoredRow<AccountImportRow | ContactImportRow>[] };

export const NO_ROWS: StoredImport = { ignoredColumns: [], rows: [] };

export function readStoredImport(json: string) {
  return JSON.parse(json) as StoredImport;
}

// The columns an import may change, read beforehand so unchanged rows are not written.
const ACCOUNT_FIELDS = {
  name: true,
  plan: true,
  arrCents: true,
  currency: true,
  tier: true,
  renewalDate: true,
  timeZone: true,
  ownerCsmId: true,
} as const;
const CONTACT_FIELDS = { name: true, role: true, timeZone: true } as const;

export async function planAccounts(db: Tx, values: AccountImportRow[]) {
  const accounts = await db.account.findMany({
    where: { externalId: { in: values.map((value) => value.externalId) } },
    select: { id: true, externalId: true, ...ACCOUNT_FIELDS },
  });
  const owners = await db.accountDomain.findMany({
    where: { domain: { in: values.flatMap((value) => value.domains) } },
    select: { domain: true, accountId: true, account: { select: { name: true } } },
  });
  const emails = values.flatMap((value) => (value.ownerCsmEmail ? [value.ownerCsmEmail] : []));
  const users = await db.user.findMany({
    where: { email: { in: [...new Set(emails)] } },
    select: { id: true, email: true, role: true, deactivatedAt: true },
  });
  const accountOf = new Map(accounts.map((account) => [account.externalId, account]));
  const ownerOf = new Map(owners.map((owner) => [owner.domain, owner]));
  const userOf = new Map(users.map((user) => [user.email, user]));

  return values.map((value) => {
    const errors: string[] = [];
    const existing = accountOf.get(value.externalId) ?? null;
    const accountId = existing?.id ?? null;
    const newDomains: string[] = [];
    for (const domain of value.domains) {
      const owner = ownerOf.get(domain);
      if (!owner) newDomains.push(domain);
      else if (owner.accountId !== accountId)
        errors.push(`The domain ${domain} already belongs to another account, "${owner.account.name}"`);
    }
    let ownerCsmId: string | undefined;
    if (value.ownerCsmEmail) {
      const csm = userOf.get(value.ownerCsmEmail);
      if (!csm) errors.push(`No Lyceum user has the email ${value.ownerCsmEmail} (owner_csm_email)`);
      else if (csm.role !== "CSM") errors.push(`${value.ownerCsmEmail} is a ${ROLE_LABELS[csm.role]}, not a CSM`);
      else if (csm.deactivatedAt) errors.push(`The CSM ${value.ownerCsmEmail} is deactivated`);
      else ownerCsmId = csm.id;
    }
    return { errors, existing, newDomains, ownerCsmId };
  });
}

export async function planContacts(db: Tx, values: ContactImportRow[]) {
  const accounts = await db.account.findMany({
    where: { externalId: { in: [...new Set(values.map((value) => value.accountExternalId))] } },
    select: { id: true, externalId: true },
  });
  const users = await db.user.findMany({
    where: { email: { in: values.map((value) => value.email) } },
    select: { id: true, email: true, accountId: true, account: { select: { name: true } }, ...CONTACT_FIELDS },
  });
  const accountIds = new Map(accounts.map((account) => [account.externalId, account.id]));
  const userOf = new Map(users.map((user) => [user.email, user]));

  return values.map((value) => {
    const errors: string[] = [];
    const accountId = accountIds.get(value.accountExternalId) ?? null;
    if (!accountId) errors.push(`No account has the external id "${value.accountExternalId}"; import the accounts first`);
    const user = userOf.get(value.email);
    if (user && isStaffRole(user.role)) errors.push(`${value.email} is a Lyceum staff login and cannot be imported as a contact`);
    else if (user && accountId && user.accountId !== accountId)
      errors.push(`${value.email} already belongs to "${user.account?.name ?? "another account"}"`);
    return { errors, accountId, existing: user ?? null };
  });
}
