// `npm run db:backup -- [file]`: an online copy of the SQLite database, safe while Lyceum runs.
import fs from "node:fs";
import path from "node:path";
import { backupDatabase, databaseFileFromUrl, fileStamp } from "./sqlite-ops.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const { parseEnv } = await import("../app/utils/env.server.ts");

try {
  const source = databaseFileFromUrl(parseEnv(process.env).DATABASE_URL);
  const destination = path.resolve(process.argv[2] ?? path.join("data/backups", `lyceum-${fileStamp(new Date())}.db`));
  const result = await backupDatabase(source, destination);
  console.log(`Backed up ${source}`);
  console.log(`  to ${result.file}`);
  console.log(`  ${(result.bytes / 1024 / 1024).toFixed(2)} MB in ${result.ms} ms; integrity check: ok`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
