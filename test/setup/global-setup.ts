import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const BASE_DATABASE = path.resolve("tmp/test/base.db");

/** Migrates one base database; each test file copies it (see setup-test-env.ts). */
export default function setup() {
  fs.mkdirSync(path.dirname(BASE_DATABASE), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(BASE_DATABASE + suffix, { force: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${BASE_DATABASE}`, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
}
