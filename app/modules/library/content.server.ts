import type { ContentKind, ContentStatus, Tier } from "~/generated/prisma/enums.ts";
import { audienceIncludes, audienceWhere } from "~/modules/accounts/audience.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { removeFile } from "~/providers/storage.server.ts";
import { isUniqueViolation, prisma, type Prisma, type Tx } from "~/utils/db.server.ts";
import { formatDate, formatDateTime } from "~/utils/format.ts";
import { logger } from "~/utils/logger.server.ts";
import { formatBytes, joinChapters } from "./content.ts";
import {
  KIND_LABELS,
  STATUS_LABELS,
  type ConsoleLibraryQuery,
  type ContentEditorDefaults,
  type ContentValues,
  type LibraryQuery,
} from "./content.schema.ts";
import { indexContent, removeFromIndex, searchContent } from "./search.server.ts";
import { removeVideo } from "./video.server.ts";
import { customerTier } from "./viewer.server.ts";
import type { SnippetPiece } from "./search-query.ts";

export type LibraryActor = Actor & { timeZone: string; locale: string };

export const CONSOLE_PAGE_SIZE = 25;
export const LIBRARY_PAGE_SIZE = 24;

export const SLUG_TAKEN = "This slug is taken by another item. Choose another, or leave it empty to make one from the title.";

/** Defence in depth behind the route's requirePermission: a module never trusts its caller. */
export function assertLibraryManager(actor: Actor) {
  if (!can(actor, "library.manage")) throw new Response("You do not have access to this page.", { status: 403 });
}

export function contentNotFound(): never {
  throw new Response("This item does not exist, or it is not open to your account.", { status: 404, statusText: "Not Found" });
}

export function audienceLabel(audienceTiers: string) {
  const tiers = TIERS.filter((tier) => audienceTiers.split(",").includes(tier));
  return tiers.length === 0 ? "Every tier" : tiers.map((tier) => TIER_LABELS[tier]).join(", ");
}

export function minutesLabel(kind: ContentKind, minutes: number | null) {
  if (!minutes) return null;
  return kind === "VIDEO" ? `${minutes} min` : `${minutes} min read`;
}

function parseTiers(audienceTiers: string): Tier[] {
  return TIERS.filter((tier) => audienceTiers.split(",").includes(tier));
}

// ---------------------------------------------------------------------------------------------
// Writing: one path for the editor and for `npm run content:sync`.

export type ContentWriteOptions = {
  authorId?: string | null;
  sourcePath?: string | null;
  sourceHash?: string | null;
  /** Sync sets the status from the file's front matter; the editor leaves it alone. */
  status?: ContentStatus;
  now?: Date;
};

/** The title's slug, or the first of slug-2, slug-3… that nobody else holds. */
async function freeSlug(tx: Tx, base: string, exceptId: string | null) {
  const taken = new Set(
    (
      await tx.contentItem.findMany({
        where: { slug: { startsWith: base }, ...(exceptId ? { id: { not: exceptId } } : {}) },
        select: { slug: true },
        take: 500,
      })
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 80 - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Creates (`id` null) or updates one item with its topics and chapters, and reindexes it for search,
 * all in the caller's transaction. A chosen slug that is taken is refused with 409; the database's
 * unique key still has the last word (see `mapUniqueSlug`).
 */
export async function writeContent(tx: Tx, id: string | null, values: ContentValues, options: ContentWriteOptions = {}) {
  const now = options.now ?? new Date();
  let slug = values.slug;
  if (values.slugChosen) {
    const holder = await tx.contentItem.findUnique({ where: { slug }, select: { id: true } });
    if (holder && holder.id !== id) throw new DomainError(409, SLUG_TAKEN, "slug");
  } else {
    slug = await freeSlug(tx, slug, id);
  }
  const fields = {
    title: values.title,
    slug,
    summary: values.summary,
    body: values.body,
    audienceTiers: values.audienceTiers.join(","),
    minutes: values.minutes,
    ...(options.sourcePath !== undefined ? { sourcePath: options.sourcePath } : {}),
    ...(options.sourceHash !== undefined ? { sourceHash: options.sourceHash } : {}),
    ...(options.status ? { status: options.status } : {}),
  } satisfies Prisma.ContentItemUncheckedUpdateInput;
  let contentId: string;
  if (id === null) {
    const created = await tx.contentItem.create({
      data: {
        ...fields,
        kind: values.kind,
        authorId: options.authorId ?? null,
        publishedAt: options.status === "PUBLISHED" ? now : null,
      },
      select: { id: true },
    });
    contentId = created.id;
  } else {
    await tx.contentItem.update({ where: { id }, data: fields });
    if (options.status === "PUBLISHED") {
      await tx.contentItem.updateMany({ where: { id, publishedAt: null }, data: { publishedAt: now } });
    }
    contentId = id;
  }
  await tx.contentTopic.deleteMany({ where: { contentId } });
  if (values.topics.length) await tx.contentTopic.createMany({ data: values.topics.map((topic) => ({ contentId, topic })) });
  await tx.ebookChapter.deleteMany({ where: { contentId } });
  if (values.chapters.length) {
    await tx.ebookChapter.createMany({
      data: values.chapters.map((chapter, index) => ({ contentId, position: index + 1, title: chapter.title, body: chapter.body })),
    });
  }
  await indexContent(tx, contentId);
  return { id: contentId, slug };
}

/** Two saves racing for one slug: the unique key decides, and the loser hears it as a 409 on the field. */
export function mapUniqueSlug(error: unknown): never {
  if (isUniqueViolation(error)) throw new DomainError(409, SLUG_TAKEN, "slug");
  throw error;
}

async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(work, { maxWait: 10_000, timeout: 15_000 });
  } catch (error) {
    return mapUniqueSlug(error);
  }
}

export async function createContent(actor: Actor, values: ContentValues) {
  assertLibraryManager(actor);
  return inTransaction((tx) => writeContent(tx, null, values, { authorId: actor.id }));
}

export async function updateContent(actor: Actor, contentId: string, values: ContentValues) {
  assertLibraryManager(actor);
  return inTransaction(async (tx) => {
    const current = await tx.contentItem.findUnique({ where: { id: contentId }, select: { kind: true } });
    if (!current) contentNotFound();
    if (current.kind !== values.kind) {
      throw new DomainError(400, "An item keeps the kind it was created with. Create a new item instead.", "kind");
    }
    return writeContent(tx, contentId, values);
  });
}

/** Whether an item has what its kind needs before customers may see it; the reason when it has not. */
function unpublishableReason(item: { kind: ContentKind; body: string; _count: { chapters: number }; file: { id: string } | null }) {
  if (item.kind === "ONE_PAGER" && !item.body.trim()) return "Write the one-pager's text before publishing it.";
  if (item.kind === "EBOOK" && item._count.chapters === 0 && !item.file) {
    return "Add the book's text (chapters) or upload its PDF before publishing it.";
  }
  return null;
}

export async function publishContent(actor: Actor, contentId: string, now = new Date()) {
  assertLibraryManager(actor);
  return prisma.$transaction(async (tx) => {
    const item = await tx.contentItem.findUnique({
      where: { id: contentId },
      select: {
        kind: true,
        body: true,
        status: true,
        publishedAt: true,
        file: { select: { id: true } },
        _count: { select: { chapters: true } },
      },
    });
    if (!item) contentNotFound();
    const reason = unpublishableReason(item);
    if (reason) throw new DomainError(409, reason);
    if (item.status === "PUBLISHED") return "This item is already published.";
    // The first publication date stays: it orders "new in the library" and should not jump on a re-publish.
    await tx.contentItem.update({ where: { id: contentId }, data: { status: "PUBLISHED", publishedAt: item.publishedAt ?? now } });
    return "Published: customers in its audience can now find it in the library.";
  });
}

export async function unpublishContent(actor: Actor, contentId: string) {
  assertLibraryManager(actor);
  const changed = await prisma.contentItem.updateMany({ where: { id: contentId, status: "PUBLISHED" }, data: { status: "DRAFT" } });
  if (changed.count === 0 && !(await prisma.contentItem.findUnique({ where: { id: contentId }, select: { id: true } }))) {
    contentNotFound();
  }
  return "Unpublished: the item is a draft again, and customers no longer see it.";
}

/** Deletes the item, its index row and (after the commit) its stored file. Progress and path steps go with it. */
export async function deleteContent(actor: Actor, contentId: string) {
  assertLibraryManager(actor);
  // The video's bytes (on disk or at Mux) go first: the cascade below would only drop the row.
  await removeVideo(actor, contentId);
  const removed = await prisma.$transaction(async (tx) => {
    const item = await tx.contentItem.findUnique({
      where: { id: contentId },
      select: { title: true, file: { select: { storageKey: true } } },
    });
    if (!item) contentNotFound();
    await tx.contentItem.delete({ where: { id: contentId } });
    await removeFromIndex(tx, contentId);
    return item;
  });
  if (removed.file) {
    await removeFile(removed.file.storageKey).catch((error: unknown) =>
      logger.warn("could not remove a deleted item's file", { contentId, error: String(error) }),
    );
  }
  return removed.title;
}

// ---------------------------------------------------------------------------------------------
// The editor's starting values.

export function newContentDefaults(kind: ContentKind): ContentEditorDefaults {
  return { kind, title: "", slug: "", summary: "", topics: "", audienceTiers: [], minutes: "", body: "" };
}

export async function getContentForEdit(actor: LibraryActor, contentId: string) {
  assertLibraryManager(actor);
  const item = await prisma.contentItem.findUnique({
    where: { id: contentId },
    select: {
      id: true,
      kind: true,
      status: true,
      slug: true,
      title: true,
      summary: true,
      body: true,
      audienceTiers: true,
      minutes: true,
      sourcePath: true,
      publishedAt: true,
      updatedAt: true,
      topics: { select: { topic: true }, orderBy: { topic: "asc" } },
      chapters: { select: { title: true, body: true }, orderBy: { position: "asc" } },
      file: { select: { filename: true, sizeBytes: true, createdAt: true } },
    },
  });
  if (!item) contentNotFound();
  const defaults: ContentEditorDefaults = {
    kind: item.kind,
    title: item.title,
    slug: item.slug,
    summary: item.summary,
    topics: item.topics.map((row) => row.topic).join(", "),
    audienceTiers: parseTiers(item.audienceTiers),
    minutes: item.minutes === null ? "" : String(item.minutes),
    body: item.kind === "EBOOK" ? joinChapters(item.chapters) : item.body,
  };
  return {
    item: {
      id: item.id,
      kind: item.kind,
      kindLabel: KIND_LABELS[item.kind],
      status: item.status,
      statusLabel: STATUS_LABELS[item.status],
      slug: item.slug,
      title: item.title,
      sourcePath: item.sourcePath,
      chapterCount: item.chapters.length,
      file: item.file
        ? {
            filename: item.file.filename,
            size: formatBytes(item.file.sizeBytes),
            uploaded: formatDateTime(item.file.createdAt, actor.timeZone, actor.locale),
          }
        : null,
      published: item.publishedAt ? formatDateTime(item.publishedAt, actor.timeZone, actor.locale) : null,
      updated: formatDateTime(item.updatedAt, actor.timeZone, actor.locale),
    },
    defaults,
  };
}

// ---------------------------------------------------------------------------------------------
// Lists.

/** Everything in the library for the console, newest change first. */
export async function listContentForStaff(actor: LibraryActor, query: ConsoleLibraryQuery) {
  assertLibraryManager(actor);
  const filters: Prisma.ContentItemWhereInput[] = [];
  if (query.kind) filters.push({ kind: query.kind });
  if (query.status) filters.push({ status: query.status });
  if (query.topic) filters.push({ topics: { some: { topic: query.topic } } });
  if (query.q) filters.push({ OR: [{ title: { contains: query.q } }, { slug: { contains: query.q.toLowerCase() } }] });
  const where: Prisma.ContentItemWhereInput = { AND: filters };
  const [total, topics, counts] = await Promise.all([
    prisma.contentItem.count({ where }),
    prisma.contentTopic.findMany({ distinct: ["topic"], orderBy: { topic: "asc" }, select: { topic: true }, take: 200 }),
    prisma.contentItem.groupBy({ by: ["status"], _count: true }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / CONSOLE_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await prisma.contentItem.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * CONSOLE_PAGE_SIZE,
    take: CONSOLE_PAGE_SIZE,
    select: {
      id: true,
      kind: true,
      status: true,
      title: true,
      slug: true,
      audienceTiers: true,
      updatedAt: true,
      sourcePath: true,
      topics: { select: { topic: true }, orderBy: { topic: "asc" } },
    },
  });
  const countOf = (status: ContentStatus) => counts.find((row) => row.status === status)?._count ?? 0;
  return {
    total,
    page,
    pageCount,
    topics: topics.map((row) => row.topic),
    counts: { published: countOf("PUBLISHED"), drafts: countOf("DRAFT") },
    filtered: Boolean(query.kind || query.status || query.topic || query.q),
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      kindLabel: KIND_LABELS[row.kind],
      status: row.status,
      statusLabel: STATUS_LABELS[row.status],
      title: row.title,
      slug: row.slug,
      topics: row.topics.map((topic) => topic.topic),
      audience: audienceLabel(row.audienceTiers),
      updated: formatDateTime(row.updatedAt, actor.timeZone, actor.locale),
      fromFile: row.sourcePath !== null,
    })),
  };
}

const CARD_SELECT = {
  id: true,
  kind: true,
  slug: true,
  title: true,
  summary: true,
  minutes: true,
  publishedAt: true,
  topics: { select: { topic: true }, orderBy: { topic: "asc" } },
  file: { select: { id: true } },
  _count: { select: { chapters: true } },
} as const satisfies Prisma.ContentItemSelect;

type CardRow = Prisma.ContentItemGetPayload<{ select: typeof CARD_SELECT }>;

export type LibraryCard = {
  id: string;
  slug: string;
  kind: ContentKind;
  kindLabel: string;
  title: string;
  summary: string;
  minutes: string | null;
  detail: string | null;
  topics: string[];
  published: string | null;
  snippet: SnippetPiece[] | null;
};

function presentCard(row: CardRow, viewer: LibraryActor, snippet: SnippetPiece[] | null): LibraryCard {
  const chapters = row._count.chapters;
  const detail =
    row.kind !== "EBOOK"
      ? null
      : [chapters ? `${chapters} chapter${chapters === 1 ? "" : "s"}` : null, row.file ? "PDF" : null].filter(Boolean).join(" · ") || null;
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    title: row.title,
    summary: row.summary,
    minutes: minutesLabel(row.kind, row.minutes),
    detail,
    topics: row.topics.map((topic) => topic.topic),
    published: row.publishedAt ? formatDate(row.publishedAt, viewer.timeZone, viewer.locale) : null,
    snippet,
  };
}

/** Where a customer may look: published, and open to their tier. */
function visibleWhere(tier: Tier | null): Prisma.ContentItemWhereInput {
  return { status: "PUBLISHED", ...audienceWhere(tier) };
}

export type RecommendableItem = { id: string; slug: string; kind: ContentKind; kindLabel: string; title: string; summary: string };

/**
 * The items among `ids` that an account on `tier` may open (published, and open to that tier), in the
 * order asked for: what a CSM may recommend to that account. Ids that are not such an item are left out.
 */
export async function findVisibleContentForTier(tier: Tier | null, ids: readonly string[]): Promise<RecommendableItem[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.contentItem.findMany({
    where: { id: { in: [...ids] }, ...visibleWhere(tier) },
    select: { id: true, slug: true, kind: true, title: true, summary: true },
  });
  const byId = new Map(rows.map((row) => [row.id, { ...row, kindLabel: KIND_LABELS[row.kind] }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The library as this customer may see it: published items open to their tier, newest first, or with
 * `q` the best matches first, each with a highlighted snippet.
 */
export async function listVisibleContent(actor: LibraryActor, filters: LibraryQuery) {
  const tier = await customerTier(actor);
  const visible = visibleWhere(tier);
  const topicRows = await prisma.contentTopic.findMany({
    where: { content: visible },
    distinct: ["topic"],
    orderBy: { topic: "asc" },
    select: { topic: true },
    take: 200,
  });
  const topics = topicRows.map((row) => row.topic);
  const filtered = Boolean(filters.kind || filters.topic || filters.q);

  if (filters.q) {
    const hits = await searchContent(actor, filters.q, { kind: filters.kind, topic: filters.topic });
    const rows = await prisma.contentItem.findMany({
      where: { id: { in: hits.map((hit) => hit.contentId) }, ...visible },
      select: CARD_SELECT,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items = hits.flatMap((hit) => {
      const row = byId.get(hit.contentId);
      return row ? [presentCard(row, actor, hit.snippet)] : [];
    });
    return { items, total: items.length, page: 1, pageCount: 1, topics, filtered, searched: true };
  }

  const where: Prisma.ContentItemWhereInput = {
    AND: [visible, filters.kind ? { kind: filters.kind } : {}, filters.topic ? { topics: { some: { topic: filters.topic } } } : {}],
  };
  const total = await prisma.contentItem.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / LIBRARY_PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);
  const rows = await prisma.contentItem.findMany({
    where,
    orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * LIBRARY_PAGE_SIZE,
    take: LIBRARY_PAGE_SIZE,
    select: CARD_SELECT,
  });
  return { items: rows.map((row) => presentCard(row, actor, null)), total, page, pageCount, topics, filtered, searched: false };
}

// ---------------------------------------------------------------------------------------------
// One item.

export const PAGE_SELECT = {
  id: true,
  kind: true,
  status: true,
  slug: true,
  title: true,
  summary: true,
  body: true,
  minutes: true,
  audienceTiers: true,
  publishedAt: true,
  updatedAt: true,
  topics: { select: { topic: true }, orderBy: { topic: "asc" } },
  chapters: { select: { position: true, title: true }, orderBy: { position: "asc" } },
  file: { select: { filename: true, mimeType: true, sizeBytes: true, storageKey: true } },
} as const satisfies Prisma.ContentItemSelect;

export type VisibleContent = Prisma.ContentItemGetPayload<{ select: typeof PAGE_SELECT }>;

async function findVisible(actor: Actor, where: Prisma.ContentItemWhereUniqueInput) {
  const item = await prisma.contentItem.findUnique({ where, select: PAGE_SELECT });
  if (!item) contentNotFound();
  // Staff who manage the library preview anything, drafts included.
  if (can(actor, "library.manage")) return { item, preview: true };
  if (!can(actor, "library.view") || item.status !== "PUBLISHED") contentNotFound();
  if (!audienceIncludes(item.audienceTiers, await customerTier(actor))) contentNotFound();
  return { item, preview: false };
}

/**
 * The item at this slug as this person may see it: a customer only when it is published and their
 * tier is in its audience (404 otherwise, so a draft's existence is not revealed); staff who manage
 * the library see any item, with `preview` set.
 */
export function requireVisibleContent(actor: Actor, slug: string) {
  return findVisible(actor, { slug });
}

/** The same check by id, for the console's preview. */
export function requireContentForPreview(actor: Actor, contentId: string) {
  assertLibraryManager(actor);
  return findVisible(actor, { id: contentId });
}
