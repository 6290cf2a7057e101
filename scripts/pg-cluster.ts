// PostgreSQL for the tests and scripts: the server to use (PG_TEST_URL's, or a throwaway cluster) and
// migrated databases on it.
//
// A throwaway cluster: initdb into a folder, listen on 127.0.0.1
// only (no Unix socket outside the folder), trust authentication for the one local user. As root it
// runs the server as Debian's `postgres` user, since PostgreSQL refuses to run as root.
// Its files live in the system's temporary folder (the `postgres` user must be able to reach them,
// which a clone under /root would not allow), named after `name`.
//   tsx scripts/pg-cluster.ts start <name> [port]   prints the postgresql:// URL
//   tsx scripts/pg-cluster.ts stop <name>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");

/** The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders, newest first. */
export function findPostgresBin(): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  const debian = "/usr/lib/postgresql";
  if (!fs.existsSync(debian)) return null;
  const versions = fs
    .readdirSync(debian)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(debian, version, "bin");
    if (fs.existsSync(path.join(bin, "initdb"))) return bin;
  }
  return null;
}

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

function run(bin: string, command: string, args: string[]) {
  const file = path.join(bin, command);
  if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", file, ...args], { stdio: "pipe" });
  else execFileSync(file, args, { stdio: "pipe" });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type Cluster = { url: string; stop: () => void };

/** Where a cluster called `name` keeps its files. */
export function clusterFolder(name: string): string {
  return path.join(os.tmpdir(), `lyceum-pg-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`);
}

export async function startCluster(name: string, port?: number): Promise<Cluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql)");
  const data = clusterFolder(name);
  fs.rmSync(data, { recursive: true, force: true });
  fs.mkdirSync(data, { recursive: true, mode: 0o700 });
  if (asRoot) execFileSync("chown", ["postgres:postgres", data]);
  const user = asRoot ? "postgres" : os.userInfo().username;
  run(bin, "initdb", ["-D", data, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const listenPort = port ?? (await freePort());
  const options = [
    `-c listen_addresses=127.0.0.1`,
    `-p ${listenPort}`,
    `-c unix_socket_directories=${data}`,
    // A test cluster: durability is not what is being tested, and fsync makes every test slower.
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
    "-c max_connections=400",
  ].join(" ");
  run(bin, "pg_ctl", ["-D", data, "-l", path.join(data, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  return {
    url: `postgresql://${user}@127.0.0.1:${listenPort}/postgres`,
    stop: () => stopCluster(name),
  };
}

export function stopCluster(name: string) {
  const bin = findPostgresBin();
  const data = clusterFolder(name);
  if (bin && fs.existsSync(path.join(data, "postmaster.pid"))) run(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  fs.rmSync(data, { recursive: true, force: true });
}

/** There is a PostgreSQL to test against: PG_TEST_URL names one, or one is installed to start. */
export function postgresAvailable(): boolean {
  return Boolean(process.env.PG_TEST_URL) || Boolean(findPostgresBin());
}

/**
 * The server to test against, whose user may create databases: PG_TEST_URL's (left running), or a
 * throwaway cluster called `name`, which `stop` removes.
 */
export async function testServer(name: string): Promise<Cluster> {
  const url = process.env.PG_TEST_URL;
  return url ? { url, stop: () => {} } : startCluster(name);
}

/** The same server's URL, naming another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A new database `name` on the server (one left by an earlier run is dropped first), migrated with
 * prisma-pg/migrations. `drop` removes it, whoever is still connected.
 */
export async function createMigratedDatabase(serverUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy", "--config", "prisma-pg.config.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  return {
    url,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [command, name, port] = process.argv.slice(2);
  if (command === "start" && name) console.log((await startCluster(name, port ? Number(port) : undefined)).url);
  else if (command === "stop" && name) stopCluster(name);
  else {
    console.error("usage: tsx scripts/pg-cluster.ts start <name> [port] | stop <name>");
    process.exit(2);
  }
}
