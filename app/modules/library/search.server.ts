import type { ContentKind } from "~/generated/prisma/enums.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { logger } from "~/utils/logger.server.ts";
import { prisma, Prisma, type Tx } from "~/utils/db.server.ts";
import { markdownToPlainText } from "./plain-text.ts";
import { customerTier } from "./viewer.server.ts";
import { HIT_END, HIT_START, indexableText, snippetPieces, toFtsQuery, type SnippetPiece } from "./search-query.ts";

// Full-text search over the library.
//
// SQLite: the FTS5 table "ContentSearch" (created by the library migration; Prisma cannot describe
// it) holds one row per item: title, summary, and the plain text of the body and every chapter. It
// is written here, in the transaction of every write to an item, so search never disagrees with the
// library. Status and audience are not indexed: they are read from ContentItem at query time, so
// publishing or changing the audience needs no reindex. Every search is scoped by who asks.
//
// PostgreSQL mode will keep a generated tsvector column on ContentItem (weights A title, B summary,
// C text) with a GIN index, and query it with websearch_to_tsquery, ts_rank_cd and ts_headline,
// behind the same two boundaries: `indexContent` and `searchContent`.

export const SEARCH_LIMIT = 50;

// bm25 weights per column, in table order: contentId (not indexed), title, summary, body. A word in
// the title says far more about what an item is than the same word deep in a chapter.
const WEIGHTS = Prisma.sql`0.0, 10.0, 4.0, 1.0`;

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
  await tx.$executeRaw`
    INSERT INTO "ContentSearch" ("contentId", "title", "summary", "body")
    VALUES (${contentId}, ${indexableText(item.title)}, ${indexableText(item.summary)}, ${indexableText(text)})`;
}

/**
 * The contentId column is UNINDEXED (FTS5 indexes words, not keys), so this scans the index's small
 * key column: cheap for a library of thousands of items, and only done on writes.
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
    ? Prisma.sql`(c."audienceTiers" = '' OR instr(c."audienceTiers", ${tier}) > 0)`
    : Prisma.sql`c."audienceTiers" = ''`;
  return Prisma.sql`c."status" = 'PUBLISHED' AND ${audience}`;
}

/**
 * Items this person may see that match what they typed, best first (title hits rank above body
 * hits), each with a highlighted snippet. Anything typed is safe: it becomes quoted terms, and a query
 * the index still refuses answers no hits rather than an error page.
 */
export async function searchContent(actor: Actor, query: string, filters: SearchFilters = {}): Promise<SearchHit[]> {
  const expression = toFtsQuery(query);
  if (!expression) return [];
  const visible = await visibilityFor(actor);
  if (!visible) return [];
  const conditions: Prisma.Sql[] = [Prisma.sql`"ContentSearch" MATCH ${expression}`, visible];
  if (filters.kind) conditions.push(Prisma.sql`c."kind" = ${filters.kind}`);
  if (filters.topic) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "ContentTopic" t WHERE t."contentId" = c."id" AND t."topic" = ${filters.topic})`);
  }
  const limit = Math.min(Math.max(filters.limit ?? SEARCH_LIMIT, 1), SEARCH_LIMIT);
  try {
    const rows = await prisma.$queryRaw<Row[]>`
      SELECT "ContentSearch"."contentId" AS "contentId",
             snippet("ContentSearch", -1, ${HIT_START}, ${HIT_END}, '…', 16) AS "snippet"
      FROM "ContentSearch"
      JOIN "ContentItem" c ON c."id" = "ContentSearch"."contentId"
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY bm25("ContentSearch", ${WEIGHTS}), c."publishedAt" DESC
      LIMIT ${limit}`;
    return rows.map((row) => ({ contentId: row.contentId, snippet: snippetPieces(row.snippet) }));
  } catch (error) {
    logger.warn("library search refused a query", { expression, error: error instanceof Error ? error.message : String(error) });
    return [];
  }
}
