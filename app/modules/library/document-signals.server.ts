import { recordEvent } from "~/modules/engagement/events.server.ts";
import type { Tx } from "~/utils/db.server.ts";
import { onContentCompleted } from "./completion-hooks.server.ts";

export type DocumentSignalKind = "open" | "download";

const EVENT_KINDS = { open: "document.opened", download: "document.downloaded" } as const;

/** The UTC calendar day of an instant, "2026-03-08": one event per person, item and day. */
function utcDay(at: Date) {
  return at.toISOString().slice(0, 10);
}

/**
 * A customer opened a one-pager or e-book page, or downloaded its file. In the caller's transaction:
 * the engagement event (at most one per person, item, kind and UTC day, so reloading a page or
 * reading chapter after chapter counts as one open that day) and the person's progress row, whose
 * `opens` and `downloads` count every request. A document counts as completed the first time it is
 * opened or downloaded. Returns whether a new event was written.
 */
export async function recordDocumentSignal(
  tx: Tx,
  {
    actor,
    contentId,
    kind,
    now = new Date(),
  }: { actor: { id: string; accountId: string | null }; contentId: string; kind: DocumentSignalKind; now?: Date },
): Promise<boolean> {
  const opened = kind === "open";
  await tx.contentProgress.upsert({
    where: { userId_contentId: { userId: actor.id, contentId } },
    create: {
      userId: actor.id,
      contentId,
      accountId: actor.accountId,
      opens: opened ? 1 : 0,
      downloads: opened ? 0 : 1,
      firstSeenAt: now,
      lastSeenAt: now,
    },
    update: {
      ...(opened ? { opens: { increment: 1 } } : { downloads: { increment: 1 } }),
      lastSeenAt: now,
      accountId: actor.accountId,
    },
  });
  // Conditional, so the first completion time stays whatever else wrote the row before, and
  // whatever reacts to a completion (learning paths) hears of it exactly once.
  const completed = await tx.contentProgress.updateMany({
    where: { userId: actor.id, contentId, completedAt: null },
    data: { completedAt: now },
  });
  if (completed.count === 1) await onContentCompleted(tx, { userId: actor.id, contentId, accountId: actor.accountId, now });
  const recorded = await recordEvent(tx, {
    kind: EVENT_KINDS[kind],
    accountId: actor.accountId,
    userId: actor.id,
    subjectType: "content",
    subjectId: contentId,
    dedupeKey: `${EVENT_KINDS[kind]}:${actor.id}:${contentId}:${utcDay(now)}`,
    occurredAt: now,
  });
  return recorded > 0;
}
