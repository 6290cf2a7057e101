// Online backup and offline restore of Lyceum's SQLite file (docs/decisions/0034). The CLIs are
// db-backup.ts and db-restore.ts; everything here takes paths, so the tests drive it directly.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** Thrown when a restore must not go ahead; the message says why and what to do. */
export class RestoreRefused extends Error {}

export function databaseFileFromUrl(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** 2026-11-23T23-56-16Z: sorts by time and is a valid file name everywhere. */
export function fileStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(":", "-");
}

/** SQLite's own check; [] when the file is sound, else what it found (or why it could not open it). */
export function integrityProblems(file: string): string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5_000 });
    const rows = db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[];
    const problems = rows.map((row) => row.integrity_check).filter((line) => line !== "ok");
    return problems.slice(0, 20);
  } catch (error) {
    return [(error as Error).message];
  } finally {
    db?.close();
  }
}

/** Names of the migrations applied to a database file (finished and not rolled back). */
export function appliedMigrations(file: string): string[] {
  const db = new Database(file, { fileMustExist: true, timeout: 5_000 });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return [];
    const rows = db
      .prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as { name: string }[];
    return rows.map((row) => row.name).sort();
  } finally {
    db.close();
  }
}

/** The migrations this checkout of Lyceum knows (one folder each under prisma/migrations). */
export function knownMigrations(migrationsDir: string): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Whether another process has the database open. Every SQLite connection in WAL mode holds a shared
 * lock on the file for as long as it is open (idle or not), so an exclusive lock that cannot be taken
 * at once means a server, worker or script is using it.
 */
export function isDatabaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("ROLLBACK");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    db.close();
  }
}

export type BackupResult = { file: string; bytes: number; ms: number };

/**
 * Copies a live database with SQLite's online backup API. The copy is made in one step, inside one
 * read transaction: in WAL mode that neither blocks the server's writes nor restarts when they land,
 * and the copy is the database as of one instant. The copy is then made a single self-contained file
 * (rollback journal, no -wal beside it) and checked with PRAGMA integrity_check.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  const started = performance.now();
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  if (fs.existsSync(destination)) throw new Error(`${destination} already exists; choose another file name`);
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true, timeout: 5_000 });
  try {
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  const problems = integrityProblems(partial);
  if (problems.length > 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`The copy failed its integrity check: ${problems.join("; ")}`);
  }
  fs.renameSync(partial, destination);
  return { file: destination, bytes: fs.statSync(destination).size, ms: Math.round(performance.now() - started) };
}

export type RestoreResult = {
  restored: string;
  /** Where the database that was in place went (with its -wal and -shm, if any); null when there was none. */
  keptAside: string | null;
  /** Migrations this code has that the backup lacks; `npm run db:migrate` (or npm start) applies them. */
  pendingMigrations: string[];
};

function fsyncPath(target: string) {
  const fd = fs.openSync(target, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Puts a backup in place of the database file. Refuses (RestoreRefused) while the database is open
 * elsewhere, when the backup is not a sound SQLite file, and when it carries migrations this code does
 * not know. The current file and its -wal/-shm are renamed aside together (a -wal left beside the
 * restored file would be replayed into it), and the checked copy is renamed into place.
 */
export function restoreDatabase(options: { backup: string; target: string; migrationsDir: string; now?: Date }): RestoreResult {
  const { backup, target, migrationsDir } = options;
  const stamp = fileStamp(options.now ?? new Date());
  if (!fs.existsSync(backup)) throw new RestoreRefused(`No backup at ${backup}`);
  if (isDatabaseInUse(target)) {
    throw new RestoreRefused(
      `${target} is in use by another process (is Lyceum running?). Stop the server and its workers, then run the restore again.`,
    );
  }

  // Checks run on a copy beside the target, so the rename into place stays on one file system.
  const staged = `${target}.restoring-${stamp}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(backup, staged);
  try {
    const problems = integrityProblems(staged);
    if (problems.length > 0) throw new RestoreRefused(`${backup} is not a sound SQLite database: ${problems.join("; ")}`);
    const applied = appliedMigrations(staged);
    if (applied.length === 0) throw new RestoreRefused(`${backup} has no Lyceum migrations applied; it is not a Lyceum backup.`);
    const known = knownMigrations(migrationsDir);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new RestoreRefused(
        `${backup} was made by a newer Lyceum (migrations this code does not know: ${unknown.join(", ")}). Upgrade Lyceum, then restore.`,
      );
    }
    const pendingMigrations = known.filter((name) => !applied.includes(name));
    fsyncPath(staged);

    let keptAside: string | null = null;
    if (fs.existsSync(target)) {
      const { dir, name, ext } = path.parse(target);
      keptAside = path.join(dir, `${name}.before-restore-${stamp}${ext}`);
      fs.renameSync(target, keptAside);
    }
    for (const suffix of ["-wal", "-shm", "-journal"]) {
      if (!fs.existsSync(target + suffix)) continue;
      if (keptAside) fs.renameSync(target + suffix, keptAside + suffix);
      else fs.rmSync(target + suffix);
    }
    fs.renameSync(staged, target);
    fsyncPath(path.dirname(target));
    return { restored: target, keptAside, pendingMigrations };
  } finally {
    fs.rmSync(staged, { force: true });
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(staged + suffix, { force: true });
  }
}
