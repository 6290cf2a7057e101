import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-pg/client.ts";
import { createPostgresClient, dialectOf, type Db } from "~/utils/db.server.ts";

/**
 * A second connection to this test file's database, as another app process has: races between it
 * and `prisma` are real races between two connections. On SQLite it has no busy timeout, so a lock
 * conflict surfaces at once and the code under test must settle it; on PostgreSQL it is a pool.
 */
export function otherClient(): Db {
  const url = process.env.DATABASE_URL!;
  if (dialectOf(url) === "postgresql") return createPostgresClient(url);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 0 }) });
}

/**
 * A client of its own for this test file's database that records every statement it sends, in order,
 * for tests about how many statements a query costs.
 */
export function recordingClient(): { db: Db; statements: string[] } {
  const url = process.env.DATABASE_URL!;
  const statements: string[] = [];
  const record = (event: { query: string }) => void statements.push(event.query);
  if (dialectOf(url) === "postgresql") {
    const db = new PostgresPrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: 1 }),
      log: [{ emit: "event", level: "query" }],
    });
    db.$on("query", record);
    return { db: db as unknown as Db, statements };
  }
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }), log: [{ emit: "event", level: "query" }] });
  db.$on("query", record);
  return { db: db as unknown as Db, statements };
}
