import { data, redirect } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { isUniqueViolation, prisma, type Db } from "~/utils/db.server.ts";
import { placeholders } from "~/utils/sql.server.ts";
import { parseSegmentRules, type SegmentRules } from "./segment-rules.ts";
import {
  applySegmentIntent,
  describeRules,
  draftToRules,
  readSegmentDetails,
  readSegmentDraft,
  readSegmentIntent,
  rulesToDraft,
  type SegmentDraft,
  type SegmentErrors,
  type SegmentLookups,
} from "./segments.ts";
import { countSegment, sampleSegment, type SampleRecipient } from "./segments.server.ts";

// Saved segments: list, editor data, save and delete. The rules themselves are evaluated in
// segments.server.ts; here they are only stored and named.

/** A segment still shapes the audience of these newsletters, so it cannot be deleted under them (decision 0028). */
export const SEGMENT_IN_USE_STATUSES = ["DRAFT", "SCHEDULED", "SENDING", "PAUSED"] as const;
const SAMPLE_SIZE = 10;
const DAY_MS = 86_400_000;

function requireManager(actor: Actor) {
  if (!can(actor, "newsletters.manage")) throw new DomainError(404, "This segment was not found.");
}

export type SegmentEditorOptions = {
  plans: string[];
  topics: Array<{ id: string; name: string }>;
  sessionTopics: string[];
  sessions: Array<{ id: string; title: string; startsAt: string }>;
};

/** What the condition pickers offer: the plans in use, newsletter topics, session topics and the last year's sessions. */
export async function segmentEditorOptions(db: Db = prisma, now = new Date()): Promise<SegmentEditorOptions> {
  const [plans, topics, sessionTopics, sessions] = await Promise.all([
    db.account.findMany({ distinct: ["plan"], select: { plan: true }, orderBy: { plan: "asc" } }),
    db.newsletterTopic.findMany({ where: { archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.liveSessionTopic.findMany({ distinct: ["topic"], select: { topic: true }, orderBy: { topic: "asc" } }),
    db.liveSession.findMany({
      where: { startsAt: { gte: new Date(now.getTime() - 730 * DAY_MS), lte: now }, status: { not: "DRAFT" } },
      select: { id: true, title: true, startsAt: true },
      orderBy: { startsAt: "desc" },
      take: 200,
    }),
  ]);
  return {
    plans: plans.map(({ plan }) => plan),
    topics,
    sessionTopics: sessionTopics.map(({ topic }) => topic),
    sessions: sessions.map((session) => ({ ...session, startsAt: session.startsAt.toISOString() })),
  };
}

/** Names for the ids rules mention, so words read "Subscribed to Product updates". */
export async function segmentLookups(rulesList: SegmentRules[], db: Db = prisma): Promise<SegmentLookups> {
  const conditions = rulesList.flatMap((rules) => rules.conditions);
  const topicIds = conditions.flatMap((condition) => (condition.field === "subscribed" ? [condition.topicId] : []));
  const sessionIds = conditions.flatMap((condition) =>
    condition.field === "attended" && condition.sessionId ? [condition.sessionId] : [],
  );
  const [topics, sessions] = await Promise.all([
    topicIds.length ? db.newsletterTopic.findMany({ where: { id: { in: topicIds } }, select: { id: true, name: true } }) : [],
    sessionIds.length ? db.liveSession.findMany({ where: { id: { in: sessionIds } }, select: { id: true, title: true } }) : [],
  ]);
  return {
    topics: Object.fromEntries(topics.map((topic) => [topic.id, topic.name])),
    sessions: Object.fromEntries(sessions.map((session) => [session.id, session.title])),
  };
}

export async function listSegments(actor: Actor, { db = prisma, now = new Date() }: { db?: Db; now?: Date } = {}) {
  requireManager(actor);
  const segments = await db.segment.findMany({
    select: { id: true, name: true, description: true, rules: true, _count: { select: { newsletters: true } } },
    orderBy: { name: "asc" },
  });
  const parsed = segments.map((segment) => parseSegmentRules(segment.rules));
  const lookups = await segmentLookups(parsed, db);
  const rows = [];
  for (const [index, segment] of segments.entries()) {
    const rules = parsed[index]!;
    rows.push({
      id: segment.id,
      name: segment.name,
      description: segment.description,
      words: describeRules(rules, lookups),
      count: await countSegment({ rules, now, db }),
      usedBy: segment._count.newsletters,
    });
  }
  return rows;
}

export async function getSegmentEditor(actor: Actor, segmentId: string, db: Db = prisma) {
  requireManager(actor);
  const segment = await db.segment.findUnique({
    where: { id: segmentId },
    select: { id: true, name: true, description: true, rules: true, _count: { select: { newsletters: true } } },
  });
  if (!segment) throw new Response("This segment was not found.", { status: 404 });
  return {
    segment: { id: segment.id, name: segment.name, description: segment.description, usedBy: segment._count.newsletters },
    draft: rulesToDraft(parseSegmentRules(segment.rules)),
    options: await segmentEditorOptions(db),
  };
}

export type SegmentPreview = { count: number; sample: SampleRecipient[] };

export async function previewAudience(
  rules: SegmentRules,
  topicId: string | null,
  now = new Date(),
  db: Db = prisma,
): Promise<SegmentPreview> {
  const [count, sample] = await Promise.all([
    countSegment({ rules, topicId, now, db }),
    sampleSegment({ rules, topicId, now, db, limit: SAMPLE_SIZE }),
  ]);
  return { count, sample };
}

/** A topic id from a form or query, if it names a topic; anything else counts every contact. */
async function knownTopic(value: unknown, db: Db): Promise<string | null> {
  if (typeof value !== "string" || !value) return null;
  const topic = await db.newsletterTopic.findUnique({ where: { id: value }, select: { id: true } });
  return topic?.id ?? null;
}

/**
 * The count resource: a saved segment (segmentId), or the rules being edited (match, c.<i>.*), or
 * nobody's rules (everyone), for a topic or none. Bad rules answer 400 with their messages.
 */
export async function countForQuery(actor: Actor, params: URLSearchParams, db: Db = prisma) {
  requireManager(actor);
  const topicId = await knownTopic(params.get("topicId"), db);
  const segmentId = params.get("segmentId");
  let rules: SegmentRules = { match: "all", conditions: [] };
  if (segmentId) {
    const segment = await db.segment.findUnique({ where: { id: segmentId }, select: { rules: true } });
    if (!segment) return data({ errors: { segmentId: "This segment was not found." } }, { status: 404 });
    rules = parseSegmentRules(segment.rules);
  } else if (params.has("match") || [...params.keys()].some((key) => key.startsWith("c."))) {
    const parsed = draftToRules(readSegmentDraft(params));
    if (parsed.errors) return data({ errors: parsed.errors }, { status: 400 });
    rules = parsed.rules;
  }
  return data(await previewAudience(rules, topicId, new Date(), db));
}

export type SegmentEditorReply = {
  intent: "save" | "preview" | "add" | "remove" | "delete";
  draft: SegmentDraft;
  name: string;
  description: string;
  errors: SegmentErrors;
  formError?: string;
  preview?: SegmentPreview;
};

/**
 * Every button of the segment editor: add / remove a condition and preview the count (nothing is
 * saved, the form comes back as typed), save, delete. Works the same with or without JavaScript.
 */
export async function handleSegmentEditorAction(actor: Actor, segmentId: string | null, form: FormData, db: Db = prisma) {
  requireManager(actor);
  if (form.get("intent") === "delete" && segmentId) return deleteSegment(segmentId, db);
  const intent = readSegmentIntent(form);
  const draft = applySegmentIntent(readSegmentDraft(form), intent);
  const details = readSegmentDetails(form);
  const reply = (fields: Partial<SegmentEditorReply>, status = 200) =>
    data<SegmentEditorReply>(
      { intent: intent.kind, draft, name: details.name, description: details.description, errors: {}, ...fields },
      { status },
    );
  if (intent.kind === "add" || intent.kind === "remove") return reply({});
  const parsed = draftToRules(draft);
  if (intent.kind === "preview") {
    if (parsed.errors) return reply({ errors: parsed.errors, formError: "Finish the conditions marked below to see the count." }, 400);
    return reply({ preview: await previewAudience(parsed.rules, await knownTopic(form.get("topicId"), db), new Date(), db) });
  }
  const errors = { ...details.errors, ...(parsed.errors ?? {}) };
  if (parsed.errors || Object.keys(errors).length > 0) return reply({ errors, formError: "Check the fields marked below." }, 400);
  const fields = { name: details.name, description: details.description, rules: JSON.stringify(parsed.rules) };
  try {
    const saved = segmentId
      ? await db.segment.update({ where: { id: segmentId }, data: fields, select: { id: true } })
      : await db.segment.create({ data: { ...fields, createdById: actor.id }, select: { id: true } });
    return redirect(`/console/segments/${saved.id}?saved=1`);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return reply({ errors: { name: `A segment named "${details.name}" already exists. Choose another name or edit that one.` } }, 409);
    }
    if (isNotFound(error)) throw new Response("This segment was not found.", { status: 404 });
    throw error;
  }
}

function isNotFound(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2025";
}

/**
 * One conditional statement: the segment goes only if no unfinished newsletter uses it, so a
 * newsletter scheduled at the same moment cannot lose its audience (its segmentId would be nulled,
 * and "no segment" means everyone subscribed to the topic).
 */
async function deleteSegment(segmentId: string, db: Db) {
  const statuses = SEGMENT_IN_USE_STATUSES.map((status) => `'${status}'`).join(", ");
  const deleted = await db.$executeRawUnsafe(
    placeholders(`DELETE FROM "Segment" WHERE "id" = ? AND NOT EXISTS (
       SELECT 1 FROM "Newsletter" n WHERE n."segmentId" = "Segment"."id" AND n."status" IN (${statuses}))`),
    segmentId,
  );
  if (deleted === 1) return redirect("/console/segments?deleted=1");
  const segment = await db.segment.findUnique({ where: { id: segmentId }, select: { name: true, rules: true, description: true } });
  if (!segment) throw new Response("This segment was not found.", { status: 404 });
  const users = await db.newsletter.findMany({
    where: { segmentId, status: { in: [...SEGMENT_IN_USE_STATUSES] } },
    select: { subject: true },
    take: 3,
  });
  return data<SegmentEditorReply>(
    {
      intent: "delete",
      draft: rulesToDraft(parseSegmentRules(segment.rules)),
      name: segment.name,
      description: segment.description,
      errors: {},
      formError: `This segment is used by newsletters not yet sent (${users.map((n) => `"${n.subject}"`).join(", ")}). Pick another audience for them or cancel them, then delete it.`,
    },
    { status: 409 },
  );
}
