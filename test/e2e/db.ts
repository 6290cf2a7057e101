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
