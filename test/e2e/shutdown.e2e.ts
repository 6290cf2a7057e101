import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";

// A second server on a copy of the journeys' database: SIGTERM must let it finish and exit 0,
// leaving no job leased to it.
describe("graceful shutdown", () => {
  it("stops on SIGTERM with exit code 0 and releases its job leases", async () => {
    const file = path.resolve("tmp/e2e/shutdown.db");
    const source = new Database(inject("databaseFile"), { readonly: true });
    await source.backup(file);
    source.close();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(process.execPath, ["server.js"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_URL: `http://localhost:${port}`,
        DATABASE_URL: `file:${file}`,
        LOG_LEVEL: "info",
        WORKER_POLL_MS: "100",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    for (let attempt = 0; attempt < 100 && !output.includes("Lyceum is listening"); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toContain("Lyceum is listening");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000))]);
    if (code === "timeout") child.kill("SIGKILL");
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');

    const db = new Database(file, { readonly: true });
    const leased = db
      .prepare("SELECT COUNT(*) AS n FROM Job WHERE leasedUntil IS NOT NULL AND completedAt IS NULL AND failedAt IS NULL")
      .get() as { n: number };
    db.close();
    expect(leased.n).toBe(0);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  });
});
