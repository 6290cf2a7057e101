import type { Prisma } from "~/generated/prisma/client.ts";
import type { Tier } from "~/generated/prisma/enums.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor, type Permission } from "~/modules/auth/permissions.ts";
import { KIND_LABELS as SESSION_KIND_LABELS } from "~/modules/sessions/catalogue.schema.ts";
import { sessionEnd } from "~/modules/sessions/schedule.ts";
import { isUniqueViolation, prisma, writeTransaction, type Tx } from "~/utils/db.server.ts";
import { formatDate, formatDateTime } from "~/utils/format.ts";
import { evaluatePaths, publishedPathsFor, recordPathCompletions, VIEWER_PATH_SELECT, type LearnerStep } from "./paths-progress.server.ts";
import { CONTENT_KIND_LABELS, moveInOrder, progressLabel, type MoveDirection } from "./paths.ts";
import { MAX_PATH_STEPS, type AddStepValues, type PathEditorDefaults, type PathValues } from "./paths.schema.ts";
import { customerTier } from "./viewer.server.ts";

export { recordPathCompletions, type RecordedCompletion } from "./paths-progress.server.ts";

type Viewer = { timeZone: string; locale: string };

/** Defence in depth behind the route's requirePermission: a module never trusts its caller. */
export function assertPathRight(actor: Actor, permission: Permission) {
  if (!can(actor, permission)) throw new Response("You do not have access to this page.", { status: 403 });
}

function pathNotFound(): never {
  throw new Response("There is no learning path with that id. It may have been deleted.", { status: 404 });
}

const slugTaken = () => new DomainError(409, "Another learning path already uses this slug. Choose a different one.", "slug");
const stepGone = () => new DomainError(404, "That step is no longer in this path. Reload the page to see the current steps.");

export function audienceLabel(audienceTiers: string): string {
  const tiers = TIERS.filter((tier) => audienceTiers.split(",").includes(tier));
  return tiers.length ? tiers.map((tier) => TIER_LABELS[tier]).join(", ") : "Every tier";
}

function tierList(audienceTiers: string): Tier[] {
  return TIERS.filter((tier) => audienceTiers.split(",").includes(tier));
}

// ——— Staff: the console's list and editor ———

export async function listPathsForStaff(actor: Actor) {
  assertPathRight(actor, "library.manage");
  const rows = await prisma.learningPath.findMany({
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 500,
    select: {
      id: true,
      title: true,
      slug: true,
      status: true,
      audienceTiers: true,
      sourcePath: true,
      _count: { select: { steps: true, completions: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    slug: row.slug,
    status: row.status,
    audience: audienceLabel(row.audienceTiers),
    fromFile: row.sourcePath,
    steps: row._count.steps,
    completions: row._count.completions,
  }));
}

export const NEW_PATH_DEFAULTS: PathEditorDefaults = { title: "", slug: "", summary: "", audienceTiers: [] };

function pathFields(values: PathValues) {
  return { title: values.title, slug: values.slug, summary: values.summary, audienceTiers: values.audienceTiers.join(",") };
}

/** A new path starts as a draft with no steps; the editor adds them. */
export async function createPath(actor: Actor, values: PathValues) {
  assertPathRight(actor, "library.manage");
  try {
    return await prisma.learningPath.create({ data: pathFields(values), select: { id: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function updatePathDetails(actor: Actor, pathId: string, values: PathValues) {
  assertPathRight(actor, "library.manage");
  try {
    const updated = await prisma.learningPath.updateMany({ where: { id: pathId }, data: pathFields(values) });
    if (updated.count === 0) pathNotFound();
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

const EDITOR_STEP_SELECT = {
  id: true,
  position: true,
  note: true,
  content: { select: { id: true, title: true, kind: true, status: true, audienceTiers: true } },
  session: {
    select: { id: true, title: true, kind: true, status: true, startsAt: true, durationMinutes: true, seriesId: true, audienceTiers: true },
  },
} as const satisfies Prisma.LearningPathStepSelect;

type EditorStepRow = Prisma.LearningPathStepGetPayload<{ select: typeof EDITOR_STEP_SELECT }>;

function presentEditorStep(step: EditorStepRow, index: number, viewer: Viewer, now: Date) {
  const common = { id: step.id, number: index + 1, note: step.note };
  if (step.content) {
    const { content } = step;
    return {
      ...common,
      kind: "content" as const,
      title: content.title,
      detail: `${CONTENT_KIND_LABELS[content.kind]} · ${audienceLabel(content.audienceTiers)}`,
      href: null,
      warning: content.status === "DRAFT" ? "Draft: customers do not see this step until the item is published." : null,
    };
  }
  const session = step.session!;
  const ended = sessionEnd(session.startsAt, session.durationMinutes) <= now;
  const warning =
    session.status === "CANCELLED"
      ? "Cancelled: customers do not see this step."
      : session.status === "DRAFT"
        ? "Draft: customers do not see this step until the session is published."
        : ended && !session.seriesId
          ? "Ended, and not part of a series: only those who attended still see this step."
          : null;
  return {
    ...common,
    kind: "session" as const,
    title: session.title,
    detail: `${SESSION_KIND_LABELS[session.kind]} · ${formatDateTime(session.startsAt, viewer.timeZone, viewer.locale)}${session.seriesId ? " · any occurrence of its series counts" : ""}`,
    href: `/console/sessions/${session.id}`,
    warning,
  };
}

export type EditorStep = ReturnType<typeof presentEditorStep>;

/** What the step picker offers: library items in any state, and sessions not cancelled (upcoming first). */
async function stepOptions(used: { contentIds: string[]; sessionIds: string[] }, viewer: Viewer, now: Date) {
  const [items, upcoming, past] = [
    await prisma.contentItem.findMany({
      where: { id: { notIn: used.contentIds } },
      orderBy: [{ title: "asc" }, { id: "asc" }],
      take: 500,
      select: { id: true, title: true, kind: true, status: true },
    }),
    await prisma.liveSession.findMany({
      where: { id: { notIn: used.sessionIds }, status: { not: "CANCELLED" }, startsAt: { gt: now } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: 200,
      select: { id: true, title: true, status: true, startsAt: true, seriesId: true },
    }),
    await prisma.liveSession.findMany({
      where: { id: { notIn: used.sessionIds }, status: { not: "CANCELLED" }, startsAt: { lte: now } },
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
      take: 100,
      select: { id: true, title: true, status: true, startsAt: true, seriesId: true },
    }),
  ];
  const sessionLabel = (row: (typeof upcoming)[number]) =>
    `${row.title} — ${formatDate(row.startsAt, viewer.timeZone, viewer.locale)}${row.seriesId ? " (series)" : ""}${row.status === "DRAFT" ? " (draft)" : ""}`;
  return {
    items: items.map((row) => ({
      value: `content:${row.id}`,
      label: `${row.title} (${CONTENT_KIND_LABELS[row.kind]}${row.status === "DRAFT" ? ", draft" : ""})`,
    })),
    upcomingSessions: upcoming.map((row) => ({ value: `session:${row.id}`, label: sessionLabel(row) })),
    pastSessions: past.map((row) => ({ value: `session:${row.id}`, label: sessionLabel(row) })),
  };
}

/** The editor page: the path's details as form values, its steps in order, and what can be added. */
export async function getPathEditor(actor: Actor & Viewer, pathId: string, now = new Date()) {
  assertPathRight(actor, "library.manage");
  const path = await prisma.learningPath.findUnique({
    where: { id: pathId },
    select: {
      id: true,
      title: true,
      slug: true,
      summary: true,
      audienceTiers: true,
      status: true,
      publishedAt: true,
      sourcePath: true,
      _count: { select: { completions: true } },
      steps: { orderBy: { position: "asc" }, select: EDITOR_STEP_SELECT },
    },
  });
  if (!path) pathNotFound();
  const used = {
    contentIds: path.steps.flatMap((step) => (step.content ? [step.content.id] : [])),
    sessionIds: path.steps.flatMap((step) => (step.session ? [step.session.id] : [])),
  };
  const defaults: PathEditorDefaults = {
    title: path.title,
    slug: path.slug,
    summary: path.summary,
    audienceTiers: tierList(path.audienceTiers),
  };
  return {
    path: {
      id: path.id,
      title: path.title,
      slug: path.slug,
      status: path.status,
      audience: audienceLabel(path.audienceTiers),
      publishedOn: path.publishedAt ? formatDate(path.publishedAt, actor.timeZone, actor.locale) : null,
      fromFile: path.sourcePath,
      completions: path._count.completions,
    },
    defaults,
    steps: path.steps.map((step, index) => presentEditorStep(step, index, actor, now)),
    options: await stepOptions(used, actor, now),
    maxSteps: MAX_PATH_STEPS,
  };
}

async function requirePathIn(tx: Tx, pathId: string) {
  const path = await tx.learningPath.findUnique({ where: { id: pathId }, select: { id: true } });
  if (!path) pathNotFound();
}

/**
 * Gives the path's steps the positions 1…n in `orderedIds` order. Every step first moves to a
 * negative position, so no update ever lands on a position another step still holds and the
 * (pathId, position) key stays valid at every statement.
 */
async function renumber(tx: Tx, pathId: string, orderedIds: string[]) {
  await tx.$executeRaw`UPDATE "LearningPathStep" SET "position" = -"position" - 1 WHERE "pathId" = ${pathId}`;
  for (const [index, id] of orderedIds.entries()) {
    await tx.learningPathStep.update({ where: { id }, data: { position: index + 1 } });
  }
}

async function stepOrder(tx: Tx, pathId: string) {
  const steps = await tx.learningPathStep.findMany({ where: { pathId }, orderBy: { position: "asc" }, select: { id: true } });
  return steps.map((step) => step.id);
}

/** Appends a library item or a session as the last step. The same item or series twice is refused. */
export async function addPathStep(actor: Actor, pathId: string, values: AddStepValues) {
  assertPathRight(actor, "library.manage");
  try {
    return await writeTransaction(prisma, async (tx) => {
      await requirePathIn(tx, pathId);
      const existing = await tx.learningPathStep.findMany({
        where: { pathId },
        orderBy: { position: "asc" },
        select: { position: true, contentId: true, sessionId: true, session: { select: { seriesId: true } } },
      });
      if (existing.length >= MAX_PATH_STEPS) {
        throw new DomainError(409, `A path holds at most ${MAX_PATH_STEPS} steps. Remove one first, or split the path in two.`, "item");
      }
      const numberOf = (index: number) => `step ${index + 1}`;
      if (values.contentId) {
        const item = await tx.contentItem.findUnique({ where: { id: values.contentId }, select: { id: true } });
        if (!item) throw new DomainError(400, "That library item no longer exists. Choose another.", "item");
        const index = existing.findIndex((step) => step.contentId === item.id);
        if (index !== -1) throw new DomainError(409, `This item is already ${numberOf(index)} of the path.`, "item");
      } else if (values.sessionId) {
        const session = await tx.liveSession.findUnique({
          where: { id: values.sessionId },
          select: { id: true, status: true, seriesId: true },
        });
        if (!session || session.status === "CANCELLED")
          throw new DomainError(400, "That session was cancelled or removed. Choose another.", "item");
        const index = existing.findIndex(
          (step) => step.sessionId === session.id || (session.seriesId !== null && step.session?.seriesId === session.seriesId),
        );
        if (index !== -1) throw new DomainError(409, `This session (or its series) is already ${numberOf(index)} of the path.`, "item");
      }
      const position = (existing.at(-1)?.position ?? 0) + 1;
      return tx.learningPathStep.create({
        data: { pathId, position, contentId: values.contentId, sessionId: values.sessionId, note: values.note },
        select: { id: true, position: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(409, "Someone changed this path at the same moment. Reload and try again.");
    throw error;
  }
}

export async function moveStep(actor: Actor, pathId: string, stepId: string, direction: MoveDirection) {
  assertPathRight(actor, "library.manage");
  await writeTransaction(prisma, async (tx) => {
    await requirePathIn(tx, pathId);
    const order = await stepOrder(tx, pathId);
    if (!order.includes(stepId)) throw stepGone();
    const next = moveInOrder(order, stepId, direction);
    if (!next) throw new DomainError(409, direction === "up" ? "This step is already first." : "This step is already last.");
    await renumber(tx, pathId, next);
  });
}

export async function removeStep(actor: Actor, pathId: string, stepId: string) {
  assertPathRight(actor, "library.manage");
  await writeTransaction(prisma, async (tx) => {
    await requirePathIn(tx, pathId);
    const removed = await tx.learningPathStep.deleteMany({ where: { id: stepId, pathId } });
    if (removed.count === 0) throw stepGone();
    await renumber(tx, pathId, await stepOrder(tx, pathId));
  });
}

export async function saveStepNote(actor: Actor, pathId: string, stepId: string, note: string) {
  assertPathRight(actor, "library.manage");
  const updated = await prisma.learningPathStep.updateMany({ where: { id: stepId, pathId }, data: { note } });
  if (updated.count === 0) throw stepGone();
}

/** Opens the path to its audience. A path with no steps has nothing to offer, so it cannot be published. */
export async function publishPath(actor: Actor, pathId: string, now = new Date()) {
  assertPathRight(actor, "library.manage");
  await writeTransaction(prisma, async (tx) => {
    const path = await tx.learningPath.findUnique({ where: { id: pathId }, select: { status: true, _count: { select: { steps: true } } } });
    if (!path) pathNotFound();
    if (path.status === "PUBLISHED") throw new DomainError(409, "This path is already published.");
    if (path._count.steps === 0) throw new DomainError(409, "Add at least one step before publishing.");
    await tx.learningPath.updateMany({ where: { id: pathId, status: "DRAFT" }, data: { status: "PUBLISHED", publishedAt: now } });
  });
}

export async function unpublishPath(actor: Actor, pathId: string) {
  assertPathRight(actor, "library.manage");
  const updated = await prisma.learningPath.updateMany({ where: { id: pathId, status: "PUBLISHED" }, data: { status: "DRAFT" } });
  if (updated.count === 0) {
    if (!(await prisma.learningPath.findUnique({ where: { id: pathId }, select: { id: true } }))) pathNotFound();
    throw new DomainError(409, "This path is already a draft.");
  }
}

/** Only a draft can be deleted, so a path customers follow never vanishes with one click. */
export async function deletePath(actor: Actor, pathId: string) {
  assertPathRight(actor, "library.manage");
  const deleted = await prisma.learningPath.deleteMany({ where: { id: pathId, status: "DRAFT" } });
  if (deleted.count === 0) {
    if (!(await prisma.learningPath.findUnique({ where: { id: pathId }, select: { id: true } }))) pathNotFound();
    throw new DomainError(409, "Unpublish this path before deleting it.");
  }
}

// ——— Customers: their paths and where they stand ———

type Customer = Actor & Viewer;

async function learnerFor(actor: Customer) {
  return { userId: actor.id, tier: await customerTier(actor), timeZone: actor.timeZone, locale: actor.locale };
}

/** Completion dates of these paths for this person, recording any that are due first. */
async function completionDates(actor: Customer, due: boolean, pathIds: string[], now: Date) {
  if (due) await writeTransaction(prisma, (tx) => recordPathCompletions(tx, { userId: actor.id, now }));
  const rows = await prisma.learningPathCompletion.findMany({
    where: { userId: actor.id, pathId: { in: pathIds } },
    select: { pathId: true, completedAt: true },
  });
  return new Map(rows.map((row) => [row.pathId, formatDate(row.completedAt, actor.timeZone, actor.locale)]));
}

function nextUp(step: LearnerStep | null) {
  return step ? { title: step.title, href: step.href, kindLabel: step.kindLabel, action: step.action } : null;
}

/**
 * Published paths for the customer's tier with their progress on each: started ones first, then not
 * started, then completed. A path none of whose steps they can see is left out.
 */
export async function listVisiblePaths(actor: Customer, now = new Date()) {
  assertPathRight(actor, "library.view");
  const learner = await learnerFor(actor);
  const rows = await prisma.learningPath.findMany({
    where: publishedPathsFor(learner.tier),
    orderBy: [{ publishedAt: "asc" }, { id: "asc" }],
    take: 200,
    select: { ...VIEWER_PATH_SELECT, completions: { where: { userId: actor.id }, select: { pathId: true } } },
  });
  const evaluated = (await evaluatePaths(prisma, learner, rows, now)).filter(({ progress }) => progress.total > 0);
  const due = evaluated.some(({ path, progress }) => progress.complete && !rows.find((row) => row.id === path.id)?.completions.length);
  const completed = await completionDates(
    actor,
    due,
    evaluated.map(({ path }) => path.id),
    now,
  );
  const rank = (progress: { done: number; complete: boolean }) => (progress.complete ? 2 : progress.done > 0 ? 0 : 1);
  return evaluated
    .map(({ path, progress }) => ({
      id: path.id,
      slug: path.slug,
      title: path.title,
      summary: path.summary,
      done: progress.done,
      total: progress.total,
      percent: progress.percent,
      complete: progress.complete,
      label: progressLabel(progress),
      completedOn: completed.get(path.id) ?? null,
      next: nextUp(progress.next),
    }))
    .sort((a, b) => rank(a) - rank(b));
}

export type VisiblePath = Awaited<ReturnType<typeof listVisiblePaths>>[number];

function viewerNotFound(): never {
  throw new Response("This learning path does not exist, or it is not open to your account.", { status: 404, statusText: "Not Found" });
}

/** One path as the customer sees it: 404 unless published for their tier with at least one step they can see. */
export async function getPathForViewer(actor: Customer, slug: string, now = new Date()) {
  assertPathRight(actor, "library.view");
  const learner = await learnerFor(actor);
  const row = await prisma.learningPath.findFirst({ where: { slug, ...publishedPathsFor(learner.tier) }, select: VIEWER_PATH_SELECT });
  if (!row) viewerNotFound();
  const [evaluated] = await evaluatePaths(prisma, learner, [row], now);
  const progress = evaluated!.progress;
  if (progress.total === 0) viewerNotFound();
  const hasCompletion = (await prisma.learningPathCompletion.count({ where: { pathId: row.id, userId: actor.id } })) > 0;
  const completed = await completionDates(actor, progress.complete && !hasCompletion, [row.id], now);
  return {
    path: { id: row.id, slug: row.slug, title: row.title, summary: row.summary },
    progress: {
      done: progress.done,
      total: progress.total,
      percent: progress.percent,
      complete: progress.complete,
      label: progressLabel(progress),
    },
    completedOn: completed.get(row.id) ?? null,
    steps: progress.steps.map((step) => ({
      id: step.id,
      number: step.number,
      state: step.state,
      kind: step.kind,
      kindLabel: step.kindLabel,
      title: step.title,
      note: step.note,
      href: step.href,
      detail: step.detail,
      action: step.action,
    })),
    next: nextUp(progress.next),
  };
}

export type ViewerPath = Awaited<ReturnType<typeof getPathForViewer>>;
