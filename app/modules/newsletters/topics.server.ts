import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { isUniqueViolation, prisma } from "~/utils/db.server.ts";
import { consentWhere } from "./consent-sql.ts";
import type { TopicInput } from "./topics.schema.ts";

/** The one check every newsletter page and action starts with (topics, editor, test send, reports). */
export function assertCanManageNewsletters(actor: Actor) {
  if (!can(actor, "newsletters.manage")) throw new Response("You do not have access to this page.", { status: 403 });
}

function slugFor(name: string) {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "topic"
  );
}

/**
 * Every topic with how many people a send to it would reach today: the same consent rule the send's
 * snapshot uses (customer, active, not opted out, not suppressed, subscribed or subscribed by default).
 */
export async function listTopics(actor: Actor) {
  assertCanManageNewsletters(actor);
  const topics = await prisma.newsletterTopic.findMany({
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
    select: { id: true, slug: true, name: true, description: true, subscribedByDefault: true, archivedAt: true, updatedAt: true },
  });
  const counts = await prisma.$queryRawUnsafe<{ id: string; subscribers: bigint | number }[]>(
    `SELECT topic."id" AS "id", (SELECT COUNT(*) FROM "User" u WHERE ${consentWhere('topic."id"')}) AS "subscribers"
     FROM "NewsletterTopic" topic`,
  );
  const byId = new Map(counts.map((row) => [row.id, Number(row.subscribers)]));
  return topics.map((topic) => ({ ...topic, subscribers: byId.get(topic.id) ?? 0 }));
}

const data = (input: TopicInput) => ({
  name: input.name,
  description: input.description ?? "",
  subscribedByDefault: input.audience === "subscribed",
});

export async function createTopic(actor: Actor, input: TopicInput) {
  assertCanManageNewsletters(actor);
  try {
    return await prisma.newsletterTopic.create({ data: { ...data(input), slug: slugFor(input.name) }, select: { id: true, name: true } });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError(409, "A topic with this name already exists. Pick another name or edit that topic.", "name");
    throw error;
  }
}

export async function updateTopic(actor: Actor, topicId: string, input: TopicInput) {
  assertCanManageNewsletters(actor);
  const { count } = await prisma.newsletterTopic.updateMany({ where: { id: topicId }, data: data(input) });
  if (count === 0) throw new DomainError(404, "This topic no longer exists. Reload the page.");
  return { name: input.name };
}

/** Archived topics leave the preference centre and cannot be picked for new newsletters; choices and past sends stay. */
export async function setTopicArchived(actor: Actor, topicId: string, archived: boolean) {
  assertCanManageNewsletters(actor);
  const topic = await prisma.newsletterTopic.findUnique({ where: { id: topicId }, select: { name: true } });
  if (!topic) throw new DomainError(404, "This topic no longer exists. Reload the page.");
  await prisma.newsletterTopic.updateMany({
    where: { id: topicId, archivedAt: archived ? null : { not: null } },
    data: { archivedAt: archived ? new Date() : null },
  });
  return topic;
}
