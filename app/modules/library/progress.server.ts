import { createHash } from "node:crypto";
import type { Tier } from "~/generated/prisma/enums.ts";
import { audienceWhere } from "~/modules/accounts/audience.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { recordEvents } from "~/modules/engagement/events.server.ts";
import type { EngagementEventInput } from "~/modules/engagement/events.ts";
import { prisma, type Prisma, type Tx } from "~/utils/db.server.ts";
import { onContentCompleted } from "./completion-hooks.server.ts";
import { applyProgressEvents, formatClock, parseRanges, resumePosition, type ProgressBatch, type ProgressEvent } from "./progress.ts";
import { customerTier } from "./viewer.server.ts";

/** Why an item of a batch was not recorded. One reason for all: a draft or another tier's video is not confirmed to exist. */
export type SkippedItem = { contentId: string; reason: "unavailable" };

export type ProgressOutcome = {
  /** Items whose progress was stored by this batch. */
  recorded: string[];
  /** Items this batch had already been counted for (a resent beacon): acknowledged, nothing changed. */
  duplicates: string[];
  skipped: SkippedItem[];
  /** Items this batch completed for the first time. */
  completed: string[];
};

/** Videos a customer of this tier may watch: published, and open to their tier. */
function watchableVideoWhere(tier: Tier | null) {
  return { kind: "VIDEO", status: "PUBLISHED", ...audienceWhere(tier) } satisfies Prisma.ContentItemWhereInput;
}

function groupByContent(events: readonly ProgressEvent[]) {
  const groups = new Map<string, ProgressEvent[]>();
  for (const event of events) groups.set(event.contentId, [...(groups.get(event.contentId) ?? []), event]);
  return groups;
}

// Engagement dedupe keys hold at most 200 characters; ids that make a longer key are hashed.
function boundedKey(kind: string, parts: string[]) {
  const key = `${kind}:${parts.join(":")}`;
  return key.length <= 200 ? key : `${kind}:sha256:${createHash("sha256").update(key).digest("hex")}`;
}

export const watchedDedupeKey = (userId: string, contentId: string, batchId: string) =>
  boundedKey("video.watched", [userId, contentId, batchId]);
export const completedDedupeKey = (userId: string, contentId: string) => boundedKey("video.completed", [userId, contentId]);

/**
 * Stores what a customer's player reported. Everything happens in one transaction: per video, the
 * progress row (ranges merged, position from the last event, percent, completedAt set once), one
 * `video.watched` event for the batch with the seconds watched for the first time, and on first
 * completion `video.completed` plus the completion listeners.
 *
 * Only customers are recorded (`library.view`): progress feeds an account's engagement, and staff
 * previewing a video would count as an account's viewing. Their players run with tracking off.
 *
 * A batch resent with the same `batchId` is recognised by its `video.watched` dedupe key and
 * changes nothing; merging ranges is idempotent anyway, so even a batch that played nothing (and so
 * left no key) can only move the resume position back to where it already was.
 */
export async function recordProgressBatch(actor: Actor, batch: ProgressBatch, now = new Date()): Promise<ProgressOutcome> {
  if (!can(actor, "library.view") || !actor.accountId) throw new DomainError(403, "Only customers' viewing is recorded.");
  const accountId = actor.accountId;
  const groups = groupByContent(batch.events);
  const tier = await customerTier(actor);
  const items = await prisma.contentItem.findMany({
    where: { id: { in: [...groups.keys()] }, ...watchableVideoWhere(tier) },
    select: { id: true, video: { select: { durationSeconds: true } } },
    orderBy: { id: "asc" },
  });
  const outcome: ProgressOutcome = {
    recorded: [],
    duplicates: [],
    skipped: [...groups.keys()]
      .filter((id) => !items.some((item) => item.id === id))
      .map((contentId) => ({ contentId, reason: "unavailable" })),
    completed: [],
  };
  if (items.length === 0) return outcome;

  await prisma.$transaction(
    async (tx) => {
      for (const item of items) {
        const result = await recordItem(tx, {
          userId: actor.id,
          accountId,
          contentId: item.id,
          batchId: batch.batchId,
          events: groups.get(item.id) ?? [],
          knownDuration: item.video?.durationSeconds ?? null,
          now,
        });
        outcome[result === "duplicate" ? "duplicates" : "recorded"].push(item.id);
        if (result === "completed") outcome.completed.push(item.id);
      }
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
  return outcome;
}

type ItemInput = {
  userId: string;
  accountId: string;
  contentId: string;
  batchId: string;
  events: ProgressEvent[];
  knownDuration: number | null;
  now: Date;
};

async function recordItem(tx: Tx, input: ItemInput): Promise<"recorded" | "completed" | "duplicate"> {
  const { userId, accountId, contentId, now } = input;
  const watchedKey = watchedDedupeKey(userId, contentId, input.batchId);
  if (await tx.engagementEvent.findUnique({ where: { dedupeKey: watchedKey }, select: { id: true } })) return "duplicate";

  const key = { userId_contentId: { userId, contentId } };
  const previous = await tx.contentProgress.findUnique({
    where: key,
    select: { watchedRanges: true, positionSeconds: true, durationSeconds: true },
  });
  const applied = applyProgressEvents(
    previous && {
      ranges: parseRanges(previous.watchedRanges),
      positionSeconds: previous.positionSeconds,
      durationSeconds: previous.durationSeconds,
    },
    input.events,
    input.knownDuration,
  );
  const fields = {
    accountId,
    positionSeconds: applied.positionSeconds,
    durationSeconds: applied.durationSeconds,
    watchedRanges: JSON.stringify(applied.ranges),
    watchedSeconds: applied.watchedSeconds,
    percent: applied.percent,
    lastSeenAt: now,
  };
  await tx.contentProgress.upsert({
    where: key,
    create: { userId, contentId, ...fields, opens: applied.starts, firstSeenAt: now },
    update: { ...fields, opens: { increment: applied.starts } },
  });

  const events: EngagementEventInput[] = [];
  const subject = { accountId, userId, subjectType: "content", subjectId: contentId, occurredAt: now };
  if (applied.playedSeconds > 0) {
    // One row per item per batch, whatever the number of ticks; re-watching counts as played but
    // adds no new seconds.
    events.push({
      ...subject,
      kind: "video.watched",
      value: applied.newlyWatchedSeconds,
      data: { batchId: input.batchId, playedSeconds: applied.playedSeconds, percent: applied.percent },
      dedupeKey: watchedKey,
    });
  }

  let completed = false;
  if (applied.complete) {
    // A conditional write, so only one transaction ever sees the row go from empty to complete.
    const first = await tx.contentProgress.updateMany({ where: { userId, contentId, completedAt: null }, data: { completedAt: now } });
    completed = first.count === 1;
  }
  if (completed) {
    events.push({
      ...subject,
      kind: "video.completed",
      value: applied.percent,
      dedupeKey: completedDedupeKey(userId, contentId),
    });
  }
  await recordEvents(tx, events);
  if (completed) await onContentCompleted(tx, { userId, contentId, accountId, now });
  return completed ? "completed" : "recorded";
}

/** Whole seconds to start this person's player at: where they stopped, or 0 (see resumePosition). */
export async function getResumePosition(userId: string, contentId: string): Promise<number> {
  const progress = await prisma.contentProgress.findUnique({
    where: { userId_contentId: { userId, contentId } },
    select: { positionSeconds: true, durationSeconds: true, content: { select: { video: { select: { durationSeconds: true } } } } },
  });
  if (!progress) return 0;
  return resumePosition(progress.positionSeconds, progress.content.video?.durationSeconds ?? progress.durationSeconds);
}

export type ContinueWatchingItem = {
  contentId: string;
  slug: string;
  title: string;
  /** Whole percent watched, 0–99. */
  percent: number;
  resumeAt: number;
  /** "3:25", or null when the video starts over. */
  resumeLabel: string | null;
  href: string;
};

/**
 * Videos this customer started and has not finished, most recently watched first, limited to what
 * their tier may see now (an item unpublished or moved to another tier drops out).
 */
export async function listContinueWatching(actor: Actor, { take = 4 }: { take?: number } = {}): Promise<ContinueWatchingItem[]> {
  if (!can(actor, "library.view")) return [];
  const tier = await customerTier(actor);
  const rows = await prisma.contentProgress.findMany({
    where: {
      userId: actor.id,
      completedAt: null,
      OR: [{ watchedSeconds: { gt: 0 } }, { positionSeconds: { gt: 0 } }],
      content: watchableVideoWhere(tier),
    },
    orderBy: [{ lastSeenAt: "desc" }, { contentId: "asc" }],
    take,
    select: {
      contentId: true,
      positionSeconds: true,
      durationSeconds: true,
      percent: true,
      content: { select: { slug: true, title: true, video: { select: { durationSeconds: true } } } },
    },
  });
  return rows.map((row) => {
    const resumeAt = resumePosition(row.positionSeconds, row.content.video?.durationSeconds ?? row.durationSeconds);
    return {
      contentId: row.contentId,
      slug: row.content.slug,
      title: row.content.title,
      // Not complete means under 90 %; floor so a bar never reads 100 % for an unfinished video.
      percent: Math.min(99, Math.floor(row.percent)),
      resumeAt,
      resumeLabel: resumeAt > 0 ? formatClock(resumeAt) : null,
      href: `/portal/library/${encodeURIComponent(row.content.slug)}?t=${resumeAt}`,
    };
  });
}
