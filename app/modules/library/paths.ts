import type { ContentKind, ContentStatus, LiveSessionStatus, Tier } from "~/generated/prisma/enums.ts";
import { audienceIncludes } from "~/modules/accounts/audience.ts";

// A learning path from the learner's side, from facts alone: which steps they may see, which are
// done, what comes next, how far along they are. No Prisma, no Request, no clock of its own.

/** A step as the progress rules need it: a library item, or a live session (and its series). */
export type StepRef = { id: string } & (
  { kind: "content"; contentId: string } | { kind: "session"; sessionId: string; seriesId: string | null }
);

/** What one person has done, as sets of ids. */
export type DoneFacts = {
  completedContentIds: ReadonlySet<string>;
  attendedSessionIds: ReadonlySet<string>;
  attendedSeriesIds: ReadonlySet<string>;
};

export function doneFacts(input: {
  completedContentIds?: Iterable<string>;
  attended?: Iterable<{ sessionId: string; seriesId: string | null }>;
}): DoneFacts {
  const attended = [...(input.attended ?? [])];
  return {
    completedContentIds: new Set(input.completedContentIds ?? []),
    attendedSessionIds: new Set(attended.map((row) => row.sessionId)),
    attendedSeriesIds: new Set(attended.flatMap((row) => (row.seriesId ? [row.seriesId] : []))),
  };
}

/**
 * A content step is done once its item is completed; a session step once the person attended that
 * session or any occurrence of its series (missing Tuesday's webinar and catching next week's counts).
 */
export function isStepDone(step: StepRef, facts: DoneFacts): boolean {
  if (step.kind === "content") return facts.completedContentIds.has(step.contentId);
  return facts.attendedSessionIds.has(step.sessionId) || (step.seriesId !== null && facts.attendedSeriesIds.has(step.seriesId));
}

export type StepState = "done" | "next" | "upcoming";

export type PathProgress<S extends StepRef> = {
  steps: (S & { state: StepState; number: number })[];
  done: number;
  total: number;
  /** 0–100, rounded down: 100 only when every step is done. */
  percent: number;
  /** The first step in order that is not done; steps may be done in any order. */
  next: (S & { state: StepState; number: number }) | null;
  /** Every step done, and there is at least one. */
  complete: boolean;
};

export function pathProgress<S extends StepRef>(steps: readonly S[], facts: DoneFacts): PathProgress<S> {
  let nextIndex = -1;
  const states = steps.map((step, index) => {
    const done = isStepDone(step, facts);
    if (!done && nextIndex === -1) nextIndex = index;
    return done;
  });
  const marked = steps.map((step, index) => ({
    ...step,
    number: index + 1,
    state: (states[index] ? "done" : index === nextIndex ? "next" : "upcoming") as StepState,
  }));
  const done = states.filter(Boolean).length;
  const total = steps.length;
  return {
    steps: marked,
    done,
    total,
    percent: total === 0 ? 0 : Math.floor((done / total) * 100),
    next: nextIndex === -1 ? null : marked[nextIndex]!,
    complete: total > 0 && done === total,
  };
}

// Which steps a customer sees. A step they cannot see is left out and not counted, so a draft item
// or a session for another tier neither leaks its title nor blocks their path.

export function isContentStepVisible(content: { status: ContentStatus; audienceTiers: string }, tier: Tier | null): boolean {
  return content.status === "PUBLISHED" && audienceIncludes(content.audienceTiers, tier);
}

/**
 * A session step is shown when its session is published for the viewer's tier and can still be done:
 * it has not ended, the viewer already attended it (or its series), or a later occurrence of its
 * series is coming. A one-off session that ended without them can no longer be done, so it drops out
 * rather than keeping their path from ever completing.
 */
export function isSessionStepVisible(
  session: { status: LiveSessionStatus; audienceTiers: string; ended: boolean },
  tier: Tier | null,
  options: { attended: boolean; upcomingOccurrence: boolean },
): boolean {
  if (session.status !== "PUBLISHED" || !audienceIncludes(session.audienceTiers, tier)) return false;
  return !session.ended || options.attended || options.upcomingOccurrence;
}

export type MoveDirection = "up" | "down";

/** The order after moving `id` one place; null when it cannot move (first up, last down, unknown). */
export function moveInOrder<T>(order: readonly T[], id: T, direction: MoveDirection): T[] | null {
  const from = order.indexOf(id);
  const to = direction === "up" ? from - 1 : from + 1;
  if (from === -1 || to < 0 || to >= order.length) return null;
  const next = [...order];
  next[from] = order[to]!;
  next[to] = id;
  return next;
}

export const CONTENT_KIND_LABELS: Record<ContentKind, string> = { VIDEO: "Video", ONE_PAGER: "One-pager", EBOOK: "E-book" };

export const PATH_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const PATH_SLUG_MAX = 80;

/** "Get started in 5 steps!" → "get-started-in-5-steps": the URL of a path typed without a slug. */
export function slugFromTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, PATH_SLUG_MAX)
    .replace(/-+$/, "");
}

/** "3 of 5 steps done", "Not started", "Completed". */
export function progressLabel(progress: { done: number; total: number; complete: boolean }): string {
  if (progress.complete) return "Completed";
  if (progress.done === 0) return `Not started · ${progress.total} ${progress.total === 1 ? "step" : "steps"}`;
  return `${progress.done} of ${progress.total} steps done`;
}
