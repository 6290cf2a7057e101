// The PostgreSQL half of `npm run db:check` and `npm run db:new-migration`: prints the SQL that would
// bring prisma-pg/migrations up to prisma-pg/schema.prisma and exits 2 when there is any, 0 when they
// agree. `--write <folder name>` writes it to prisma-pg/migrations/<folder name>/migration.sql instead.
// Replaying migrations needs a PostgreSQL server: PG_TEST_URL, or a throwaway cluster from the
// PostgreSQL installed here. Without either it says so and exits 0, unless REQUIRE_POSTGRES=1 (CI).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { postgresAvailable, testServer } from "./pg-cluster.ts";

const root = path.resolve(import.meta.dirname, "..");
const writeTo = process.argv.includes("--write") ? process.argv[process.argv.indexOf("--write") + 1] : undefined;

if (!postgresAvailable()) {
  console.error("PostgreSQL is not installed here: the PostgreSQL migrations were not checked (set PG_TEST_URL or install postgresql).");
  process.exit(process.env.REQUIRE_POSTGRES === "1" || writeTo ? 1 : 0);
}
const server = await testServer(`diff-${process.pid}`);

let sql: string;
try {
  sql = execFileSync(
    path.join(root, "node_modules/.bin/prisma"),
    [
      "migrate",
      "diff",
      "--config",
      "prisma-pg.config.ts",
      "--from-migrations",
      "prisma-pg/migrations",
      "--to-schema-datamodel",
      "prisma-pg/schema.prisma",
      "--script",
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: server.url, CHECKPOINT_DISABLE: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  ).toString();
} catch (error) {
  process.stderr.write((error as { stderr?: Buffer }).stderr?.toString() ?? String(error));
  server.stop();
  process.exit(1);
}
server.stop();

const changed = sql.split("\n").some((line) => line.trim() !== "" && !line.startsWith("--"));
if (!changed) process.exit(0);
if (writeTo) {
  const folder = path.join(root, "prisma-pg/migrations", writeTo);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "migration.sql"), sql);
  console.log(`wrote ${path.relative(root, folder)}/migration.sql`);
  process.exit(0);
}
process.stdout.write(sql);
process.exit(2);
