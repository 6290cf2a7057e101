import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";

// One database file per test file, copied from the migrated base: tests never see each other's rows.
const base = inject("baseDatabase");
const file = path.resolve(`tmp/test/db-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
fs.copyFileSync(base, file);
const storage = `${file}.storage`;
process.env.DATABASE_URL = `file:${file}`;
// Uploaded files too: each test file its own folder, removed with its database.
process.env.STORAGE_DIR = storage;
process.env.NODE_ENV = "test";
process.env.WORKER_ENABLED = "false";
process.env.APP_URL = "http://localhost:3000";
process.env.LOG_LEVEL = "silent";
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
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(storage, { recursive: true, force: true });
});
