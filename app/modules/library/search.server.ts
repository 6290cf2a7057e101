import type { ContentKind } from "~/generated/prisma/enums.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { logger } from "~/utils/logger.server.ts";
import { isPostgres, prisma, Prisma, type Tx } from "~/utils/db.server.ts";
import { containsSql } from "~/utils/sql.server.ts";
import { markdownToPlainText } from "./plain-text.ts";
import { customerTier } from "./viewer.server.ts";
import { HIT_END, HIT_START, indexableText, snippetPieces, toFtsQuery, toTsQuery, type SnippetPiece } from "./search-query.ts";

// Full-text search over the library.
//
// The table "ContentSearch" holds one row per item: title, summary, and the plain text of the body
// and every chapter. It is written here, in the transaction of every write to an item, so search
// never disagrees with the library. Status and audience are not indexed: they are read from
// ContentItem at query time, so publishing or changing the audience needs no reindex. Every search is
// scoped by who asks.
//
// SQLite: an FTS5 table (created by the library migration; Prisma cannot describe it), queried with
// MATCH, ranked by bm25 and cut to a snippet by snippet().
// PostgreSQL: a plain table whose "document" tsvector (weights A title, B summary, C text; GIN index)
// is computed here on every write, queried with to_tsquery, ranked by ts_rank_cd and cut to a
// snippet by ts_headline. Both are behind the same two boundaries: `indexContent` and `searchContent`.

export const SEARCH_LIMIT = 50;

// bm25 weights per column, in table order: contentId (not indexed), title, summary, body. A word in
// the title says far more about what an item is than the same word deep in a chapter.
const WEIGHTS = Prisma.sql`0.0, 10.0, 4.0, 1.0`;
// The same on PostgreSQL: ts_rank_cd's weights for D (unused), C (body), B (summary), A (title).
const TS_WEIGHTS = "{0.0, 0.1, 0.4, 1.0}";
// ts_headline's options for about the same snippet as SQLite's: one passage of up to 16 words. With
// ShortWord=0 a passage may end on a short word: otherwise "Lighthouse at start …" is cut to its first word.
const HEADLINE_OPTIONS = `StartSel="${HIT_START}", StopSel="${HIT_END}", MaxWords=16, MinWords=6, MaxFragments=1, ShortWord=0, FragmentDelimiter="…"`;

/**
 * Rewrites the item's row in the index from what the transaction now holds. Call it after every
 * write to an item's title, summary, body or chapters, with the same `tx`.
 */
export async function indexContent(tx: Tx, contentId: string) {
  const item = await tx.contentItem.findUnique({
    where: { id: contentId },
    select: {
      title: true,
      summary: true,
      body: true,
      chapters: { select: { title: true, body: true }, orderBy: { position: "asc" } },
    },
  });
  await removeFromIndex(tx, contentId);
  if (!item) return;
  const text = [markdownToPlainText(item.body), ...item.chapters.map((chapter) => `${chapter.title}\n${markdownToPlainText(chapter.body)}`)]
    .filter(Boolean)
    .join("\n");
  const [title, summary, body] = [indexableText(item.title), indexableText(item.summary), indexableText(text)];
  if (isPostgres) {
    await tx.$executeRaw`
      INSERT INTO "ContentSearch" ("contentId", "title", "summary", "body", "document")
      SELECT s."contentId", s."title", s."summary", s."body",
             setweight(to_tsvector('english', s."title"), 'A') || setweight(to_tsvector('english', s."summary"), 'B')
               || setweight(to_tsvector('english', s."body"), 'C')
      FROM (SELECT CAST(${contentId} AS text) AS "contentId", CAST(${title} AS text) AS "title",
                   CAST(${summary} AS text) AS "summary", CAST(${body} AS text) AS "body") AS s`;
    return;
  }
  await tx.$executeRaw`
    INSERT INTO "ContentSearch" ("contentId", "title", "summary", "body")
    VALUES (${contentId}, ${title}, ${summary}, ${body})`;
}

/**
 * On SQLite the contentId column is UNINDEXED (FTS5 indexes words, not keys), so this scans the
 * index's small key column: cheap for a library of thousands of items, and only done on writes. On
 * PostgreSQL it is the primary key.
 */
export async function removeFromIndex(tx: Tx, contentId: string) {
  await tx.$executeRaw`DELETE FROM "ContentSearch" WHERE "contentId" = ${contentId}`;
}

export type SearchFilters = {
  kind?: ContentKind;
  topic?: string;
  limit?: number;
};

export type SearchHit = { contentId: string; snippet: SnippetPiece[] };

type Row = { contentId: string; snippet: string };

/** Who sees what in a search: the same rule as an item's page (content.server.ts `requireVisibleContent`). */
async function visibilityFor(actor: Actor): Promise<Prisma.Sql | null> {
  // Staff who manage the library search everything, drafts included.
  if (can(actor, "library.manage")) return Prisma.sql`1 = 1`;
  if (!can(actor, "library.view")) return null;
  const tier = await customerTier(actor);
  // The audience rule of accounts/audience.ts: empty means everybody; tier names never contain each other.
  const audience = tier
    ? Prisma.sql`(c."audienceTiers" = '' OR ${containsSql(Prisma.sql`c."audienceTiers"`, tier)})`
    : Prisma.sql`c."audienceTiers" = ''`;
  return Prisma.sql`c."status" = 'PUBLISHED' AND ${audience}`;
}

/**
 * Items this person may see that match what they typed, best first (title hits rank above body
 * hits), each with a highlighted snippet. Anything typed is safe: it becomes quoted terms, and a query
 * the index still refuses answers no hits rather than an error page.
 */
export async function searchContent(actor: Actor, query: string, filters: SearchFilters = {}): Promise<SearchHit[]> {
  const expression = isPostgres ? toTsQuery(query) : toFtsQuery(query);
  if (!expression) return [];
  const visible = await visibilityFor(actor);
  if (!visible) return [];
  const conditions: Prisma.Sql[] = [visible];
  if (filters.kind) conditions.push(Prisma.sql`c."kind" = ${filters.kind}`);
  if (filters.topic) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "ContentTopic" t WHERE t."contentId" = c."id" AND t."topic" = ${filters.topic})`);
  }
  const limit = Math.min(Math.max(filters.limit ?? SEARCH_LIMIT, 1), SEARCH_LIMIT);
  try {
    const rows = isPostgres
      ? (await pgSearch(expression, conditions, limit)).map((row) => ({ ...row, snippet: joinAdjacentHits(row.snippet) }))
      : await prisma.$queryRaw<Row[]>`
          SELECT "ContentSearch"."contentId" AS "contentId",
                 snippet("ContentSearch", -1, ${HIT_START}, ${HIT_END}, '…', 16) AS "snippet"
          FROM "ContentSearch"
          JOIN "ContentItem" c ON c."id" = "ContentSearch"."contentId"
          WHERE "ContentSearch" MATCH ${expression} AND ${Prisma.join(conditions, " AND ")}
          ORDER BY bm25("ContentSearch", ${WEIGHTS}), c."publishedAt" DESC NULLS LAST
          LIMIT ${limit}`;
    return rows.map((row) => ({ contentId: row.contentId, snippet: snippetPieces(row.snippet) }));
  } catch (error) {
    logger.warn("library search refused a query", { expression, error: error instanceof Error ? error.message : String(error) });
    return [];
  }
}

// ts_headline marks each word of a phrase on its own; joined back, a phrase is one span, as on SQLite.
const ADJACENT_HITS = new RegExp(`${HIT_END}(\\s+)${HIT_START}`, "g");
const joinAdjacentHits = (snippet: string) => snippet.replace(ADJACENT_HITS, "$1");

/**
 * searchContent's query on PostgreSQL: the hits are ranked first, and only those kept are cut to a
 * snippet. ts_headline marks no cut, so "…" is added where the passage leaves out words of the text
 * before or after it (as SQLite's snippet() does); punctuation alone left out after it is no cut.
 */
function pgSearch(expression: string, conditions: Prisma.Sql[], limit: number) {
  return prisma.$queryRaw<Row[]>`
    SELECT hit."contentId" AS "contentId",
           CASE WHEN pos."at" > 1 AND btrim(left(doc."text", pos."at" - 1), E' \n\t') <> '' THEN '…' ELSE '' END
             || hl."snippet"
             || CASE WHEN pos."at" > 0 AND btrim(substr(doc."text", pos."at" + length(plain."text")), E' \n\t.,;:!?') <> ''
                THEN '…' ELSE '' END AS "snippet"
    FROM (
      SELECT s."contentId", s."title", s."summary", s."body", q."query",
             ts_rank_cd(CAST(${TS_WEIGHTS} AS real[]), s."document", q."query") AS "rank", c."publishedAt"
      FROM "ContentSearch" s
      JOIN "ContentItem" c ON c."id" = s."contentId"
      CROSS JOIN (SELECT to_tsquery('english', ${expression}) AS "query") AS q
      WHERE s."document" @@ q."query" AND ${Prisma.join(conditions, " AND ")}
      ORDER BY "rank" DESC, c."publishedAt" DESC NULLS LAST
      LIMIT ${limit}
    ) AS hit
    CROSS JOIN LATERAL (SELECT concat_ws(E'\n', hit."title", hit."summary", hit."body") AS "text") AS doc
    CROSS JOIN LATERAL (SELECT ts_headline('english', doc."text", hit."query", ${HEADLINE_OPTIONS}) AS "snippet") AS hl
    CROSS JOIN LATERAL (SELECT replace(replace(hl."snippet", ${HIT_START}, ''), ${HIT_END}, '') AS "text") AS plain
    CROSS JOIN LATERAL (SELECT strpos(doc."text", plain."text") AS "at") AS pos
    ORDER BY hit."rank" DESC, hit."publishedAt" DESC NULLS LAST`;
}
