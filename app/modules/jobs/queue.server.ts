import { prisma, isUniqueViolation, type Tx } from "~/utils/db.server.ts";

export type EnqueueJobInput = {
  kind: string;
  payload: unknown;
  runAt?: Date;
  maxAttempts?: number;
  /** Same key, same job: a second enqueue with a key already used is a no-op. */
  idempotencyKey?: string;
};

/**
 * Writes a job row. Pass the transaction client of the business write so that both commit or
 * neither does (the transactional outbox).
 */
export async function enqueueJob(db: Tx, input: EnqueueJobInput): Promise<{ id: string; created: boolean }> {
  const data = {
    kind: input.kind,
    payload: JSON.stringify(input.payload ?? null),
    runAt: input.runAt ?? new Date(),
    maxAttempts: input.maxAttempts ?? 8,
    idempotencyKey: input.idempotencyKey ?? null,
  };
  if (!input.idempotencyKey) {
    const job = await db.job.create({ data, select: { id: true } });
    notifyWorker();
    return { id: job.id, created: true };
  }
  const existing = await db.job.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  try {
    const job = await db.job.create({ data, select: { id: true } });
    notifyWorker();
    return { id: job.id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const job = await db.job.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
    return { id: job.id, created: false };
  }
}

export function enqueueJobNow(input: EnqueueJobInput) {
  return enqueueJob(prisma, input);
}

// The in-process worker subscribes so that a job enqueued by a request runs without waiting a full
// poll interval. Jobs still run if no worker is listening here: another process polls the table.
const listeners = new Set<() => void>();
export function onJobEnqueued(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function notifyWorker() {
  // A short delay lets the enqueuing transaction commit before the worker looks.
  for (const listener of listeners) setTimeout(listener, 20);
}
