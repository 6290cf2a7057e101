import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { formatDate } from "~/utils/format.ts";
import { renderMarkdown } from "~/utils/markdown.ts";
import { formatBytes } from "./content.ts";
import { KIND_LABELS, STATUS_LABELS } from "./content.schema.ts";
import {
  audienceLabel,
  minutesLabel,
  requireContentForPreview,
  requireVisibleContent,
  type LibraryActor,
  type VisibleContent,
} from "./content.server.ts";
import { recordDocumentSignal } from "./document-signals.server.ts";
import { getResumePosition } from "./progress.server.ts";
import { parseStartParam } from "./progress.ts";
import { getVideoPlayback } from "./video.server.ts";

// One library item as a page: a one-pager, an e-book (table of contents, one chapter at a time, or
// its PDF) or a video with its notes. Customers and the console's preview share it.

function chapterNotFound(): never {
  throw new Response("This chapter does not exist. The book may have been rearranged; start from its contents.", { status: 404 });
}

/** `?chapter=3` → 3; no parameter → null (the book's contents); anything else is a 404. */
function chapterNumber(url: URL): number | null {
  const raw = url.searchParams.get("chapter");
  if (raw === null || raw === "") return null;
  if (!/^\d{1,4}$/.test(raw)) chapterNotFound();
  return Number(raw);
}

export function downloadPath(slug: string) {
  return `/portal/library/${slug}/download`;
}

async function presentPage(actor: LibraryActor, item: VisibleContent, preview: boolean, basePath: string, url: URL) {
  const chapter = item.kind === "EBOOK" ? chapterNumber(url) : null;
  let current = null;
  if (chapter !== null) {
    const row = await prisma.ebookChapter.findUnique({
      where: { contentId_position: { contentId: item.id, position: chapter } },
      select: { position: true, title: true, body: true },
    });
    if (!row) chapterNotFound();
    const index = item.chapters.findIndex((entry) => entry.position === row.position);
    const link = (entry: { position: number; title: string } | undefined) =>
      entry ? { title: entry.title, href: `${basePath}?chapter=${entry.position}` } : null;
    current = {
      position: row.position,
      number: index + 1,
      title: row.title,
      html: renderMarkdown(row.body),
      prev: link(item.chapters[index - 1]),
      next: link(item.chapters[index + 1]),
    };
  }
  const path = chapter === null ? basePath : `${basePath}?chapter=${chapter}`;
  return {
    preview,
    basePath,
    // Printed pages carry the address they came from; the customer's, even in a preview.
    printUrl: `${getEnv().APP_URL}/portal/library/${item.slug}${chapter === null ? "" : `?chapter=${chapter}`}`,
    path,
    item: {
      id: item.id,
      slug: item.slug,
      kind: item.kind,
      kindLabel: KIND_LABELS[item.kind],
      status: item.status,
      statusLabel: STATUS_LABELS[item.status],
      title: item.title,
      summary: item.summary,
      minutes: minutesLabel(item.kind, item.minutes),
      topics: item.topics.map((row) => row.topic),
      audience: audienceLabel(item.audienceTiers),
      published: item.publishedAt ? formatDate(item.publishedAt, actor.timeZone, actor.locale) : null,
      updated: formatDate(item.updatedAt, actor.timeZone, actor.locale),
      // E-books keep their text in chapters: only one-pagers and video notes have a body.
      html: item.kind === "EBOOK" ? "" : renderMarkdown(item.body),
    },
    ebook:
      item.kind === "EBOOK"
        ? {
            chapters: item.chapters.map((entry, index) => ({
              number: index + 1,
              title: entry.title,
              href: `${basePath}?chapter=${entry.position}`,
              current: entry.position === chapter,
            })),
            current,
            file: item.file
              ? { filename: item.file.filename, size: formatBytes(item.file.sizeBytes), href: downloadPath(item.slug) }
              : null,
          }
        : null,
    video:
      item.kind === "VIDEO" ? { playback: await getVideoPlayback(item.id), startAt: await videoStart(actor, item.id, preview, url) } : null,
  };
}

/**
 * Where the player starts: `?t=` seconds when a link asks for it ("Resume at 3:25"), else where this
 * customer stopped last time. Staff previews start at the beginning and are not tracked.
 */
async function videoStart(actor: LibraryActor, contentId: string, preview: boolean, url: URL) {
  if (preview) return 0;
  return parseStartParam(url.searchParams.get("t")) ?? (await getResumePosition(actor.id, contentId));
}

/**
 * The customer's page for one item (404 unless they may see it). Opening a one-pager or an e-book
 * records `document.opened` and their progress, in one transaction.
 */
export async function getContentPage(actor: LibraryActor, slug: string, url: URL) {
  const { item, preview } = await requireVisibleContent(actor, slug);
  const page = await presentPage(actor, item, preview, `/portal/library/${item.slug}`, url);
  if (!preview && item.kind !== "VIDEO") await recordOpen(actor, item.id);
  return page;
}

/** The customer's view of any item, drafts included, for staff who manage the library. Records nothing. */
export async function getContentPreview(actor: LibraryActor, contentId: string, url: URL) {
  const { item } = await requireContentForPreview(actor, contentId);
  return presentPage(actor, item, true, `/console/library/${item.id}/preview`, url);
}

function recordOpen(actor: Actor, contentId: string) {
  return prisma.$transaction((tx) => recordDocumentSignal(tx, { actor, contentId, kind: "open" }));
}

export type ContentPage = Awaited<ReturnType<typeof getContentPage>>;
