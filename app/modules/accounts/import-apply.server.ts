import { setImmediate as nextTurn } from "node:timers/promises";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { ensureDatabaseReady, isPostgres, isUniqueViolation, prisma, type Prisma, type Tx } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { chunks, planAccounts, planContacts, readStoredImport } from "./import-plan.server.ts";
import type { AccountImportRow, ContactImportRow } from "./import.ts";

// The job side of "Import from CRM": applies a confirmed batch in one transaction and reports its
// progress. Staging, preview and the admin's decision live in import.server.ts.

export const IMPORT_JOB_KIND = "import.apply";
// One transaction holds SQLite's write lock for the whole import; 10,000 rows take seconds, not minutes.
const APPLY_TIMEOUT_MS = 10 * 60_000;

type Valid<T> = { row: number; value: T };

/** A refusal found while applying: the transaction rolls back and the batch shows this message. */
class ImportApplyError extends Error {}

// Process-local: the apply transaction's writes are invisible to every other connection until it
// commits, so progress travels through memory. On globalThis so a dev reload keeps one map.
const globalForImports = globalThis as unknown as { lyceumImportProgress?: Map<string, { processed: number; total: number }> };
const progress = (globalForImports.lyceumImportProgress ??= new Map());

export function importProgress(batchId: string): { processed: number; total: number } | null {
  return progress.get(batchId) ?? null;
}

/** Plans a chunk again inside the transaction; a row that no longer passes stops the whole import. */
async function planOrRefuse<T, P extends { errors: string[] }>(part: Valid<T>[], plan: (values: T[]) => Promise<P[]>): Promise<P[]> {
  const plans = await plan(part.map(({ value }) => value));
  part.forEach(({ row }, index) => {
    const [error] = plans[index]!.errors;
    if (error) throw new ImportApplyError(`Row ${row}: ${error}.`);
  });
  return plans;
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
  const plans = await planOrRefuse(part, (values) => planAccounts(tx, values));
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
  const plans = await planOrRefuse(part, (values) => planContacts(tx, values));
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
  // PostgreSQL's pool already gives each transaction a connection of its own.
  if (isPostgres) return run(prisma);
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
  const stored = readStoredImport(batch.rows);
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
