import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateApiKey } from "~/modules/engagement/api-keys.ts";
import { backupDatabase, restoreDatabase, RestoreRefused } from "../../scripts/sqlite-ops.ts";
import { DEMO_PASSWORD } from "../../prisma/seed-data.ts";
import { freePort } from "../../bench/server.ts";

// A server of its own on a copy of the journeys' database, stopped with SIGTERM: its request logs,
// an online backup taken while it runs, and how it shuts down with work in flight.

type Server = { child: ChildProcess; port: number; file: string; output: () => string; exited: Promise<number | null> };
const servers: Server[] = [];

async function startServer(name: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  const file = path.resolve(`tmp/e2e/${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  const source = new Database(inject("databaseFile"), { readonly: true });
  await source.backup(file);
  source.close();
  // A port the system reports free, not a random one: those can land on a port in use (a client socket
  // of the same machine takes them from 32768 up), and the server then fails with EADDRINUSE.
  const port = await freePort();
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
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const server = { child, port, file, output: () => output, exited };
  servers.push(server);
  await waitFor(
    () => output.includes("Lyceum is listening"),
    20_000,
    () => output,
  );
  return server;
}

async function waitFor(check: () => boolean, timeoutMs = 5_000, explain = () => "") {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting\n${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function logLines(server: Server): Record<string, unknown>[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function requestLine(server: Server, requestId: string) {
  await waitFor(() => logLines(server).some((line) => line.msg === "request" && line.requestId === requestId));
  return logLines(server).find((line) => line.msg === "request" && line.requestId === requestId)!;
}

/** Waits for the exit code, killing the server if it has not exited within `ms`. */
async function exitCode(server: Server, ms = 15_000) {
  const code = await Promise.race([server.exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms))]);
  if (code === "timeout") server.child.kill("SIGKILL");
  return code;
}

/**
 * A POST whose headers and first half of the body are sent now, and the rest when `finish()` is
 * called: the server is handling it (it is in flight) until then.
 */
function slowPost(port: number, pathname: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  const request = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: pathname,
    headers: { ...headers, "Content-Length": String(bytes.length) },
  });
  const response = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    request.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    request.once("error", reject);
  });
  request.write(bytes.subarray(0, bytes.length / 2));
  return { response, finish: () => request.end(bytes.subarray(bytes.length / 2)) };
}

/** A GET over a keep-alive connection; resolves once answered, with the socket left open and idle. */
function keepAliveGet(port: number, pathname: string) {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<{ status: number; socket: Socket; closed: Promise<void> }>((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: pathname, agent }, (res) => {
      res.resume();
      res.on("end", () => {
        const socket = request.socket!;
        const closed = new Promise<void>((done) => (socket.destroyed ? done() : socket.once("close", () => done())));
        resolve({ status: res.statusCode ?? 0, socket, closed });
      });
    });
    request.once("error", reject);
  });
}

function apiKeyFor(file: string) {
  const { secret, prefix, keyHash } = generateApiKey();
  const db = new Database(file, { timeout: 5_000 });
  db.prepare("INSERT INTO ApiKey (id, name, prefix, keyHash, createdAt) VALUES (?, 'Shutdown journey', ?, ?, ?)").run(
    `shutdown-${prefix}`,
    prefix,
    keyHash,
    new Date().toISOString().replace("Z", "+00:00"),
  );
  db.close();
  return secret;
}

const eventsBody = JSON.stringify({
  events: [{ eventId: "shutdown-1", accountDomain: "nobody.example", feature: "dashboards", occurredAt: new Date().toISOString() }],
});

afterAll(async () => {
  for (const server of servers) {
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(server.file + suffix, { force: true });
  }
  fs.rmSync(path.resolve("tmp/e2e/shutdown-backup.db"), { force: true });
});

describe("a running server", () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer("shutdown");
  });

  it("logs one line per request with its id (also in X-Request-Id), method, path without tokens, status, ms and user", async () => {
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);
    const id = health.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await requestLine(server, id)).toMatchObject({
      level: "info",
      method: "GET",
      path: "/healthz",
      status: 200,
      ms: expect.any(Number),
    });
    expect(await requestLine(server, id)).not.toHaveProperty("userId");

    const manage = await fetch(`http://127.0.0.1:${server.port}/bookings/secret-manage-token-4711`, { redirect: "manual" });
    expect(await requestLine(server, manage.headers.get("x-request-id")!)).toMatchObject({ path: "/bookings/:token" });
    expect(server.output()).not.toContain("secret-manage-token-4711");

    // A client cannot choose its id (no trusted proxy here): a fresh one is made.
    const spoofed = await fetch(`http://127.0.0.1:${server.port}/healthz`, { headers: { "X-Request-Id": "chosen-by-client" } });
    expect(spoofed.headers.get("x-request-id")).not.toBe("chosen-by-client");

    const origin = `http://localhost:${server.port}`;
    const signIn = await fetch(`${origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "member@northwind.example", password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(302);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const portal = await fetch(`${origin}/portal`, { headers: { Cookie: cookie } });
    expect(portal.status).toBe(200);
    const db = new Database(server.file, { readonly: true });
    const member = db.prepare("SELECT id FROM User WHERE email = 'member@northwind.example'").get() as { id: string };
    db.close();
    expect(await requestLine(server, portal.headers.get("x-request-id")!)).toMatchObject({
      method: "GET",
      path: "/portal",
      status: 200,
      userId: member.id,
    });
  });

  it("is backed up online, and a restore onto its database is refused while it runs", async () => {
    const backup = await backupDatabase(server.file, path.resolve("tmp/e2e/shutdown-backup.db"));
    expect(backup.bytes).toBeGreaterThan(0);
    expect(() => restoreDatabase({ backup: backup.file, target: server.file, migrationsDir: path.resolve("prisma/migrations") })).toThrow(
      RestoreRefused,
    );
  });

  it("on SIGTERM refuses new connections, closes idle keep-alive sockets, finishes the request in flight, releases job leases and exits 0", async () => {
    const key = apiKeyFor(server.file);
    const idle = await keepAliveGet(server.port, "/healthz");
    expect(idle.status).toBe(200);
    const slow = slowPost(
      server.port,
      "/api/v1/events",
      { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      eventsBody,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    server.child.kill("SIGTERM");
    await waitFor(() => server.output().includes('"msg":"shutting down"'));
    await idle.closed;
    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
    expect(server.child.exitCode).toBeNull();

    slow.finish();
    const answered = await slow.response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    expect(await requestLine(server, answered.headers["x-request-id"] as string)).toMatchObject({
      method: "POST",
      path: "/api/v1/events",
      status: 200,
    });

    expect(await exitCode(server)).toBe(0);
    expect(server.output()).toContain('"msg":"requests drained"');
    expect(server.output()).toContain('"msg":"stopped"');
    const db = new Database(server.file, { readonly: true });
    const leased = db
      .prepare("SELECT COUNT(*) AS n FROM Job WHERE leasedUntil IS NOT NULL AND completedAt IS NULL AND failedAt IS NULL")
      .get() as { n: number };
    db.close();
    expect(leased.n).toBe(0);

    // Stopped, the database takes the backup back.
    const restored = restoreDatabase({
      backup: path.resolve("tmp/e2e/shutdown-backup.db"),
      target: server.file,
      migrationsDir: path.resolve("prisma/migrations"),
    });
    expect(restored.keptAside).not.toBeNull();
    fs.rmSync(restored.keptAside!, { force: true });
  });
});

describe("a shutdown that hangs", () => {
  it("exits 1 at SHUTDOWN_TIMEOUT_MS and says what was still running", async () => {
    const server = await startServer("shutdown-hang", { SHUTDOWN_TIMEOUT_MS: "1500" });
    const key = apiKeyFor(server.file);
    // Never finished: the request stays in flight.
    const stuck = slowPost(
      server.port,
      "/api/v1/events",
      { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      eventsBody,
    );
    stuck.response.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));

    server.child.kill("SIGTERM");
    expect(await exitCode(server)).toBe(1);
    const deadline = logLines(server).find((line) => line.msg === "shutdown deadline passed; exiting with work unfinished");
    expect(deadline).toMatchObject({ level: "error", inFlight: 1, timeoutMs: 1500 });
    expect(server.output()).not.toContain('"msg":"stopped"');
  });
});
