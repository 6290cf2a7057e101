// `npm run content:sync`: imports the starter library (content/library/*.md) and learning paths
// (content/paths/*.md) into the database.
// Unchanged files are skipped, changed ones update their item; see modules/library/content-sync.server.ts.
import fs from "node:fs";
import path from "node:path";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
process.env.CHECKPOINT_DISABLE = "1";

const { ensureDatabaseReady, prisma } = await import("../app/utils/db.server.ts");
const { syncContent } = await import("../app/modules/library/content-sync.server.ts");
const { syncPaths } = await import("../app/modules/library/paths-sync.server.ts");

const dir = path.resolve(process.argv[2] ?? "content");
try {
  await ensureDatabaseReady();
  const report = await syncContent(dir, { log: (message) => console.log(message) });
  console.log(`Library synced from ${dir}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
  if (report.failed.length) {
    console.error(`${report.failed.length} file(s) could not be imported:`);
    for (const failure of report.failed) console.error(`  ${failure.file}: ${failure.reason}`);
    process.exitCode = 1;
  }
  // Paths name library items, so they are synced after them.
  const paths = await syncPaths(path.join(dir, "paths"), { log: (message) => console.log(message) });
  if (paths.problems.length) process.exitCode = 1;
  for (const problem of paths.problems) console.error(`  ${problem.file}: ${problem.message}`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
