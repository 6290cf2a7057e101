// The Prisma CLI's configuration for PostgreSQL mode: `prisma <command> --config prisma-pg.config.ts`
// with DATABASE_URL=postgresql://… (scripts/start.ts and the test setup pass it). The app builds its
// own adapter (app/utils/db.server.ts); what follows only makes the CLI's migrate commands work
// with @prisma/adapter-pg 6.19.3. See docs/decisions/0035-postgresql-mode.md.
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

type Queryable = {
  client?: { query: (sql: string) => Promise<unknown> };
  executeScript?: (script: string) => Promise<void>;
  performIO: (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
  startTransaction?: (...args: unknown[]) => Promise<unknown>;
};

// Migrate introspects pg_catalog, whose `name` (19) and `"char"` (18) columns, and arrays of them,
// the adapter cannot deserialise (prisma/prisma#27403): read them as text instead.
const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

function forMigrate<T>(connection: T): T {
  const adapter = connection as unknown as Queryable;
  const performIO = adapter.performIO.bind(adapter);
  adapter.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) field.dataTypeID = AS_TEXT[field.dataTypeID] ?? field.dataTypeID;
    return result;
  };
  // The adapter splits a migration script on ";", which breaks function bodies and strings: send the
  // script whole, as one simple-protocol query.
  const client = adapter.client;
  if (adapter.executeScript && client) adapter.executeScript = async (script) => void (await client.query(script));
  if (adapter.startTransaction) {
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => forMigrate(await startTransaction(...args));
  }
  return connection;
}

function connectionSettings(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)),
    // Let the CLI exit as soon as it is done instead of waiting out pg's idle timeout.
    allowExitOnIdle: true,
    idleTimeoutMillis: 200,
  };
}

function cliAdapter(url: string): PrismaPg {
  const settings = connectionSettings(url);
  const factory = new PrismaPg(settings);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => forMigrate(await connect());
  // `migrate diff --from-migrations` replays migrations into a scratch database. The adapter's own
  // version drops it before closing its pool, which fails; make it, and drop it after, ourselves.
  factory.connectToShadowDb = async () => {
    const admin = new pg.Client(settings);
    await admin.connect();
    const database = `lyceum_shadow_${randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const adapter = forMigrate(await new PrismaPg({ ...settings, database }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma-pg", "schema.prisma"),
  migrations: { path: path.join("prisma-pg", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL ?? "";
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("prisma-pg.config.ts needs DATABASE_URL=postgresql://…");
    return cliAdapter(url);
  },
});
