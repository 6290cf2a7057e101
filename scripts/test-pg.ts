// `npm run test:pg`: the integration suite again, on PostgreSQL. Uses the server PG_TEST_URL names
// (its user must be allowed to create databases), or else starts a throwaway cluster on 127.0.0.1
// from the PostgreSQL installed on this machine (Debian: apt-get install postgresql), and stops it
// after. Without either it says so and, unless REQUIRE_POSTGRES=1 (CI), skips rather than fails.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { postgresAvailable, testServer } from "./pg-cluster.ts";

if (!postgresAvailable()) {
  const message = "PostgreSQL is not installed here: skipped the PostgreSQL run (install postgresql, or set PG_TEST_URL).";
  if (process.env.REQUIRE_POSTGRES === "1") {
    console.error(message.replace("skipped", "cannot run"));
    process.exit(1);
  }
  console.log(message);
  process.exit(0);
}
if (!process.env.PG_TEST_URL) process.stdout.write("Starting a throwaway PostgreSQL cluster on 127.0.0.1… ");
const server = await testServer(`test-${process.pid}`);
if (!process.env.PG_TEST_URL) console.log(server.url);

const args = ["run", "--outputFile.json=tmp/test-results/unit-pg.json", ...process.argv.slice(2)];
const result = spawnSync(path.resolve("node_modules/.bin/vitest"), args, {
  stdio: "inherit",
  env: { ...process.env, LYCEUM_TEST_DATABASE: "postgresql", PG_TEST_URL: server.url },
});
server.stop();
process.exit(result.status ?? 1);
