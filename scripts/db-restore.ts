// `npm run db:restore -- <file>`: puts a backup in place of the SQLite database, with Lyceum stopped.
import fs from "node:fs";
import path from "node:path";
import { databaseFileFromUrl, restoreDatabase, RestoreRefused } from "./sqlite-ops.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const { parseEnv } = await import("../app/utils/env.server.ts");

const backup = process.argv[2];
if (!backup) {
  console.error("Usage: npm run db:restore -- <backup file>");
  process.exit(2);
}
try {
  const target = databaseFileFromUrl(parseEnv(process.env).DATABASE_URL);
  const result = restoreDatabase({ backup: path.resolve(backup), target, migrationsDir: path.resolve("prisma/migrations") });
  console.log(`Restored ${path.resolve(backup)}`);
  console.log(`  into ${result.restored} (integrity check: ok)`);
  console.log(result.keptAside ? `  the previous database is kept as ${result.keptAside}` : "  there was no database there before");
  if (result.pendingMigrations.length > 0) {
    console.log(`  ${result.pendingMigrations.length} newer migration(s) will be applied by npm start or npm run db:migrate`);
  }
} catch (error) {
  console.error(error instanceof RestoreRefused ? `Restore refused: ${error.message}` : `Restore failed: ${(error as Error).message}`);
  process.exit(1);
}
