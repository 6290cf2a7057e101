import { randomUUID } from "node:crypto";
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

/**
 * A customer account of its own with one member who signs in with the demo password: a journey that
 * books, moves and cancels changes nobody else's balance or bookings. Written straight into the
 * database (the server's SQLite file, in WAL mode), the way an import would leave it.
 */
export function createCustomerLogin({ tier = "LOW", timeZone = "UTC", name = "Journey Customer" } = {}) {
  const db = new Database(inject("databaseFile"), { fileMustExist: true, timeout: 5_000 });
  try {
    const suffix = randomUUID().replace(/-/g, "").slice(0, 12);
    const now = sqlDate(new Date());
    const accountId = `e2eacct${suffix}`;
    const userId = `e2euser${suffix}`;
    const domain = `journey-${suffix}.example`;
    const email = `customer@${domain}`;
    const { hash } = db
      .prepare("SELECT p.hash FROM Password p JOIN User u ON u.id = p.userId WHERE u.email = 'member@northwind.example'")
      .get() as { hash: string };
    db.transaction(() => {
      db.prepare(
        "INSERT INTO Account (id, name, plan, arrCents, currency, tier, timeZone, createdAt, updatedAt) VALUES (?, ?, 'Growth', 1500000, 'USD', ?, ?, ?, ?)",
      ).run(accountId, `Journey ${suffix}`, tier, timeZone, now, now);
      db.prepare("INSERT INTO AccountDomain (domain, accountId, createdAt) VALUES (?, ?, ?)").run(domain, accountId, now);
      db.prepare(
        "INSERT INTO User (id, email, name, role, accountId, timeZone, locale, emailVerifiedAt, createdAt, updatedAt) VALUES (?, ?, ?, 'MEMBER', ?, ?, 'en-US', ?, ?, ?)",
      ).run(userId, email, name, accountId, timeZone, now, now, now);
      db.prepare("INSERT INTO Password (userId, hash, updatedAt) VALUES (?, ?, ?)").run(userId, hash, now);
    })();
    return { accountId, userId, email, name };
  } finally {
    db.close();
  }
}
