import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import type { TestProject } from "vitest/node";

/**
 * Migrates one base database per run; each test file copies it (see setup-test-env.ts). The file is
 * named after this run so that two runs side by side never delete each other's base.
 */
export default function setup(project: TestProject) {
  const base = path.resolve(`tmp/test/base-${process.pid}.db`);
  fs.mkdirSync(path.dirname(base), { recursive: true });
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${base}`, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  project.provide("baseDatabase", base);
  return () => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(base + suffix, { force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseDatabase: string;
  }
}
