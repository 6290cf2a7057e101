import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// CLI-only workaround (the app builds its own adapter in app/utils/db.server.ts).
// Prisma's JS schema engine replays migrations into a shadow database through
// adapter.executeRaw(), which for better-sqlite3 runs ONE statement only, so
// `migrate diff --from-migrations` fails with P3006 as soon as a migration.sql holds
// several statements. Route argument-less executeRaw on the shadow connection to
// executeScript(), which runs the whole script.
type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
function multiStatement(adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}
function forCli(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => multiStatement(await connectToShadowDb());
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL || "file:./data/lyceum.db";
    // SQLite creates the file but not its folder; a fresh clone has no data/ yet.
    fs.mkdirSync(path.dirname(path.resolve(url.replace(/^file:/, ""))), { recursive: true });
    return forCli(new PrismaBetterSQLite3({ url }));
  },
});
