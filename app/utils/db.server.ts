import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-pg/client.ts";
import * as postgresCompiler from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";
import * as sqliteCompiler from "@prisma/client/runtime/query_compiler_bg.sqlite.mjs";
import { getEnv } from "./env.server.ts";
import { cacheQueryPlans } from "./query-plans.server.ts";

export { Prisma };
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

/**
 * Which database DATABASE_URL names: a SQLite file (the embedded default) or PostgreSQL (several app
 * nodes). Both clients are generated from one schema (scripts/pg-schema.ts), so the app is typed
 * against the SQLite client and the PostgreSQL one stands in for it at run time. Raw SQL that differs
 * between the two goes through ./sql.server.ts. See docs/decisions/0035-postgresql-mode.md.
 */
export type Dialect = "sqlite" | "postgresql";
export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}
export const dialect: Dialect = dialectOf(getEnv().DATABASE_URL);
export const isPostgres = dialect === "postgresql";

/** A FIFO async lock: `acquire` resolves with the function that lets the next holder in. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = tail.then(() => release);
    tail = tail.then(() => held);
    return ready;
  };
}

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/**
 * The adapter keeps ONE connection and only makes transactions wait for each other: a query from
 * another request issued while an interactive transaction is open would run inside it, see its
 * uncommitted rows, and vanish if it rolls back. This makes every statement outside a transaction
 * wait until the open transaction (if any) has committed or rolled back.
 * Inside `$transaction(async (tx) => …)`, always use `tx`: the global client would wait for the
 * transaction it is called from, until the transaction times out.
 */
function serialise(adapter: Adapter): Adapter {
  const acquire = createLock();
  const locked =
    <Args extends unknown[], R>(run: (...args: Args) => Promise<R>) =>
    async (...args: Args): Promise<R> => {
      const release = await acquire();
      try {
        return await run(...args);
      } finally {
        release();
      }
    };
  adapter.queryRaw = locked(adapter.queryRaw.bind(adapter));
  adapter.executeRaw = locked(adapter.executeRaw.bind(adapter));
  adapter.executeScript = locked(adapter.executeScript.bind(adapter));
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => {
    const release = await acquire();
    try {
      const tx = await startTransaction(...args);
      let open = true;
      const finish =
        <R>(end: () => Promise<R>) =>
        async () => {
          try {
            return await end();
          } finally {
            if (open) release();
            open = false;
          }
        };
      tx.commit = finish(tx.commit.bind(tx));
      tx.rollback = finish(tx.rollback.bind(tx));
      return tx;
    } catch (error) {
      release();
      throw error;
    }
  };
  return adapter;
}

type Database = { prepare(sql: string): Statement };
type Statement = {
  reader: boolean;
  bind(args: unknown[]): Statement;
  run(args?: unknown[]): unknown;
  columns(): unknown[];
  raw(on?: boolean): Statement;
  all(args?: unknown[]): unknown[];
};

/**
 * better-sqlite3 parses a statement's SQL each time it is prepared, and the adapter prepares every
 * query afresh and binds its values to it for good (`prepare(sql).bind(args)`), so no statement can be
 * used twice. Prisma's plans repeat the same SQL with new values, so the connection keeps its prepared
 * statements (the 500 most recent) and the adapter gets, per query, a handle that passes its values at
 * run time instead. Only the calls the adapter makes are offered; the adapter's code is single-threaded
 * and reads every row before it returns, so a statement is never in use twice at once.
 */
function reusePreparedStatements(database: Database, keep = 500) {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, Statement>();
  // A statement's result columns are fixed when it is prepared; better-sqlite3 builds the list anew on each call.
  const columns = new WeakMap<Statement, unknown[]>();
  database.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement) statements.delete(sql);
    else {
      statement = prepare(sql);
      if (statements.size >= keep) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
    const prepared = statement;
    let values: unknown[] = [];
    const handle: Statement = {
      reader: prepared.reader,
      bind: (args) => ((values = args), handle),
      run: () => prepared.run(values),
      columns: () => {
        let list = columns.get(prepared);
        if (!list) columns.set(prepared, (list = prepared.columns()));
        return list;
      },
      raw: (on = true) => (prepared.raw(on), handle),
      all: () => prepared.all(values),
    };
    return handle;
  };
}

export function createSqliteClient(url: string) {
  // better-sqlite3's `timeout` is SQLite's busy timeout: a writer waits this long for the lock
  // held by another process instead of failing at once with SQLITE_BUSY.
  const factory = new PrismaBetterSQLite3({ url, timeout: getEnv().DATABASE_BUSY_TIMEOUT_MS });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    reusePreparedStatements((adapter as unknown as { client: Database }).client);
    return serialise(adapter);
  };
  cacheQueryPlans(sqliteCompiler.QueryCompiler, getEnv().QUERY_PLAN_CACHE);
  return new PrismaClient({ adapter: factory });
}

/**
 * A pool of connections (DATABASE_POOL_SIZE per process). Every transaction runs SERIALIZABLE: the app's
 * read-then-write transactions (a balance checked before a debit, a seat count before a registration)
 * rely on the guarantee SQLite's single writer gives, and on PostgreSQL only SERIALIZABLE gives it. A
 * transaction that loses a conflict fails with P2034 and `writeTransaction` runs it again.
 */
export function createPostgresClient(url: string, poolSize = getEnv().DATABASE_POOL_SIZE): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => forPrisma(await connect());
  cacheQueryPlans(postgresCompiler.QueryCompiler, getEnv().QUERY_PLAN_CACHE);
  const client = new PostgresPrismaClient({ adapter, transactionOptions: { isolationLevel: "Serializable" } });
  return client as unknown as PrismaClient;
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type PgQueryable = Pick<PgAdapter, "queryRaw" | "executeRaw">;

/**
 * Two fixes to what adapter-pg 6.19.3 hands Prisma.
 * - PostgreSQL text cannot hold the byte 0 (SQLite's can), and no person types it: it only arrives in
 *   hostile or broken input. Every string bound to a statement loses it, so such input is read and
 *   stored like the rest of what was typed instead of failing the whole request.
 * - Prisma sends COMMIT itself and only then lets the transaction go. When PostgreSQL refuses the
 *   COMMIT (a SERIALIZABLE conflict found at the end), the connection was never handed back to the
 *   pool: a few such conflicts and every request waits for a connection forever. A refused COMMIT
 *   (which ends the transaction) now releases it, once.
 */
function forPrisma<T extends PgQueryable>(queryable: T): T {
  const clean = (args: unknown[]): unknown[] =>
    args.map((arg) => (typeof arg === "string" ? arg.replaceAll("\0", "") : Array.isArray(arg) ? clean(arg) : arg));
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) => queryRaw({ ...query, args: clean(query.args) });
  queryable.executeRaw = (query) => executeRaw({ ...query, args: clean(query.args) });
  const adapter = queryable as unknown as Partial<Pick<PgAdapter, "startTransaction">>;
  if (adapter.startTransaction) {
    const startTransaction = adapter.startTransaction.bind(queryable);
    adapter.startTransaction = async (...args) => {
      const tx = forPrisma(await startTransaction(...args));
      let released = false;
      const once = (end: () => Promise<void>) => async (): Promise<void> => {
        if (released) return;
        released = true;
        await end();
      };
      tx.commit = once(tx.commit.bind(tx));
      tx.rollback = once(tx.rollback.bind(tx));
      const execute = tx.executeRaw.bind(tx);
      tx.executeRaw = async (query) => {
        try {
          return await execute(query);
        } catch (error) {
          if (query.sql === "COMMIT") await tx.rollback();
          throw error;
        }
      };
      return tx;
    };
  }
  return queryable;
}

/** A client of its own for DATABASE_URL's database (the app shares `prisma`; tests and scripts make more). */
export function createClient(url: string): PrismaClient {
  return dialectOf(url) === "postgresql" ? createPostgresClient(url) : createSqliteClient(url);
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
    // PostgreSQL's settings are the server's; each pooled connection needs nothing of its own.
    if (isPostgres) return;
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    await client.$queryRawUnsafe(`PRAGMA busy_timeout = ${getEnv().DATABASE_BUSY_TIMEOUT_MS}`);
    await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  })();
  if (client === prisma) globalForDb.lyceumDbReady = ready;
  return ready;
}

export async function databaseStatus(client: PrismaClient = prisma) {
  const started = performance.now();
  if (isPostgres) return postgresStatus(client, started);
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

async function postgresStatus(client: PrismaClient, started: number) {
  try {
    const [server] = await client.$queryRawUnsafe<{ server_version: string }[]>("SHOW server_version");
    const [migrations] = await client.$queryRawUnsafe<{ count: bigint | number }[]>(
      'SELECT COUNT(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    return {
      ok: true as const,
      engine: "postgresql",
      serverVersion: server?.server_version ?? "unknown",
      migrationsApplied: Number(migrations?.count ?? 0),
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    };
  } catch (error) {
    return { ok: false as const, engine: "postgresql", error: error instanceof Error ? error.message : String(error) };
  }
}

/** True when a Prisma error is a unique-constraint violation (P2002): callers answer 409. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * SQLite refused for a moment because another connection holds the write lock (SQLITE_BUSY), or wrote
 * since this transaction first read (SQLITE_BUSY_SNAPSHOT, in WAL mode). The adapter reports the
 * first through Prisma's error meta and the second as a bare driver error with the code on it.
 */
export function isBusy(error: unknown): boolean {
  // P1008: SQLite's busy timeout. P2034: PostgreSQL ended a SERIALIZABLE transaction that lost a
  // conflict (40001) or a deadlock (40P01); run again, it sees the winner's rows.
  if (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P1008" || error.code === "P2034")) return true;
  type Cause = { originalCode?: unknown; kind?: unknown };
  const meta = (error as { meta?: { driverAdapterError?: { cause?: Cause } } } | null)?.meta;
  // A refused COMMIT reaches the caller as the adapter's own error, with the cause on it directly.
  const cause = meta?.driverAdapterError?.cause ?? (error as { cause?: Cause } | null)?.cause;
  const codes = [(error as { code?: unknown } | null)?.code, cause?.originalCode];
  if (codes.some((code) => typeof code === "string" && code.startsWith("SQLITE_BUSY"))) return true;
  if (codes.some((code) => code === "40001" || code === "40P01" || code === "55P03")) return true;
  if (cause?.kind === "TransactionWriteConflict") return true;
  return error instanceof Error && /database is locked/.test(error.message);
}

/** SQLite could not grow the file: the disk (or the page limit) is full (SQLITE_FULL). */
export function isDiskFull(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta;
  const codes = [(error as { code?: unknown } | null)?.code, meta?.driverAdapterError?.cause?.originalCode];
  if (codes.some((code) => code === "SQLITE_FULL")) return true;
  return error instanceof Error && /database or disk is full/.test(error.message);
}

/**
 * What the database's own trouble means for the person waiting: `busy` (another process held the
 * write lock past the busy timeout: 503, try again) or `full` (507); null for anything else. A failed
 * statement rolled its whole transaction back, so either way nothing was half-written.
 */
export function databaseFailure(error: unknown): "busy" | "full" | null {
  if (isDiskFull(error)) return "full";
  if (isBusy(error)) return "busy";
  return null;
}

/**
 * One write transaction, retried when SQLite reports the file busy. Only a second process (or a
 * second client, as in the race tests) ever sees it: the app's own client queues its transactions.
 * On PostgreSQL it is retried when it lost a SERIALIZABLE conflict, which many requests writing one
 * row (a popular session's seat count) do often: the wait grows with each attempt so that they spread
 * out, and the deadline is longer. A retry is safe because the failed transaction was rolled back whole.
 * `maxWait` is generous because, under a burst, a transaction queues for a connection before it begins.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: { claim?: boolean } = {}): Promise<T> {
  // A claim (rows picked with skipLocked()) runs READ COMMITTED on PostgreSQL: its row locks keep two
  // workers apart, and SERIALIZABLE would fail one of them for having looked at the other's rows.
  // (The SQLite client the app is typed against knows only Serializable; the PostgreSQL one takes this.)
  const isolationLevel = isPostgres && options.claim ? ("ReadCommitted" as Prisma.TransactionIsolationLevel) : undefined;
  // A lock held far longer than the busy timeout (a backup, a stuck process) ends in an error the
  // request turns into 503, instead of a request that never answers.
  const giveUpAt = Date.now() + (isPostgres ? 12 : 3) * getEnv().DATABASE_BUSY_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { maxWait: 60_000, timeout: 15_000, ...(isolationLevel ? { isolationLevel } : {}) });
    } catch (error) {
      if (!isBusy(error) || attempt >= 200 || Date.now() > giveUpAt) throw error;
      await sleep(1 + Math.random() * (isPostgres ? Math.min(250, 10 * attempt) : Math.min(50, 2 * attempt)));
    }
  }
}

/** A DateTime as Prisma's SQLite adapter stores it, for raw SQL that compares with or writes Prisma's own columns. */
export function sqlDate(at: Date): string {
  return at.toISOString().replace("Z", "+00:00");
}

/** A collision-free id for rows written by raw SQL, in the same alphabet as Prisma's cuid(): time first, then randomness. */
export function newId(): string {
  return `c${Date.now().toString(36)}${randomBytes(10).toString("hex")}`;
}
