export type JobInfo = {
  id: string;
  kind: string;
  /** Including the run in progress: 1 on the first run. */
  attempts: number;
  idempotencyKey: string | null;
};

/** Runs one job. Throw to fail the attempt; the worker retries with backoff. */
export type JobHandler = (payload: unknown, job: JobInfo) => Promise<void>;

// Kept on globalThis so that a dev reload of this module doesn't leave the running worker looking at
// a stale, empty registry.
const globalForJobs = globalThis as unknown as { lyceumJobHandlers?: Map<string, JobHandler> };
const handlers = (globalForJobs.lyceumJobHandlers ??= new Map());

/**
 * Registers the handler for a job kind. The last registration wins, because dev reloads register
 * again. Returns a function that removes this handler (tests use it).
 */
export function registerJobHandler(kind: string, handler: JobHandler): () => void {
  handlers.set(kind, handler);
  return () => {
    if (handlers.get(kind) === handler) handlers.delete(kind);
  };
}

export function getJobHandler(kind: string): JobHandler | undefined {
  return handlers.get(kind);
}
