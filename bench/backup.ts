// `npm run bench:backup`: how long an online backup and a restore of a large database take, and
// whether the server's writes keep flowing while the backup runs (no build needed).
//
// Migrates a fresh SQLite file under tmp/bench, fills it with BENCH_BACKUP_MB of rows (not measured),
// starts another process committing small transactions in a loop (as a busy server would), then times
// three backups (scripts/sqlite-ops.ts, the code behind `npm run db:backup`), counts the commits that
// landed during each, stops the writer and times a restore.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { backupDatabase, integrityProblems, restoreDatabase } from "../scripts/sqlite-ops.ts";
import { migrateFreshDatabase, root } from "./server.ts";

const MEGABYTES = Number(process.env.BENCH_BACKUP_MB ?? 200);

const file = migrateFreshDatabase("backup");
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, payload BLOB); CREATE TABLE bench_commits (id INTEGER PRIMARY KEY, at TEXT)");
const insert = db.prepare("INSERT INTO bench_rows (payload) VALUES (randomblob(4096))");
db.transaction(() => {
  for (let i = 0; i < MEGABYTES * 256; i++) insert.run();
})();
db.close();
console.log(`bench:backup: ${(fs.statSync(file).size / 1024 / 1024).toFixed(0)} MB database (${file})`);

function startWriter(): Promise<ChildProcess> {
  const script = `
    const db = new (require("better-sqlite3"))(${JSON.stringify(file)}, { timeout: 5000 });
    const commit = db.prepare("INSERT INTO bench_commits (at) VALUES (datetime('now'))");
    let n = 0;
    (function loop() { commit.run(); if (++n === 100) process.stdout.write("writing\\n"); setImmediate(loop); })();
    process.on("SIGTERM", () => { db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ["-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => child.stdout!.on("data", () => resolve(child)));
}

function commits(): number {
  const reader = new Database(file, { readonly: true });
  const { n } = reader.prepare("SELECT COUNT(*) AS n FROM bench_commits").get() as { n: number };
  reader.close();
  return n;
}

const writer = await startWriter();
const baselineStart = commits();
await new Promise((resolve) => setTimeout(resolve, 1_000));
console.log(`  writer alone: ${commits() - baselineStart} commits/s`);
const dir = path.join(root, "tmp/bench");
const copies: string[] = [];
for (let round = 1; round <= 3; round++) {
  const before = commits();
  const result = await backupDatabase(file, path.join(dir, `backup-copy-${Date.now()}.db`));
  const during = commits() - before;
  copies.push(result.file);
  const mb = result.bytes / 1024 / 1024;
  console.log(
    `  backup ${round}: ${mb.toFixed(0)} MB in ${result.ms} ms (${((mb / result.ms) * 1000).toFixed(0)} MB/s, integrity check included); ` +
      `${during} commits by the writer meanwhile (${Math.round((during / result.ms) * 1000)}/s)`,
  );
}
const exited = new Promise((resolve) => writer.once("exit", resolve));
writer.kill("SIGTERM");
await exited;

const started = performance.now();
const restored = restoreDatabase({ backup: copies[0]!, target: file, migrationsDir: path.join(root, "prisma/migrations") });
console.log(`  restore: ${Math.round(performance.now() - started)} ms (integrity and migrations checked, old file kept aside)`);
console.log(`  restored file integrity: ${integrityProblems(file).length === 0 ? "ok" : "FAILED"}`);

for (const leftover of [...copies, file, restored.keptAside!]) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(leftover + suffix, { force: true });
}
