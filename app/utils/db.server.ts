import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { getEnv } from "./env.server.ts";

export { Prisma };
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

function createClient(url: string) {
  // better-sqlite3's `timeout` is SQLite's busy timeout: a writer waits this long for the lock
  // instead of failing at once with SQLITE_BUSY.
  const adapter = new PrismaBetterSQLite3({ url, timeout: 5_000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { lyceumDb?: PrismaClient; lyceumDbReady?: Promise<void> };

export const prisma: PrismaClient = (globalForDb.lyceumDb ??= createClient(getEnv().DATABASE_URL));

/**
 * Per-connection settings. WAL persists in the file once set; foreign keys and the busy timeout are
 * per connection, and the adapter keeps a single connection, so running this once per process is
 * enough.
 */
export function ensureDatabaseReady(client: PrismaClient = prisma): Promise<void> {
  if (client === prisma && globalForDb.lyceumDbReady) return globalForDb.lyceumDbReady;
  const ready = (async () => {
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    await client.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
    await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  })();
  if (client === prisma) globalForDb.lyceumDbReady = ready;
  return ready;
}

export async function databaseStatus(client: PrismaClient = prisma) {
  const started = performance.now();
  try {
    const [journal] = await client.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [fk] = await client.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
    const [migrations] = await client.$queryRawUnsafe<{ count: bigint | number }[]>(
      "SELECT COUNT(*) AS count FROM _prisma_migrations WHERE finished_at IS NOT NULL",
    );
    return {
      ok: true as const,
      engine: "sqlite",
      journalMode: journal?.journal_mode ?? "unknown",
      foreignKeys: Number(fk?.foreign_keys ?? 0) === 1,
      migrationsApplied: Number(migrations?.count ?? 0),
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    };
  } catch (error) {
    return { ok: false as const, engine: "sqlite", error: error instanceof Error ? error.message : String(error) };
  }
}

/** True when a Prisma error is a unique-constraint violation (P2002): callers answer 409. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
