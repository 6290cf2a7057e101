import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";

const dir = path.resolve("tmp/e2e");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become healthy:\n${log()}`);
}

/** Builds the app, migrates and seeds a fresh database, and starts the built server for the journeys. */
export default async function setup(project: TestProject) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: baseURL,
    DATABASE_URL: `file:${path.join(dir, "e2e.db")}`,
    WORKER_POLL_MS: "200",
    LOG_LEVEL: "warn",
    CHECKPOINT_DISABLE: "1",
    RESEND_API_KEY: "",
  };
  // vite.config.ts leaves the Remix plugin out under Vitest; the app build must not think it is one.
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "TEST") delete env[key as keyof typeof env];
  const bin = (name: string) => path.resolve("node_modules/.bin", name);
  if (!process.env.E2E_SKIP_BUILD) execFileSync(bin("remix"), ["vite:build"], { env, stdio: "pipe" });
  execFileSync(bin("prisma"), ["migrate", "deploy"], { env, stdio: "pipe" });
  execFileSync(bin("tsx"), ["prisma/seed.ts"], { env, stdio: "pipe" });

  let output = "";
  const child = spawn(process.execPath, ["server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  // Also kept on disk, to read when the server dies in the middle of a journey (connection refused).
  const logFile = fs.createWriteStream(path.join(dir, "server.log"));
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  await waitForHealth(baseURL, child, () => output);

  project.provide("baseURL", baseURL);
  project.provide("databaseFile", path.join(dir, "e2e.db"));

  return async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => {
      const force = setTimeout(() => child.kill("SIGKILL"), 8_000);
      child.once("exit", () => resolve(clearTimeout(force)));
    });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseFile: string;
  }
}
