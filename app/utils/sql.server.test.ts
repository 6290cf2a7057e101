import { describe, expect, it } from "vitest";
import { isPostgres, Prisma, prisma, sqlDate } from "./db.server.ts";
import {
  cast,
  containsSql,
  daysBetween,
  daysBetweenSql,
  greatest,
  jsonArrayRows,
  jsonFieldText,
  jsonObjectRows,
  jsonObjectRowsSql,
  least,
  placeholders,
  randomIdSql,
  utcDaySql,
} from "./sql.server.ts";

// Each helper run for real against this run's database: the suite runs once on SQLite and once on
// PostgreSQL (npm run test:pg), so both spellings are checked by the same assertions.

async function one<T>(sql: string, ...params: unknown[]): Promise<T> {
  const [row] = await prisma.$queryRawUnsafe<T[]>(placeholders(sql), ...params);
  return row!;
}

describe("the SQL both databases run", () => {
  it("numbers ? placeholders on PostgreSQL, leaving quoted text and names alone", () => {
    const sql = `SELECT ? AS "a?", '?' AS b WHERE x = ? AND "col?" = ?`;
    expect(placeholders(sql)).toBe(isPostgres ? `SELECT $1 AS "a?", '?' AS b WHERE x = $2 AND "col?" = $3` : sql);
    expect(placeholders("SELECT 1")).toBe("SELECT 1");
  });

  it("reads the rows of a JSON array parameter, with typed casts", async () => {
    const rows = await prisma.$queryRawUnsafe<{ name: string; n: number }[]>(
      placeholders(`SELECT j."value" ->> 0 AS "name", ${cast(`j."value" ->> 1`, "integer")} AS "n" FROM ${jsonArrayRows("j")} ORDER BY 2`),
      JSON.stringify([
        ["b", 2],
        ["a", 1],
      ]),
    );
    expect(rows.map((row) => [row.name, Number(row.n)])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
  });

  it("reads the entries of a JSON object parameter, in raw and in tagged statements", async () => {
    const json = JSON.stringify({ "Europe/Paris": "2030-01-01", UTC: "2030-01-02" });
    const unsafe = await prisma.$queryRawUnsafe<{ key: string; value: string }[]>(
      placeholders(`SELECT z."key" AS "key", z."value" AS "value" FROM ${jsonObjectRows("z")} ORDER BY 1`),
      json,
    );
    const tagged = await prisma.$queryRaw<{ key: string; value: string }[]>`
      SELECT z."key" AS "key", z."value" AS "value" FROM ${jsonObjectRowsSql(json, "z")} ORDER BY 1`;
    for (const rows of [unsafe, tagged]) {
      expect(rows).toEqual([
        { key: "Europe/Paris", value: "2030-01-01" },
        { key: "UTC", value: "2030-01-02" },
      ]);
    }
  });

  it("counts days between dates, given as parameters", async () => {
    const later = sqlDate(new Date("2030-03-11T12:00:00Z"));
    const earlier = sqlDate(new Date("2030-03-10T00:00:00Z"));
    const { days } = await one<{ days: number }>(`SELECT ${daysBetween("?", "?")} AS "days"`, later, earlier);
    expect(Number(days)).toBeCloseTo(1.5, 6);
    const [tagged] = await prisma.$queryRaw<{ days: number }[]>`
      SELECT ${daysBetweenSql(Prisma.sql`${later}`, Prisma.sql`${earlier}`)} AS "days"`;
    expect(Number(tagged!.days)).toBeCloseTo(1.5, 6);
  });

  it("takes the UTC day of a stored date, the larger and smaller of two values, and tests for a substring", async () => {
    const at = new Date("2030-06-30T23:30:00Z");
    const user = await prisma.user.create({ data: { email: "sql-helpers@example.com", name: "Helpers", role: "ADMIN" } });
    await prisma.user.update({ where: { id: user.id }, data: { createdAt: at } });
    const [row] = await prisma.$queryRaw<{ day: string; found: boolean | number; missing: boolean | number }[]>`
      SELECT ${utcDaySql(Prisma.sql`u."createdAt"`)} AS "day",
             ${containsSql(Prisma.sql`u."email"`, "helpers@")} AS "found",
             ${containsSql(Prisma.sql`u."email"`, "nobody")} AS "missing"
      FROM "User" u WHERE u."id" = ${user.id}`;
    expect(row!.day).toBe("2030-06-30");
    expect(Boolean(row!.found)).toBe(true);
    expect(Boolean(row!.missing)).toBe(false);
    const { big, small } = await one<{ big: number; small: number }>(
      `SELECT ${greatest("2", "5")} AS "big", ${least("2", "5")} AS "small"`,
    );
    expect([Number(big), Number(small)]).toEqual([5, 2]);
  });

  it("makes distinct random ids in SQL, and refuses a prefix that is not one letter", async () => {
    const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
      placeholders(`SELECT ${randomIdSql("r")} AS "id" FROM ${jsonArrayRows("j")}`),
      JSON.stringify([1, 2, 3, 4]),
    );
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row.id)).size).toBe(4);
    for (const { id } of rows) expect(id).toMatch(/^r[0-9a-f]{24}$/);
    expect(() => randomIdSql("r'; DROP TABLE x; --")).toThrow(/one lowercase letter/);
  });

  it("reads a field of JSON kept in text, and nothing from text that is not a JSON object", async () => {
    const rows = await prisma.$queryRawUnsafe<{ feature: string | null }[]>(
      placeholders(`SELECT ${jsonFieldText(`t."data"`, "feature")} AS "feature" FROM (SELECT ? AS "data" UNION ALL SELECT ?) t`),
      JSON.stringify({ feature: "dashboards" }),
      "plain text",
    );
    const [feature, none] = rows.map((row) => row.feature);
    expect(feature).toBe("dashboards");
    expect(none).toBeNull();
    expect(() => jsonFieldText("x", "a'b")).toThrow(/plain key/);
  });
});
