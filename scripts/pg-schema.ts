// Writes prisma-pg/schema.prisma from prisma/schema.prisma, so that the two never drift: the models,
// enums and indexes are the SQLite schema's own; only the datasource, the client's output folder and
// the PostgreSQL-only search table differ. `--check` fails (exit 1) when the committed file is stale,
// which `npm run db:check` runs in CI. See docs/decisions/0035-postgresql-mode.md.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const source = path.join(root, "prisma", "schema.prisma");
const target = path.join(root, "prisma-pg", "schema.prisma");

// The library's full-text index. On SQLite it is an FTS5 virtual table written by the library
// migration, which Prisma's schema cannot describe; here it is a plain table whose tsvector column
// the app fills in the same transaction (modules/library/search.server.ts), with a GIN index.
const POSTGRES_ONLY = `
// PostgreSQL only: the library's search index (SQLite keeps an FTS5 table of the same name).
model ContentSearch {
  contentId String                   @id
  title     String
  summary   String
  body      String
  document  Unsupported("tsvector")

  @@index([document], type: Gin)
}
`;

export function postgresSchema(sqlite: string): string {
  const header = [
    "// GENERATED from prisma/schema.prisma by `tsx scripts/pg-schema.ts`: do not edit by hand.",
    "// Change prisma/schema.prisma, run the script, then `npm run db:new-migration -- <name>` (both databases).",
    "",
  ].join("\n");
  let out = sqlite.replace(/^\/\/ SQLite is the embedded default\.[^\n]*\n(\/\/[^\n]*\n)*/, "");
  out = out.replace('output       = "../app/generated/prisma"', 'output       = "../app/generated/prisma-pg"');
  out = out.replace(
    /datasource db \{[\s\S]*?\n\}/,
    [
      "datasource db {",
      '  provider = "postgresql"',
      "  // Unused at run time (the driver adapter connects), but `prisma generate` needs it offline.",
      '  url      = "postgresql://localhost/lyceum"',
      "}",
    ].join("\n"),
  );
  if (out === sqlite) throw new Error("prisma/schema.prisma no longer has the shape this script expects");
  return header + out.trimEnd() + "\n" + POSTGRES_ONLY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const want = postgresSchema(fs.readFileSync(source, "utf8"));
  if (process.argv.includes("--check")) {
    const have = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (have !== want) {
      console.error("prisma-pg/schema.prisma is not what prisma/schema.prisma makes: run `tsx scripts/pg-schema.ts`");
      process.exit(1);
    }
    console.log("prisma-pg/schema.prisma is in step with prisma/schema.prisma");
  } else {
    fs.writeFileSync(target, want);
    console.log(`wrote ${path.relative(root, target)}`);
  }
}
