// What the HTTP benchmarks share: a free loopback port, a freshly migrated SQLite file under
// tmp/bench, and the built server started on it (it says "ready" over IPC) and stopped with SIGTERM.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "../scripts/server-flags.ts";

export const root = path.resolve(import.meta.dirname, "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** These benches start the built server and build nothing themselves. */
export function requireServerBuild() {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
    throw new Error("No server build found: run `npm run build` first (this bench builds nothing).");
  }
}

/** Points DATABASE_URL at a new SQLite file under tmp/bench and migrates it; returns the file. */
export function migrateFreshDatabase(name: string): string {
  const dir = path.join(root, "tmp/bench");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${Date.now()}.db`);
  process.env.DATABASE_URL = `file:${file}`;
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  return file;
}

/** Starts the built server.js with `env` (and extra node flags) and waits for its "ready" message. */
export function startServer(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, path.join(root, "server.js")], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start within 60 s")), 60_000);
    child.once("message", (message) => {
      if (message !== "ready") return;
      clearTimeout(timer);
      resolve(child);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited early (code ${code})`));
    });
  });
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
