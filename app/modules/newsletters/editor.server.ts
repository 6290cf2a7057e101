import type { NewsletterStatus } from "~/generated/prisma/enums.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { addBlock, BLOCK_TYPE_LABEL, moveBlock, removeBlock, replaceBlock, type BlockRef } from "./block-editing.ts";
import { NewsletterBlocksSchema, parseBlocks, type NewsletterBlock } from "./blocks.ts";
import { CONTENT_KIND_LABEL, formatSessionTime, SESSION_KIND_LABEL, sessionStateAt } from "./featured.ts";
import type { NewsletterDetails } from "./newsletter.schema.ts";
import { previewAudience } from "./segment-store.server.ts";
import { parseSegmentRules } from "./segment-rules.ts";
import { recipientProgress } from "./progress.server.ts";
import { NEWSLETTER_STATUS_LABEL } from "./status.ts";
import { assertCanManageNewsletters } from "./topics.server.ts";

// The console's newsletter list and editor. Newsletters belong to the team, not to whoever wrote
// them: any publisher may edit any draft. Only a DRAFT changes; every write is conditional on that.

type Viewer = Actor & { timeZone: string; locale: string };

function notFound(): never {
  throw new Response("There is no newsletter with that id. It may have been deleted.", { status: 404 });
}

function notDraft(status: NewsletterStatus) {
  return new DomainError(
    409,
    `This newsletter is ${NEWSLETTER_STATUS_LABEL[status].toLowerCase()}, so it can no longer be edited. Start a new newsletter to send something else.`,
  );
}

// ——— The list ———

export async function listNewsletters(viewer: Viewer, { status }: { status?: NewsletterStatus }) {
  assertCanManageNewsletters(viewer);
  const rows = await prisma.newsletter.findMany({
    where: status ? { status } : {},
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      subject: true,
      status: true,
      recipientsTotal: true,
      segmentName: true,
      createdAt: true,
      startedAt: true,
      completedAt: true,
      topic: { select: { name: true } },
      segment: { select: { name: true } },
    },
  });
  const progress = await recipientProgress(rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    topic: row.topic.name,
    audience: row.segmentName ?? row.segment?.name ?? `Everyone subscribed to ${row.topic.name}`,
    status: row.status,
    statusLabel: NEWSLETTER_STATUS_LABEL[row.status],
    sent: progress.get(row.id)?.SENT ?? 0,
    total: row.recipientsTotal,
    created: formatDateTime(row.createdAt, viewer.timeZone, viewer.locale),
    sentOn: row.completedAt ? formatDateTime(row.completedAt, viewer.timeZone, viewer.locale) : null,
  }));
}

// ——— Choices for the forms ———

export async function newsletterFormOptions(now = new Date()) {
  const [topics, segments, sessions, items] = await Promise.all([
    prisma.newsletterTopic.findMany({ where: { archivedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    prisma.segment.findMany({ orderBy: { name: "asc" }, take: 500, select: { id: true, name: true } }),
    prisma.liveSession.findMany({
      where: { status: "PUBLISHED", startsAt: { gt: now } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: 200,
      select: { id: true, title: true, kind: true, startsAt: true, timeZone: true },
    }),
    prisma.contentItem.findMany({
      where: { status: "PUBLISHED" },
      orderBy: [{ title: "asc" }, { id: "asc" }],
      take: 500,
      select: { id: true, title: true, kind: true },
    }),
  ]);
  return {
    topics: topics.map((topic) => ({ value: topic.id, label: topic.name })),
    segments: segments.map((segment) => ({ value: segment.id, label: segment.name })),
    sessions: sessions.map((session) => ({
      value: session.id,
      label: `${session.title} · ${SESSION_KIND_LABEL[session.kind] ?? "Session"} · ${formatSessionTime(session.startsAt, session.timeZone, now)}`,
    })),
    items: items.map((item) => ({ value: item.id, label: `${item.title} · ${CONTENT_KIND_LABEL[item.kind]?.label ?? "Library"}` })),
  };
}

async function assertDetailsExist(details: NewsletterDetails) {
  const [topic, segment] = await Promise.all([
    prisma.newsletterTopic.findUnique({ where: { id: details.topicId }, select: { archivedAt: true } }),
    details.segmentId ? prisma.segment.findUnique({ where: { id: details.segmentId }, select: { id: true } }) : null,
  ]);
  if (!topic || topic.archivedAt) throw new DomainError(400, "Choose a topic from the list", "topicId");
  if (details.segmentId && !segment) throw new DomainError(400, "Choose an audience from the list", "segmentId");
}

async function assertBlockTargetExists(block: NewsletterBlock, now: Date) {
  if (block.type === "session") {
    const session = await prisma.liveSession.findUnique({ where: { id: block.sessionId }, select: { status: true, startsAt: true } });
    if (!session || session.status !== "PUBLISHED" || session.startsAt <= now) {
      throw new DomainError(400, "Choose an upcoming session from the list", "sessionId");
    }
  }
  if (block.type === "content") {
    const item = await prisma.contentItem.findUnique({ where: { id: block.contentId }, select: { status: true } });
    if (item?.status !== "PUBLISHED") throw new DomainError(400, "Choose a published library item from the list", "contentId");
  }
}

// ——— Writes ———

export async function createNewsletter(actor: Actor, details: NewsletterDetails) {
  assertCanManageNewsletters(actor);
  await assertDetailsExist(details);
  return prisma.newsletter.create({ data: { ...details, createdById: actor.id }, select: { id: true } });
}

async function explainRefusedWrite(newsletterId: string): Promise<never> {
  const current = await prisma.newsletter.findUnique({ where: { id: newsletterId }, select: { status: true } });
  if (!current) notFound();
  if (current.status !== "DRAFT") throw notDraft(current.status);
  throw new DomainError(409, "Someone else changed this newsletter at the same time. Reload the page and try again.");
}

export async function updateNewsletterDetails(actor: Actor, newsletterId: string, details: NewsletterDetails) {
  assertCanManageNewsletters(actor);
  await assertDetailsExist(details);
  const { count } = await prisma.newsletter.updateMany({ where: { id: newsletterId, status: "DRAFT" }, data: details });
  if (count === 0) await explainRefusedWrite(newsletterId);
}

export type BlockChange =
  | { kind: "add"; block: NewsletterBlock }
  | { kind: "save"; ref: BlockRef; block: NewsletterBlock }
  | { kind: "move"; ref: BlockRef; direction: "up" | "down" }
  | { kind: "remove"; ref: BlockRef };

function applyChange(blocks: NewsletterBlock[], change: BlockChange) {
  switch (change.kind) {
    case "add":
      return addBlock(blocks, change.block);
    case "save":
      return replaceBlock(blocks, change.ref, change.block);
    case "move":
      return moveBlock(blocks, change.ref, change.direction);
    case "remove":
      return removeBlock(blocks, change.ref);
  }
}

/**
 * Read, change, then write only if the stored list is still the one read and the newsletter still a
 * draft (a compare-and-set on the JSON itself). Two editors adding at once both land: the loser reads
 * again and re-applies. A change by index against a list that moved meanwhile is refused by applyChange.
 */
export async function changeBlocks(actor: Actor, newsletterId: string, change: BlockChange, now = new Date()) {
  assertCanManageNewsletters(actor);
  if (change.kind === "add" || change.kind === "save") await assertBlockTargetExists(change.block, now);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await prisma.newsletter.findUnique({ where: { id: newsletterId }, select: { status: true, blocks: true } });
    if (!current) notFound();
    if (current.status !== "DRAFT") throw notDraft(current.status);
    const next = NewsletterBlocksSchema.parse(applyChange(parseBlocks(current.blocks), change));
    const { count } = await prisma.newsletter.updateMany({
      where: { id: newsletterId, status: "DRAFT", blocks: current.blocks },
      data: { blocks: JSON.stringify(next) },
    });
    if (count === 1) return next;
  }
  return explainRefusedWrite(newsletterId);
}

// ——— The editor page ———

export async function getNewsletterEditor(viewer: Viewer, newsletterId: string, now = new Date()) {
  assertCanManageNewsletters(viewer);
  const newsletter = await prisma.newsletter.findUnique({
    where: { id: newsletterId },
    select: {
      id: true,
      subject: true,
      preheader: true,
      topicId: true,
      segmentId: true,
      blocks: true,
      status: true,
      recipientsTotal: true,
      segmentName: true,
      createdAt: true,
      completedAt: true,
      topic: { select: { name: true } },
      segment: { select: { name: true, rules: true } },
    },
  });
  if (!newsletter) notFound();
  // Who a send would reach right now (segment, topic consent, opt-outs, suppressions), shown beside the audience.
  const reach =
    newsletter.status === "DRAFT"
      ? (await previewAudience(parseSegmentRules(newsletter.segment?.rules), newsletter.topicId, now)).count
      : null;
  const blocks = parseBlocks(newsletter.blocks);
  const sessionIds = blocks.flatMap((block) => (block.type === "session" ? [block.sessionId] : []));
  const contentIds = blocks.flatMap((block) => (block.type === "content" ? [block.contentId] : []));
  const [options, sessions, items] = await Promise.all([
    newsletterFormOptions(now),
    prisma.liveSession.findMany({
      where: { id: { in: sessionIds } },
      select: { id: true, title: true, status: true, startsAt: true, durationMinutes: true },
    }),
    prisma.contentItem.findMany({ where: { id: { in: contentIds } }, select: { id: true, title: true, status: true } }),
  ]);
  const sessionById = new Map(sessions.map((session) => [session.id, session]));
  const itemById = new Map(items.map((item) => [item.id, item]));
  return {
    newsletter: {
      id: newsletter.id,
      subject: newsletter.subject,
      preheader: newsletter.preheader,
      topicId: newsletter.topicId,
      segmentId: newsletter.segmentId ?? "",
      topic: newsletter.topic.name,
      audience: newsletter.segmentName ?? newsletter.segment?.name ?? `Everyone subscribed to ${newsletter.topic.name}`,
      status: newsletter.status,
      statusLabel: NEWSLETTER_STATUS_LABEL[newsletter.status],
      recipientsTotal: newsletter.recipientsTotal,
      created: formatDateTime(newsletter.createdAt, viewer.timeZone, viewer.locale),
      editable: newsletter.status === "DRAFT",
      reach,
    },
    blocks: blocks.map((block, index) => ({
      index,
      block,
      label: BLOCK_TYPE_LABEL[block.type],
      summary: blockSummary(block, sessionById, itemById),
      warning: blockWarning(block, sessionById, itemById, now),
    })),
    options,
  };
}

type SessionRow = { title: string; status: string; startsAt: Date; durationMinutes: number };

function blockSummary(block: NewsletterBlock, sessions: Map<string, SessionRow>, items: Map<string, { title: string }>) {
  switch (block.type) {
    case "text":
      return block.markdown.length > 120 ? `${block.markdown.slice(0, 119)}…` : block.markdown;
    case "session":
      return sessions.get(block.sessionId)?.title ?? "A session that no longer exists";
    case "content":
      return items.get(block.contentId)?.title ?? "A library item that no longer exists";
    case "cta":
      return `${block.label} → ${block.url}`;
  }
}

function blockWarning(
  block: NewsletterBlock,
  sessions: Map<string, SessionRow>,
  items: Map<string, { status: string }>,
  now: Date,
): string | null {
  if (block.type === "session") {
    const session = sessions.get(block.sessionId);
    if (!session || session.status === "DRAFT") return "Left out of the email: the session is gone or unpublished.";
    const state = sessionStateAt(session, now);
    if (state === "cancelled") return "The session was cancelled: the email says so and shows no Register button.";
    if (state === "over") return "The session is over: the email says so and shows no Register button.";
  }
  if (block.type === "content" && items.get(block.contentId)?.status !== "PUBLISHED") {
    return "Left out of the email: the library item is gone or unpublished.";
  }
  return null;
}
