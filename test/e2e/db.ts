import Database from "better-sqlite3";
import { inject } from "vitest";

/** Read-only look at the journeys' database, to find ids the UI would not show to the actor. */
export function queryOne<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(inject("databaseFile"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

/** An instant as Prisma's SQLite adapter stores it, so rows written here read back like the app's own. */
export function sqlDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * Writes rows a journey needs that no screen would make (a booking that started in the past), in one
 * transaction beside the running server. Each journey writes rows of its own, never shared demo rows.
 */
export function writeRows(write: (db: Database.Database) => void): void {
  const db = new Database(inject("databaseFile"), { fileMustExist: true, timeout: 10_000 });
  try {
    db.pragma("foreign_keys = ON");
    db.transaction(() => write(db))();
  } finally {
    db.close();
  }
}
