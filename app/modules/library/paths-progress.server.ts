import type { Prisma } from "~/generated/prisma/client.ts";
import type { Tier } from "~/generated/prisma/enums.ts";
import { audienceWhere } from "~/modules/accounts/audience.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { KIND_LABELS as SESSION_KIND_LABELS } from "~/modules/sessions/catalogue.schema.ts";
import { sessionEnd } from "~/modules/sessions/schedule.ts";
import type { Tx } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import {
  CONTENT_KIND_LABELS,
  doneFacts,
  isContentStepVisible,
  isSessionStepVisible,
  isStepDone,
  pathProgress,
  type DoneFacts,
  type PathProgress,
  type StepRef,
} from "./paths.ts";

// Where a person stands on published paths: the rows read, the facts gathered, the pure rules
// applied. Shared by the customer's pages and by recordPathCompletions, so both agree on "complete".

const HOUR_MS = 60 * 60 * 1000;
// A session still running started less than this long ago (sessions last at most 8 hours).
const LONGEST_SESSION_MS = 8 * HOUR_MS;

export const VIEWER_PATH_SELECT = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  publishedAt: true,
  steps: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      note: true,
      content: { select: { id: true, slug: true, title: true, kind: true, status: true, audienceTiers: true, minutes: true } },
      session: {
        select: {
          id: true,
          title: true,
          kind: true,
          status: true,
          audienceTiers: true,
          startsAt: true,
          durationMinutes: true,
          seriesId: true,
        },
      },
    },
  },
} as const satisfies Prisma.LearningPathSelect;

export type ViewerPathRow = Prisma.LearningPathGetPayload<{ select: typeof VIEWER_PATH_SELECT }>;

export type Learner = { userId: string; tier: Tier | null; timeZone: string; locale: string };

/** One step as the learner sees it. */
export type LearnerStep = StepRef & {
  title: string;
  kindLabel: string;
  note: string;
  href: string;
  /** "6 min", or when the session (or its next occurrence) takes place. */
  detail: string | null;
  action: string;
};

export type EvaluatedPath = { path: ViewerPathRow; progress: PathProgress<LearnerStep> };

type Occurrence = { id: string; startsAt: Date };

const CONTENT_ACTIONS = { VIDEO: "Watch the video", ONE_PAGER: "Read the one-pager", EBOOK: "Read the e-book" } as const;

async function gatherFacts(db: Tx, userId: string, paths: ViewerPathRow[]): Promise<DoneFacts> {
  const steps = paths.flatMap((path) => path.steps);
  const contentIds = [...new Set(steps.flatMap((step) => (step.content ? [step.content.id] : [])))];
  const sessionIds = [...new Set(steps.flatMap((step) => (step.session ? [step.session.id] : [])))];
  const seriesIds = [...new Set(steps.flatMap((step) => (step.session?.seriesId ? [step.session.seriesId] : [])))];
  // One after the other: `db` may be an interactive transaction, which runs one statement at a time.
  const completed = contentIds.length
    ? await db.contentProgress.findMany({
        where: { userId, contentId: { in: contentIds }, completedAt: { not: null } },
        select: { contentId: true },
      })
    : [];
  const attended = sessionIds.length
    ? await db.registration.findMany({
        where: {
          userId,
          attendance: "ATTENDED",
          OR: [{ sessionId: { in: sessionIds } }, ...(seriesIds.length ? [{ session: { seriesId: { in: seriesIds } } }] : [])],
        },
        select: { sessionId: true, session: { select: { seriesId: true } } },
      })
    : [];
  return doneFacts({
    completedContentIds: completed.map((row) => row.contentId),
    attended: attended.map((row) => ({ sessionId: row.sessionId, seriesId: row.session.seriesId })),
  });
}

/** The soonest occurrence of each series that the learner may still join (not ended, published, their tier). */
async function upcomingOccurrences(db: Tx, tier: Tier | null, paths: ViewerPathRow[], now: Date) {
  const seriesIds = [
    ...new Set(paths.flatMap((path) => path.steps.flatMap((step) => (step.session?.seriesId ? [step.session.seriesId] : [])))),
  ];
  const next = new Map<string, Occurrence>();
  if (!seriesIds.length) return next;
  const rows = await db.liveSession.findMany({
    where: {
      seriesId: { in: seriesIds },
      status: "PUBLISHED",
      ...audienceWhere(tier),
      startsAt: { gt: new Date(now.getTime() - LONGEST_SESSION_MS) },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, seriesId: true, startsAt: true, durationMinutes: true },
  });
  for (const row of rows) {
    if (!row.seriesId || next.has(row.seriesId) || sessionEnd(row.startsAt, row.durationMinutes) <= now) continue;
    next.set(row.seriesId, { id: row.id, startsAt: row.startsAt });
  }
  return next;
}

function learnerSteps(path: ViewerPathRow, learner: Learner, facts: DoneFacts, upcoming: Map<string, Occurrence>, now: Date) {
  const steps: LearnerStep[] = [];
  for (const step of path.steps) {
    if (step.content) {
      const content = step.content;
      if (!isContentStepVisible(content, learner.tier)) continue;
      const kindLabel = CONTENT_KIND_LABELS[content.kind];
      steps.push({
        id: step.id,
        kind: "content",
        contentId: content.id,
        title: content.title,
        kindLabel,
        note: step.note,
        href: `/portal/library/${content.slug}`,
        detail: content.minutes ? `${content.minutes} min` : null,
        action: CONTENT_ACTIONS[content.kind],
      });
    } else if (step.session) {
      const session = step.session;
      const ref: StepRef = { id: step.id, kind: "session", sessionId: session.id, seriesId: session.seriesId };
      const ended = sessionEnd(session.startsAt, session.durationMinutes) <= now;
      const later = session.seriesId ? (upcoming.get(session.seriesId) ?? null) : null;
      const attended = isStepDone(ref, facts);
      if (!isSessionStepVisible({ ...session, ended }, learner.tier, { attended, upcomingOccurrence: later !== null })) continue;
      // An occurrence that is over sends the learner to the next one of its series, when there is one.
      const target = ended && later ? later : { id: session.id, startsAt: session.startsAt };
      const when = formatDateTime(target.startsAt, learner.timeZone, learner.locale);
      steps.push({
        ...ref,
        title: session.title,
        kindLabel: SESSION_KIND_LABELS[session.kind],
        note: step.note,
        href: `/portal/sessions/${target.id}`,
        detail: target.id === session.id ? when : `Next occurrence: ${when}`,
        action: attended ? "See the session" : "Choose a date and register",
      });
    }
  }
  return steps;
}

/** Visible steps and progress for each path, in the order given. */
export async function evaluatePaths(db: Tx, learner: Learner, paths: ViewerPathRow[], now: Date): Promise<EvaluatedPath[]> {
  if (!paths.length) return [];
  const facts = await gatherFacts(db, learner.userId, paths);
  const upcoming = await upcomingOccurrences(db, learner.tier, paths, now);
  return paths.map((path) => ({ path, progress: pathProgress(learnerSteps(path, learner, facts, upcoming, now), facts) }));
}

export function publishedPathsFor(tier: Tier | null): Prisma.LearningPathWhereInput {
  return { status: "PUBLISHED", ...audienceWhere(tier) };
}

export type RecordedCompletion = { pathId: string; slug: string };

/**
 * Records a completion for every published path this person may see and has now finished, with one
 * `path.completed` engagement event each. Safe to call any number of times, and concurrently: the
 * (pathId, userId) key decides with a conditional insert, and only the call whose insert landed
 * records the event (whose dedupe key is a second guard).
 *
 * Call it inside the transaction that completed something (a content item's progress, a session's
 * attendance); the customer's path pages also call it, so a completion is never missed.
 */
export async function recordPathCompletions(tx: Tx, input: { userId: string; now?: Date }): Promise<RecordedCompletion[]> {
  const now = input.now ?? new Date();
  const user = await tx.user.findUnique({
    where: { id: input.userId },
    select: { id: true, accountId: true, timeZone: true, locale: true, account: { select: { tier: true } } },
  });
  if (!user?.accountId || !user.account) return [];
  const paths = await tx.learningPath.findMany({
    where: { ...publishedPathsFor(user.account.tier), completions: { none: { userId: user.id } } },
    select: VIEWER_PATH_SELECT,
  });
  const learner = { userId: user.id, tier: user.account.tier, timeZone: user.timeZone, locale: user.locale };
  const recorded: RecordedCompletion[] = [];
  for (const { path, progress } of await evaluatePaths(tx, learner, paths, now)) {
    if (!progress.complete) continue;
    const inserted = await tx.$executeRaw`
      INSERT INTO "LearningPathCompletion" ("pathId", "userId", "completedAt") VALUES (${path.id}, ${user.id}, ${now})
      ON CONFLICT ("pathId", "userId") DO NOTHING`;
    if (inserted !== 1) continue;
    await recordEvent(tx, {
      kind: "path.completed",
      accountId: user.accountId,
      userId: user.id,
      subjectType: "learning_path",
      subjectId: path.id,
      value: progress.total,
      data: { slug: path.slug, title: path.title, steps: progress.total },
      dedupeKey: `path.completed:${path.id}:${user.id}`,
      occurredAt: now,
    });
    recorded.push({ pathId: path.id, slug: path.slug });
  }
  return recorded;
}
