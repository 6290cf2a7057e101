import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createMigratedDatabase } from "../../scripts/pg-cluster.ts";

import type { TestProject } from "vitest/node";

/**
 * Migrates one base database per run; each test file copies it (see setup-test-env.ts). The base is
 * named after this run so that two runs side by side never delete each other's.
 *
 * SQLite (the default): a file under tmp/test. PostgreSQL (LYCEUM_TEST_DATABASE=postgresql, with
 * PG_TEST_URL naming a server where the user may create databases; `npm run test:pg` sets both): a
 * database each test file clones with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const prismaBin = path.resolve("node_modules/.bin/prisma");
  if (process.env.LYCEUM_TEST_DATABASE === "postgresql") {
    const server = process.env.PG_TEST_URL;
    if (!server) throw new Error("LYCEUM_TEST_DATABASE=postgresql needs PG_TEST_URL (npm run test:pg sets it)");
    const base = await createMigratedDatabase(server, `lyceum_test_base_${process.pid}`);
    project.provide("baseDatabase", base.url);
    return base.drop;
  }
  const base = path.resolve(`tmp/test/base-${process.pid}.db`);
  fs.mkdirSync(path.dirname(base), { recursive: true });
  execFileSync(prismaBin, ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${base}`, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  project.provide("baseDatabase", `file:${base}`);
  return () => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(base + suffix, { force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated base: `file:/abs/path.db`, or `postgresql://…/lyceum_test_base_<pid>`. */
    baseDatabase: string;
  }
}
