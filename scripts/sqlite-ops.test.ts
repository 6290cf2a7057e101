import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { appliedMigrations, backupDatabase, integrityProblems, isDatabaseInUse, restoreDatabase, RestoreRefused } from "./sqlite-ops.ts";

const migrationsDir = path.resolve("prisma/migrations");
let dir: string;
let live: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = path.resolve(`tmp/test/sqlite-ops-${process.pid}-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(dir, { recursive: true });
  live = path.join(dir, "lyceum.db");
  fs.copyFileSync(inject("baseDatabase").replace(/^file:/, ""), live);
  const db = new Database(live);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE probe_a (n INTEGER PRIMARY KEY, filler BLOB); CREATE TABLE probe_b (n INTEGER PRIMARY KEY);");
  db.exec("CREATE TABLE probe_total (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL); INSERT INTO probe_total VALUES (1, 0);");
  db.close();
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Another process writing to the database as fast as it can: every transaction adds one row to
 * probe_a (with 4 KB of filler, so the file grows) and one to probe_b, and bumps probe_total.
 * A consistent copy therefore has count(a) = count(b) = total.
 */
function startWriter(file: string): Promise<ChildProcess> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)}, { timeout: 5000 });
    db.pragma("journal_mode = WAL");
    const insertA = db.prepare("INSERT INTO probe_a (filler) VALUES (randomblob(4096))");
    const insertB = db.prepare("INSERT INTO probe_b DEFAULT VALUES");
    const bump = db.prepare("UPDATE probe_total SET n = n + 1");
    const write = db.transaction(() => { insertA.run(); insertB.run(); bump.run(); });
    let done = 0;
    (function loop() {
      for (let i = 0; i < 20; i++) write();
      done += 20;
      if (done === 200) process.stdout.write("writing\\n");
      setImmediate(loop);
    })();
    process.on("SIGTERM", () => { db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ["-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("writing") && resolve(child));
    child.once("exit", (code) => reject(new Error(`writer exited with ${code}`)));
  });
}

function probeCounts(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      a: count("SELECT COUNT(*) AS n FROM probe_a"),
      b: count("SELECT COUNT(*) AS n FROM probe_b"),
      total: count("SELECT n FROM probe_total"),
    };
  } finally {
    db.close();
  }
}

describe("backupDatabase", () => {
  it("copies the database as of one instant while another process keeps writing", async () => {
    await startWriter(live);
    const before = probeCounts(live).total;
    const copies = [];
    for (let round = 0; round < 3; round++) copies.push(await backupDatabase(live, path.join(dir, `copy-${round}.db`)));
    const after = probeCounts(live).total;

    expect(after).toBeGreaterThan(before);
    for (const copy of copies) {
      expect(copy.bytes).toBe(fs.statSync(copy.file).size);
      expect(integrityProblems(copy.file)).toEqual([]);
      const counts = probeCounts(copy.file);
      expect(counts.a).toBe(counts.total);
      expect(counts.b).toBe(counts.total);
      expect(counts.total).toBeGreaterThanOrEqual(before);
      expect(counts.total).toBeLessThanOrEqual(after);
      // One self-contained file: nothing to carry beside it.
      expect(fs.existsSync(`${copy.file}-wal`)).toBe(false);
      expect(appliedMigrations(copy.file)).toEqual(appliedMigrations(live));
    }
  });

  it("refuses to overwrite an existing file", async () => {
    const target = path.join(dir, "taken.db");
    fs.writeFileSync(target, "keep me");
    await expect(backupDatabase(live, target)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(target, "utf8")).toBe("keep me");
  });
});

function insertProbeRows(file: string, from: number, to: number) {
  const db = new Database(file);
  const insert = db.prepare("INSERT INTO probe_b (n) VALUES (?)");
  db.transaction(() => {
    for (let n = from; n <= to; n++) insert.run(n);
  })();
  db.close();
}

/** Runs `sql` in another process with checkpoints off, then kills it: the changes are left in the -wal. */
async function crashAfter(file: string, sql: string) {
  const script = `
    const db = new (require("better-sqlite3"))(${JSON.stringify(file)});
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0");
    db.exec(${JSON.stringify(sql)});
    process.stdout.write("done\\n");
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout!.on("data", () => resolve()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

function probeRows(file: string): number[] {
  const db = new Database(file, { readonly: true });
  const rows = (db.prepare("SELECT n FROM probe_b ORDER BY n").all() as { n: number }[]).map((row) => row.n);
  db.close();
  return rows;
}

describe("restoreDatabase", () => {
  const now = new Date("2026-11-24T08:30:00Z");

  it("brings back exactly the backed-up rows and keeps the replaced file, with its -wal, aside", async () => {
    insertProbeRows(live, 1, 10);
    const { file: backup } = await backupDatabase(live, path.join(dir, "backup.db"));
    // The later changes are made by a process that then crashes: they sit in the -wal, which must go
    // aside with the file it belongs to and never be replayed into the restored one.
    await crashAfter(live, "INSERT INTO probe_b (n) VALUES (11), (12), (13), (14), (15); DELETE FROM probe_b WHERE n <= 3;");
    expect(fs.statSync(`${live}-wal`).size).toBeGreaterThan(0);

    const result = restoreDatabase({ backup, target: live, migrationsDir, now });

    expect(result.restored).toBe(live);
    expect(result.keptAside).toBe(path.join(dir, "lyceum.before-restore-2026-11-24T08-30-00Z.db"));
    expect(result.pendingMigrations).toEqual([]);
    expect(probeRows(live)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(integrityProblems(live)).toEqual([]);
    expect(probeRows(result.keptAside!)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(fs.readdirSync(dir).filter((name) => name.includes("restoring"))).toEqual([]);
  });

  it("lists the migrations an older backup lacks", async () => {
    const { file: backup } = await backupDatabase(live, path.join(dir, "old.db"));
    const db = new Database(backup);
    const [latest] = appliedMigrations(backup).slice(-1);
    db.prepare("DELETE FROM _prisma_migrations WHERE migration_name = ?").run(latest);
    db.close();
    expect(restoreDatabase({ backup, target: live, migrationsDir, now }).pendingMigrations).toEqual([latest]);
  });

  function expectRefused(backup: string, pattern: RegExp) {
    const before = fs.readFileSync(live);
    let refusal: unknown;
    try {
      restoreDatabase({ backup, target: live, migrationsDir, now });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RestoreRefused);
    expect((refusal as Error).message).toMatch(pattern);
    // Nothing moved, nothing left behind.
    expect(fs.readFileSync(live).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((name) => name.includes("restor"))).toEqual([]);
  }

  it("refuses a file that is not a database", () => {
    const junk = path.join(dir, "junk.db");
    fs.writeFileSync(junk, "this is not SQLite ".repeat(500));
    expectRefused(junk, /not a sound SQLite database: file is not a database/);
  });

  it("refuses a database whose pages are damaged", async () => {
    insertProbeRows(live, 1, 2_000);
    const { file: backup } = await backupDatabase(live, path.join(dir, "damaged.db"));
    const pageSize = 4096;
    const fd = fs.openSync(backup, "r+");
    const pages = fs.fstatSync(fd).size / pageSize;
    // Scribble over the start of the last third of the pages (b-tree headers), leaving page 1 intact.
    for (let page = Math.floor((pages * 2) / 3); page < pages; page++) fs.writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, page * pageSize);
    fs.closeSync(fd);
    expectRefused(backup, /not a sound SQLite database/);
  });

  it("refuses a backup made by a newer Lyceum", async () => {
    const { file: backup } = await backupDatabase(live, path.join(dir, "newer.db"));
    const db = new Database(backup);
    db.prepare(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '29991231000000_from_the_future', 0, 0, 1)",
    ).run();
    db.close();
    expectRefused(backup, /newer Lyceum \(migrations this code does not know: 29991231000000_from_the_future\)/);
  });

  it("refuses while another process has the database open", async () => {
    const { file: backup } = await backupDatabase(live, path.join(dir, "backup.db"));
    expect(isDatabaseInUse(live)).toBe(false);
    const writer = await startWriter(live);
    expect(isDatabaseInUse(live)).toBe(true);
    let refusal: unknown;
    try {
      restoreDatabase({ backup, target: live, migrationsDir, now });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RestoreRefused);
    expect((refusal as Error).message).toMatch(/in use by another process \(is Lyceum running\?\)/);
    expect(fs.existsSync(live)).toBe(true);

    const exited = new Promise((resolve) => writer.once("exit", resolve));
    writer.kill("SIGTERM");
    await exited;
    expect(isDatabaseInUse(live)).toBe(false);
    expect(restoreDatabase({ backup, target: live, migrationsDir, now }).keptAside).not.toBeNull();
  });
});

describe("the npm scripts", () => {
  const run = promisify(execFile);
  const script = (name: string, args: string[]) =>
    run(path.resolve("node_modules/.bin/tsx"), [`scripts/${name}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: `file:${live}` },
    }).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
    );

  it("db:backup prints the file, size and time; db:restore prints what it did, or why it refused", async () => {
    insertProbeRows(live, 1, 3);
    const target = path.join(dir, "cli-backup.db");
    const backup = await script("db-backup", [target]);
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(`to ${target}`);
    expect(backup.out).toMatch(/\d+\.\d\d MB in \d+ ms; integrity check: ok/);

    insertProbeRows(live, 4, 5);
    const restore = await script("db-restore", [target]);
    expect(restore.code).toBe(0);
    expect(restore.out).toContain(`into ${live} (integrity check: ok)`);
    expect(restore.out).toMatch(/the previous database is kept as .*lyceum\.before-restore-.*Z\.db/);
    expect(probeRows(live)).toEqual([1, 2, 3]);

    const junk = path.join(dir, "junk.txt");
    fs.writeFileSync(junk, "not a database at all, not even close ".repeat(200));
    const refused = await script("db-restore", [junk]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("Restore refused:");
    expect(probeRows(live)).toEqual([1, 2, 3]);
  });
});
