import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";

// One database file per test file, copied from the migrated base: tests never see each other's rows.
const base = inject("baseDatabase");
const file = path.resolve(`tmp/test/db-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
fs.copyFileSync(base, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.NODE_ENV = "test";
process.env.WORKER_ENABLED = "false";
process.env.APP_URL = "http://localhost:3000";
process.env.LOG_LEVEL = "silent";
delete process.env.RESEND_API_KEY;

afterAll(async () => {
  const { prisma } = await import("~/utils/db.server.ts");
  await prisma.$disconnect();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});
