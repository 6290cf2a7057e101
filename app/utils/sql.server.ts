import { isPostgres, Prisma } from "./db.server.ts";

// The few places where SQLite's SQL and PostgreSQL's differ, for the app's raw statements. Everything
// else is written once, in the SQL both accept: double-quoted identifiers, TRUE/FALSE, COALESCE,
// ON CONFLICT … DO NOTHING / DO UPDATE, RETURNING, CAST. Dates go in as sqlDate() strings, which
// SQLite compares as text and PostgreSQL reads as timestamps. See docs/decisions/0035-postgresql-mode.md.

/**
 * A statement for $queryRawUnsafe / $executeRawUnsafe written with SQLite's `?` placeholders: on
 * PostgreSQL each `?` outside a quoted string or identifier becomes `$1`, `$2`, …
 */
export function placeholders(sql: string): string {
  if (!isPostgres) return sql;
  let out = "";
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!;
    if (quote) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === "?" && sql[i + 1] !== "|" && sql[i + 1] !== "&") out += `$${++n}`;
    else out += char;
  }
  return out;
}

/** A column type named in a cast: SQLite needs none (its columns take what they are given). */
export type SqlType = "timestamp" | "integer" | "bigint" | "double" | "boolean" | `"${string}"`;
const PG_TYPES: Record<string, string> = {
  timestamp: "timestamp(3)",
  integer: "integer",
  bigint: "bigint",
  double: "double precision",
  boolean: "boolean",
};

/** `expr` as `type` on PostgreSQL, which will not put text from JSON into a typed column by itself; `expr` on SQLite. */
export function cast(expr: string, type: SqlType): string {
  return isPostgres ? `CAST(${expr} AS ${PG_TYPES[type] ?? type})` : expr;
}

/**
 * The elements of a JSON array parameter (`?` in an unsafe statement), one row each, as `alias.value`:
 * a JSON value on both, so `alias.value ->> 0` reads an element of a row given as an array.
 */
export function jsonArrayRows(alias: string, param = "?"): string {
  return isPostgres ? `json_array_elements(CAST(${param} AS json)) AS ${alias}("value")` : `json_each(${param}) ${alias}`;
}

/** The entries of a JSON object parameter, one row each, as `alias.key` and `alias.value` (text). */
export function jsonObjectRows(alias: string, param = "?"): string {
  return isPostgres ? `json_each_text(CAST(${param} AS json)) AS ${alias}("key", "value")` : `json_each(${param}) ${alias}`;
}

/** The same as jsonObjectRows, for Prisma.sql templates: the object is a bound parameter. */
export function jsonObjectRowsSql(json: string, alias: string): Prisma.Sql {
  return isPostgres
    ? Prisma.sql`json_each_text(CAST(${json} AS json)) AS ${Prisma.raw(alias)}("key", "value")`
    : Prisma.sql`json_each(${json}) ${Prisma.raw(alias)}`;
}

/** Days (fractional) from `earlier` to `later`; either may be a column or a parameter holding a date. */
export function daysBetween(later: string, earlier: string): string {
  return isPostgres
    ? `(EXTRACT(EPOCH FROM (CAST(${later} AS timestamp(3)) - CAST(${earlier} AS timestamp(3)))) / 86400.0)`
    : `(julianday(${later}) - julianday(${earlier}))`;
}

/** daysBetween for Prisma.sql templates. */
export function daysBetweenSql(later: Prisma.Sql, earlier: Prisma.Sql): Prisma.Sql {
  return isPostgres
    ? Prisma.sql`(EXTRACT(EPOCH FROM (CAST(${later} AS timestamp(3)) - CAST(${earlier} AS timestamp(3)))) / 86400.0)`
    : Prisma.sql`(julianday(${later}) - julianday(${earlier}))`;
}

/** The UTC calendar day of a date column, as 'YYYY-MM-DD' text. */
export function utcDaySql(column: Prisma.Sql): Prisma.Sql {
  return isPostgres ? Prisma.sql`to_char(${column}, 'YYYY-MM-DD')` : Prisma.sql`substr(${column}, 1, 10)`;
}

/** The larger / smaller of two values (SQLite's two-argument max and min are aggregates elsewhere). */
export function greatest(a: string, b: string): string {
  return isPostgres ? `GREATEST(${a}, ${b})` : `max(${a}, ${b})`;
}
export function least(a: string, b: string): string {
  return isPostgres ? `LEAST(${a}, ${b})` : `min(${a}, ${b})`;
}

/** A random row id made by the database, for INSERT … SELECT of many rows: `prefix` then 24 hex digits. */
export function randomIdSql(prefix: string): string {
  if (!/^[a-z]$/.test(prefix)) throw new Error("randomIdSql takes one lowercase letter");
  return isPostgres
    ? `'${prefix}' || substr(md5(random()::text || clock_timestamp()::text), 1, 24)`
    : `'${prefix}' || lower(hex(randomblob(12)))`;
}

/** True when `needle` occurs in `haystack` (both text). */
export function containsSql(haystack: Prisma.Sql, needle: string): Prisma.Sql {
  return isPostgres ? Prisma.sql`strpos(${haystack}, ${needle}) > 0` : Prisma.sql`instr(${haystack}, ${needle}) > 0`;
}

/**
 * The text of a top-level field of a JSON object kept in a text column, NULL when the column holds no
 * JSON object. SQLite skips text that is not valid JSON; PostgreSQL 15 has no check that does not
 * throw, so it reads every value that starts with `{` (the app stores only JSON.stringify output).
 */
export function jsonFieldText(column: string, key: string): string {
  if (!/^\w+$/.test(key)) throw new Error("jsonFieldText takes a plain key");
  return isPostgres
    ? `CASE WHEN ${column} LIKE '{%' THEN CAST(${column} AS json) ->> '${key}' END`
    : `CASE WHEN json_valid(${column}) THEN json_extract(${column}, '$.${key}') END`;
}

/**
 * Appended to a SELECT that picks rows to claim: on PostgreSQL the rows are locked and rows another
 * transaction has locked are passed over, so several workers take different rows at once instead of
 * queueing or conflicting (run it in a READ COMMITTED transaction, see writeTransaction). SQLite has
 * one writer at a time and no row locks: nothing to add.
 */
export function skipLocked(): string {
  return isPostgres ? " FOR UPDATE SKIP LOCKED" : "";
}
