import { AsyncLocalStorage } from "node:async_hooks";
import { getEnv } from "./env.server.ts";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

type LogContext = Record<string, unknown>;

// What is being handled right now (a request's id and user, a job's id and kind): every line logged
// while handling it carries these fields, however deep in the code it is written.
const current = new AsyncLocalStorage<LogContext>();

/** Runs `run` with `fields` added to every line it logs (and to what it starts, across awaits). */
export function withLogContext<T>(fields: LogContext, run: () => T): T {
  return current.run({ ...current.getStore(), ...fields }, run);
}

/**
 * Runs `run` (and what it schedules) outside any context: for work that a request merely wakes up,
 * like the job worker, whose lines must not carry that request's id.
 */
export function outsideLogContext<T>(run: () => T): T {
  return current.exit(run);
}

/** Adds fields to the context being handled, e.g. the user once the session cookie is read. */
export function addLogContext(fields: LogContext) {
  const store = current.getStore();
  if (store) Object.assign(store, fields);
}

/** The live context object (server.js reads the user id from it when it logs the request line). */
export function currentLogContext(): LogContext | undefined {
  return current.getStore();
}

function write(level: Level, message: string, context?: LogContext) {
  if (LEVELS[level] < LEVELS[getEnv().LOG_LEVEL]) return;
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message, ...current.getStore() };
  for (const [key, value] of Object.entries(context ?? {})) {
    entry[key] = value instanceof Error ? { message: value.message, stack: value.stack } : value;
  }
  const line = JSON.stringify(entry);
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

/** Structured logs: one JSON object per line, so any log shipper can read them. */
export const logger = {
  debug: (message: string, context?: LogContext) => write("debug", message, context),
  info: (message: string, context?: LogContext) => write("info", message, context),
  warn: (message: string, context?: LogContext) => write("warn", message, context),
  error: (message: string, context?: LogContext) => write("error", message, context),
};
