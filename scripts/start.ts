// `npm start`: everything a newcomer needs in one command. Checks the configuration, builds when
// the sources are newer than the build, migrates the database (SQLite, or PostgreSQL), seeds the demo when it is
// empty, then runs the server and prints the demo logins.
import { execFileSync, fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "./server-flags.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const dev = process.argv.includes("--dev");
process.env.CHECKPOINT_DISABLE = "1";

const { parseEnv } = await import("../app/utils/env.server.ts");
let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

function newestChange(paths: string[]): number {
  let newest = 0;
  const visit = (entry: string) => {
    if (!fs.existsSync(entry)) return;
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      if (path.basename(entry) === "generated") return;
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function run(label: string, command: string, args: string[]) {
  const started = Date.now();
  process.stdout.write(`• ${label}… `);
  try {
    execFileSync(command, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
  } catch (error) {
    const failure = error as { stdout?: Buffer; stderr?: Buffer };
    console.log("failed");
    process.stderr.write(failure.stdout?.toString() ?? "");
    process.stderr.write(failure.stderr?.toString() ?? "");
    process.exit(1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const bin = (name: string) => path.join("node_modules", ".bin", name);

if (!dev) {
  const built = fs.existsSync("build/server/index.js") ? fs.statSync("build/server/index.js").mtimeMs : 0;
  const sources = newestChange(["app", "emails", "public", "vite.config.ts", "package-lock.json"]);
  if (sources > built) run("Building the app", bin("remix"), ["vite:build"]);
}

if (/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
  // PostgreSQL mode: its own migrations (prisma-pg/), applied by whichever node starts first; the others find nothing to do.
  run("Migrating the PostgreSQL database", bin("prisma"), ["migrate", "deploy", "--config", "prisma-pg.config.ts"]);
} else {
  const dbFile = env.DATABASE_URL.replace(/^file:/, "");
  fs.mkdirSync(path.dirname(path.resolve(dbFile)), { recursive: true });
  run("Migrating the database", bin("prisma"), ["migrate", "deploy"]);
}

const { prisma, ensureDatabaseReady } = await import("../app/utils/db.server.ts");
await ensureDatabaseReady();
if (env.SEED_ON_START && (await prisma.user.count()) === 0) {
  process.stdout.write("• Seeding the demo company… ");
  const { seedDemo } = await import("../prisma/seed.ts");
  const started = Date.now();
  await seedDemo({ db: prisma });
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const { DEMO_LOGINS } = await import("../prisma/seed-data.ts");
const present = new Set(
  (await prisma.user.findMany({ where: { email: { in: DEMO_LOGINS.map((login) => login.email) } }, select: { email: true } })).map(
    (user) => user.email,
  ),
);
await prisma.$disconnect();

const server = fork("server.js", dev ? ["--dev"] : [], {
  execArgv: [...process.execArgv, ...SERVER_NODE_FLAGS],
  env: { ...process.env, NODE_ENV: dev ? "development" : "production" },
});
server.on("message", (message) => {
  if (message !== "ready") return;
  console.log(`\nLyceum is running at ${env.APP_URL}`);
  const roles = new Set<string>();
  const logins = DEMO_LOGINS.filter((login) => present.has(login.email) && !roles.has(login.role) && roles.add(login.role));
  if (logins.length) {
    console.log("\nDemo logins (password for all: " + logins[0]!.password + "):");
    for (const login of logins) console.log(`  ${login.role.padEnd(14)} ${login.email}`);
  }
  console.log("\nPress Ctrl+C to stop.\n");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
