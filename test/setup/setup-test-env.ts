import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { withDatabase } from "../../scripts/pg-cluster.ts";

// One database per test file, copied from the migrated base: tests never see each other's rows.
const base = inject("baseDatabase");
const id = `${process.pid}_${Math.random().toString(36).slice(2)}`;
const storage = path.resolve(`tmp/test/db-${id}.storage`);
let dropDatabase: () => Promise<void>;
if (base.startsWith("file:")) {
  const file = path.resolve(`tmp/test/db-${id}.db`);
  fs.copyFileSync(base.replace(/^file:/, ""), file);
  process.env.DATABASE_URL = `file:${file}`;
  dropDatabase = async () => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  };
} else {
  const template = new URL(base).pathname.slice(1);
  const name = `lyceum_test_${id}`;
  const admin = new pg.Client({ connectionString: withDatabase(base, "postgres") });
  await admin.connect();
  // Cloning a template fails while another file's clone of it is starting; wait and try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
  process.env.DATABASE_URL = withDatabase(base, name);
  dropDatabase = async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
}
// Uploaded files too: each test file its own folder, removed with its database.
process.env.STORAGE_DIR = storage;
process.env.NODE_ENV = "test";
process.env.WORKER_ENABLED = "false";
process.env.APP_URL = "http://localhost:3000";
process.env.LOG_LEVEL = "silent";
// Every query plan the cache serves is checked against a fresh compile (utils/query-plans.server.ts).
process.env.QUERY_PLAN_CACHE = "verify";
delete process.env.RESEND_API_KEY;
delete process.env.RESEND_WEBHOOK_SECRET;
for (const key of [
  "MUX_TOKEN_ID",
  "MUX_TOKEN_SECRET",
  "MUX_WEBHOOK_SECRET",
  "MUX_SIGNING_KEY_ID",
  "MUX_SIGNING_KEY_PRIVATE",
  "MUX_BASE_URL",
]) {
  delete process.env[key];
}

afterAll(async () => {
  const { prisma } = await import("~/utils/db.server.ts");
  await prisma.$disconnect();
  await dropDatabase();
  fs.rmSync(storage, { recursive: true, force: true });
});
