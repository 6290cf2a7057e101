import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client.ts";
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
