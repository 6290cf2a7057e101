import type { ImportKind, ImportStatus } from "~/generated/prisma/enums.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { prisma, type Tx } from "~/utils/db.server.ts";
import { IMPORT_JOB_KIND, importProgress } from "./import-apply.server.ts";
import { PREVIEW_COLUMNS, previewCells } from "./import-columns.ts";
import { chunks, NO_ROWS, planAccounts, planContacts, readStoredImport, type StoredImport, type StoredRow } from "./import-plan.server.ts";
import { parseImportCsv, type ImportRow } from "./import.ts";
import { isImportActive, rowsWithProblems } from "./import.schema.ts";

// The admin's side of "Import from CRM": an uploaded file becomes a PREVIEW batch, which the admin
// confirms (queueing the job in import-apply.server.ts) or discards.

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
      rows: JSON.stringify({ ignoredColumns: parsed.ignoredColumns, rows } satisfies StoredImport),
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
    throw new DomainError(409, `${rowsWithProblems(batch.errorRows)}: fix the file and upload it again.`);
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
    data: { status: "DISCARDED", rows: JSON.stringify(NO_ROWS), finishedAt: new Date() },
  });
  if (count === 0) await refuseDecision(prisma, batchId);
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
  const polling = isImportActive(batch.status);
  const stored = polling ? NO_ROWS : readStoredImport(json);
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
