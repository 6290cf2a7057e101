import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresSchema } from "./pg-schema.ts";

const root = path.resolve(import.meta.dirname, "..");

/** The indexes a migrations folder leaves behind: every CREATE INDEX, less those a later migration dropped. */
function indexesAfter(folder: string): Set<string> {
  const names = new Set<string>();
  for (const migration of fs.readdirSync(path.join(root, folder)).sort()) {
    const file = path.join(root, folder, migration, "migration.sql");
    if (!fs.existsSync(file)) continue;
    for (const [, verb, name] of fs
      .readFileSync(file, "utf8")
      .matchAll(/(CREATE (?:UNIQUE )?INDEX|DROP INDEX)\s+(?:IF EXISTS\s+)?"([^"]+)"/g)) {
      if (verb === "DROP INDEX") names.delete(name!);
      else names.add(name!);
    }
  }
  return names;
}

describe("the PostgreSQL schema stays in step with the SQLite one", () => {
  it("prisma-pg/schema.prisma is exactly what prisma/schema.prisma generates", () => {
    const sqlite = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
    expect(fs.readFileSync(path.join(root, "prisma-pg/schema.prisma"), "utf8")).toBe(postgresSchema(sqlite));
  });

  it("swaps only the datasource and the client's folder, and adds the search table", () => {
    const pg = postgresSchema(
      'generator client {\n  output       = "../app/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n',
    );
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output       = "../app/generated/prisma-pg"');
    expect(pg).toContain('document  Unsupported("tsvector")');
    expect(() => postgresSchema("model A {\n  id String @id\n}\n")).toThrow(/shape/);
  });

  it("both migration folders leave the same indexes, hand-written partial ones included", () => {
    const sqlite = indexesAfter("prisma/migrations");
    const pg = indexesAfter("prisma-pg/migrations");
    // The search index differs by design: FTS5 on SQLite, a GIN index over a tsvector on PostgreSQL.
    pg.delete("ContentSearch_document_idx");
    // PostgreSQL names are at most 63 bytes: Prisma shortens a long one before its suffix.
    const shortened = (name: string) => (name.length <= 63 ? name : name.replace(/_(idx|key)$/, "").slice(0, 59) + name.slice(-4));
    expect([...pg].sort()).toEqual([...sqlite].map(shortened).sort());
    expect(pg).toContain("CsmBooking_confirmed_csmId_startsAt_key");
  });
});
