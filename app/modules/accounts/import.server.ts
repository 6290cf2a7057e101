import { setImmediate as nextTurn } from "node:timers/promises";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import type { ImportKind, ImportStatus } from "~/generated/prisma/enums.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { ROLE_LABELS, isStaffRole } from "~/modules/auth/permissions.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { ensureDatabaseReady, isUniqueViolation, prisma, type Prisma, type Tx } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { parseImportCsv, PREVIEW_COLUMNS, previewCells, type AccountImportRow, type ContactImportRow, type ImportRow } from "./import.ts";

export const IMPORT_JOB_KIND = "import.apply";
const CHUNK_SIZE = 250;
// One transaction holds SQLite's write lock for the whole import; 10,000 rows take seconds, not minutes.
const APPLY_TIMEOUT_MS = 10 * 60_000;

export type RowAction = "create" | "update";
export type StoredRow<T> = ImportRow<T> & { action: RowAction | null };
type StoredImport<T> = { ignoredColumns: string[]; rows: StoredRow<T>[] };
type Valid<T> = { row: number; value: T };

/** A refusal found while applying: the transaction rolls back and the batch shows this message. */
class ImportApplyError extends Error {}

function chunks<T>(items: T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
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

// Planning runs twice with the same code: against the database at preview, and again inside the
// apply transaction, because the database may have changed in between.
async function planAccounts(db: Tx, values: AccountImportRow[]) {
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

async function planContacts(db: Tx, values: ContactImportRow[]) {
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

async function checkRows<T>(rows: ImportRow<T>[], plan: (values: T[]) => Promise<{ errors: string[]; existing: unknown }[]>) {
  const stored: StoredRow<T>[] = rows.map((row) => ({ ...row, action: null }));
  for (const part of chunks(stored.filter((row) => row.value))) {
    const plans = await plan(part.map((row) => row.value!));
    part.forEach((row, index) => {
      const { errors, existing } = plans[index]!;
      row.errors.push(...errors);
      if (row.errors.length) row.value = null;
      else row.action = existing ? "update" : "create";
    });
  }
  return stored;
}

/** Parses and checks an uploaded file and keeps it as a PREVIEW batch; nothing is imported yet. */
export async function stageImport(input: { kind: ImportKind; file: File; createdById: string }) {
  const parsed = parseImportCsv(input.kind, await input.file.text());
  if (!parsed.ok) throw new DomainError(400, parsed.message, "file");
  const rows =
    parsed.kind === "ACCOUNTS"
      ? await checkRows(parsed.rows, (values) => planAccounts(prisma, values))
      : await checkRows(parsed.rows, (values) => planContacts(prisma, values));
  return prisma.importBatch.create({
    data: {
      kind: input.kind,
      fileName: input.file.name.slice(0, 200) || "import.csv",
      rows: JSON.stringify({ ignoredColumns: parsed.ignoredColumns, rows } satisfies StoredImport<unknown>),
      totalRows: rows.length,
      errorRows: rows.filter((row) => row.errors.length).length,
      createdById: input.createdById,
    },
    select: { id: true },
  });
}

const NOT_PENDING: Record<Exclude<ImportStatus, "PREVIEW">, string> = {
  QUEUED: "This import was already confirmed and is waiting to run.",
  RUNNING: "This import was already confirmed and is running.",
  DONE: "This import was already confirmed and has finished.",
  FAILED: "This import was already confirmed and failed. Upload the file again to retry.",
  DISCARDED: "This import was discarded. Upload the file again to import it.",
};

async function refuseDecision(db: Tx, batchId: string): Promise<never> {
  const batch = await db.importBatch.findUnique({ where: { id: batchId }, select: { status: true, errorRows: true } });
  if (!batch) throw new DomainError(404, "This import does not exist.");
  if (batch.status === "PREVIEW") {
    throw new DomainError(
      409,
      `${batch.errorRows} row${batch.errorRows === 1 ? " has" : "s have"} problems: fix the file and upload it again.`,
    );
  }
  throw new DomainError(409, NOT_PENDING[batch.status]);
}

/** PREVIEW → QUEUED and the job that applies it, in one transaction: both happen or neither. */
export async function confirmImport(batchId: string) {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.importBatch.updateMany({
      where: { id: batchId, status: "PREVIEW", errorRows: 0 },
      data: { status: "QUEUED" },
    });
    if (count === 0) await refuseDecision(tx, batchId);
    await enqueueJob(tx, { kind: IMPORT_JOB_KIND, payload: { batchId }, idempotencyKey: `import:${batchId}` });
  });
}

export async function discardImport(batchId: string) {
  // A discarded file's contacts have no reason to stay in the database.
  const { count } = await prisma.importBatch.updateMany({
    where: { id: batchId, status: "PREVIEW" },
    data: { status: "DISCARDED", rows: JSON.stringify({ ignoredColumns: [], rows: [] }), finishedAt: new Date() },
  });
  if (count === 0) await refuseDecision(prisma, batchId);
}

// Process-local: the apply transaction's writes are invisible to every other connection until it
// commits, so progress travels through memory. On globalThis so a dev reload keeps one map.
const globalForImports = globalThis as unknown as { lyceumImportProgress?: Map<string, { processed: number; total: number }> };
const progress = (globalForImports.lyceumImportProgress ??= new Map());

export function importProgress(batchId: string): { processed: number; total: number } | null {
  return progress.get(batchId) ?? null;
}

function refuseRows(part: { row: number }[], plans: { errors: string[] }[]) {
  part.forEach(({ row }, index) => {
    const [error] = plans[index]!.errors;
    if (error) throw new ImportApplyError(`Row ${row}: ${error}.`);
  });
}

/** Only what differs: re-importing an unchanged CRM export writes nothing, which keeps the write lock short. */
function changedFields<T extends Record<string, unknown>>(current: Record<string, unknown>, next: T): Partial<T> {
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => value !== undefined && !same(current[key], value))) as Partial<T>;
}

/**
 * Planning inside the transaction already refused every clash it could see, and the write lock
 * keeps others out, so a unique violation here is a bug or a schema rule planning doesn't know.
 */
async function writingChunk<T>(part: { row: number }[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new ImportApplyError(`Rows ${part[0]!.row}–${part.at(-1)!.row} clash with data changed since the preview.`);
  }
}

async function applyAccounts(tx: Tx, part: Valid<AccountImportRow>[]) {
  const plans = await planAccounts(
    tx,
    part.map(({ value }) => value),
  );
  refuseRows(part, plans);
  const creates: Prisma.AccountCreateManyInput[] = [];
  const updates: { id: string; data: Prisma.AccountUncheckedUpdateInput }[] = [];
  const domains: { domain: string; accountId?: string; externalId: string }[] = [];
  part.forEach(({ value }, index) => {
    const plan = plans[index]!;
    // undefined leaves a column as it is: a blank cell never erases what Lyceum already has.
    const fields = {
      name: value.name,
      plan: value.plan,
      arrCents: value.arrCents,
      currency: value.currency,
      tier: value.tier,
      renewalDate: value.renewalDate ? new Date(`${value.renewalDate}T00:00:00.000Z`) : undefined,
      timeZone: value.timeZone,
      ownerCsmId: plan.ownerCsmId,
    };
    domains.push(...plan.newDomains.map((domain) => ({ domain, accountId: plan.existing?.id, externalId: value.externalId })));
    if (!plan.existing) creates.push({ ...fields, externalId: value.externalId, plan: value.plan ?? "", tier: value.tier ?? "TECH" });
    else {
      const data = changedFields(plan.existing, fields);
      if (Object.keys(data).length) updates.push({ id: plan.existing.id, data });
    }
  });
  await writingChunk(part, async () => {
    const created = creates.length ? await tx.account.createManyAndReturn({ data: creates, select: { id: true, externalId: true } }) : [];
    const createdIds = new Map(created.map((account) => [account.externalId, account.id]));
    for (const { id, data } of updates) await tx.account.update({ where: { id }, data, select: { id: true } });
    if (domains.length) {
      await tx.accountDomain.createMany({
        data: domains.map(({ domain, accountId, externalId }) => ({ domain, accountId: accountId ?? createdIds.get(externalId)! })),
      });
    }
  });
  return { created: creates.length, updated: part.length - creates.length };
}

async function applyContacts(tx: Tx, part: Valid<ContactImportRow>[]) {
  const plans = await planContacts(
    tx,
    part.map(({ value }) => value),
  );
  refuseRows(part, plans);
  const creates: Prisma.UserCreateManyInput[] = [];
  const updates: { id: string; data: Prisma.UserUncheckedUpdateInput }[] = [];
  part.forEach(({ value }, index) => {
    const { existing, accountId } = plans[index]!;
    const fields = { name: value.name, role: value.role, timeZone: value.timeZone };
    // No password and no email: the contact signs in later by magic link or sign-up.
    if (!existing) creates.push({ ...fields, email: value.email, role: value.role ?? "MEMBER", accountId: accountId! });
    else {
      const data = changedFields(existing, fields);
      if (Object.keys(data).length) updates.push({ id: existing.id, data });
    }
  });
  await writingChunk(part, async () => {
    if (creates.length) await tx.user.createMany({ data: creates });
    for (const { id, data } of updates) await tx.user.update({ where: { id }, data, select: { id: true } });
  });
  return { created: creates.length, updated: part.length - creates.length };
}

/**
 * Its own connection for the apply transaction. The shared client has a single connection, so
 * other requests' statements would run inside this transaction and be rolled back with it.
 */
async function withImportConnection<T>(run: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: getEnv().DATABASE_URL, timeout: 5_000 }) });
  try {
    await ensureDatabaseReady(db);
    return await run(db);
  } finally {
    await db.$disconnect();
  }
}

/**
 * Applies a QUEUED batch: every row in one transaction, so a failure leaves nothing half-imported.
 * Anything but QUEUED is left alone, except a RUNNING batch seen on a retry: its first attempt died
 * with its transaction uncommitted, so it is marked FAILED instead of staying RUNNING forever.
 */
export async function applyImportBatch(batchId: string, options: { retry?: boolean } = {}) {
  const { count } = await prisma.importBatch.updateMany({ where: { id: batchId, status: "QUEUED" }, data: { status: "RUNNING" } });
  if (count === 0) {
    if (options.retry) {
      await prisma.importBatch.updateMany({
        where: { id: batchId, status: "RUNNING" },
        data: {
          status: "FAILED",
          error: "The import was interrupted before it finished. Nothing was imported; upload the file again.",
          finishedAt: new Date(),
        },
      });
    }
    return;
  }
  const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { kind: true, rows: true } });
  const stored = JSON.parse(batch.rows) as StoredImport<AccountImportRow | ContactImportRow>;
  const valid = stored.rows.flatMap(({ row, value }) => (value ? [{ row, value }] : []));
  progress.set(batchId, { processed: 0, total: valid.length });
  try {
    const counts = await withImportConnection((db) =>
      db.$transaction(
        async (tx) => {
          // Writing first takes SQLite's write lock before this transaction reads anything, so no
          // other connection's commit can invalidate what it reads.
          const claimed = await tx.importBatch.updateMany({ where: { id: batchId, status: "RUNNING" }, data: { processedRows: 0 } });
          if (claimed.count !== 1) throw new ImportApplyError("The import was stopped before it could start.");
          const totals = { created: 0, updated: 0 };
          let processed = 0;
          for (const part of chunks(valid)) {
            const done =
              batch.kind === "ACCOUNTS"
                ? await applyAccounts(tx, part as Valid<AccountImportRow>[])
                : await applyContacts(tx, part as Valid<ContactImportRow>[]);
            totals.created += done.created;
            totals.updated += done.updated;
            processed += part.length;
            progress.set(batchId, { processed, total: valid.length });
            // Lets the server answer progress polls between chunks.
            await nextTurn();
          }
          await tx.importBatch.update({
            where: { id: batchId },
            data: { status: "DONE", processedRows: valid.length, ...totals, error: null, finishedAt: new Date() },
          });
          return totals;
        },
        { timeout: APPLY_TIMEOUT_MS, maxWait: 10_000 },
      ),
    );
    logger.info("import applied", { batchId, kind: batch.kind, ...counts });
  } catch (error) {
    const expected = error instanceof ImportApplyError;
    if (!expected) logger.error("import failed", { batchId, kind: batch.kind, error });
    const reason = expected ? error.message : "The import failed unexpectedly; the error was logged.";
    await prisma.importBatch.updateMany({
      where: { id: batchId, status: "RUNNING" },
      data: { status: "FAILED", error: `${reason} Nothing was imported.`, processedRows: 0, finishedAt: new Date() },
    });
  } finally {
    progress.delete(batchId);
  }
}

export function listImportBatches(take = 20) {
  return prisma.importBatch.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      kind: true,
      fileName: true,
      status: true,
      totalRows: true,
      errorRows: true,
      created: true,
      updated: true,
      createdAt: true,
      createdBy: { select: { name: true } },
    },
  });
}

// Every row with a problem is listed; of the valid ones, the first few are enough to check the mapping.
const PREVIEW_VALID_ROWS = 100;
const PREVIEW_MAX_ROWS = 1_000;

export async function getImportBatch(batchId: string) {
  const batch = await prisma.importBatch.findUnique({
    where: { id: batchId },
    select: {
      id: true,
      kind: true,
      fileName: true,
      status: true,
      rows: true,
      totalRows: true,
      errorRows: true,
      processedRows: true,
      created: true,
      updated: true,
      error: true,
      createdAt: true,
      finishedAt: true,
      createdBy: { select: { name: true } },
    },
  });
  if (!batch) return null;
  const { rows: json, ...rest } = batch;
  // The page polls every second while the import runs and shows no rows then: skip parsing megabytes.
  const polling = batch.status === "QUEUED" || batch.status === "RUNNING";
  const stored = polling ? { ignoredColumns: [], rows: [] } : (JSON.parse(json) as StoredImport<AccountImportRow | ContactImportRow>);
  let validShown = 0;
  const shown = stored.rows.filter((row) => row.errors.length > 0 || validShown++ < PREVIEW_VALID_ROWS).slice(0, PREVIEW_MAX_ROWS);
  const live = batch.status === "RUNNING" ? importProgress(batchId) : null;
  return {
    ...rest,
    processedRows: live?.processed ?? batch.processedRows,
    ignoredColumns: stored.ignoredColumns,
    columns: PREVIEW_COLUMNS[batch.kind],
    newRows: polling ? null : stored.rows.filter((row) => row.action === "create").length,
    updateRows: polling ? null : stored.rows.filter((row) => row.action === "update").length,
    rows: shown.map((row) => ({ row: row.row, action: row.action, errors: row.errors, cells: previewCells(batch.kind, row) })),
  };
}
