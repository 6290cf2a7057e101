import { prisma, sqlDate, writeTransaction } from "~/utils/db.server.ts";
import { linkSigningKey, signLinkToken, verifyLinkToken } from "./consent-links.server.ts";

// What a person reached by a signed link (no sign-in) may do: choose topics, opt out of everything
// and back in, or leave one topic with one click. The token is the credential, so every function
// here starts from the ids the token carries and nothing the form says about whom it concerns.

export type PreferenceSource = "PREFERENCE_CENTRE" | "ONE_CLICK" | "ADMIN";

/** The person a preference-centre token names, or null for a forged, altered or stale token. */
export async function preferencesPerson(token: string) {
  const parts = verifyLinkToken(await linkSigningKey(), "prefs", token);
  if (!parts || parts.length !== 1) return null;
  return prisma.user.findUnique({ where: { id: parts[0] }, select: { id: true, name: true, email: true } });
}

/** The preference centre's path for this person, for pages already reached by one of their signed links. */
export async function preferencesPathFor(userId: string) {
  return `/email/preferences/${signLinkToken(await linkSigningKey(), "prefs", [userId])}`;
}

/** The person and topic a one-click unsubscribe token names, or null. */
export async function unsubscribeTarget(token: string) {
  const parts = verifyLinkToken(await linkSigningKey(), "unsub", token);
  if (!parts || parts.length !== 2) return null;
  const [userId, topicId] = parts as [string, string];
  const [user, topic] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true } }),
    prisma.newsletterTopic.findUnique({ where: { id: topicId }, select: { id: true, name: true } }),
  ]);
  return user && topic ? { user, topic } : null;
}

/** Every topic still offered, each with this person's choice or, when they never chose, the topic's default. */
export async function readPreferences(userId: string) {
  const [topics, optOut] = await Promise.all([
    prisma.newsletterTopic.findMany({
      where: { archivedAt: null },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        description: true,
        subscribedByDefault: true,
        preferences: { where: { userId }, select: { subscribed: true } },
      },
    }),
    prisma.newsletterOptOut.findUnique({ where: { userId }, select: { createdAt: true } }),
  ]);
  return {
    optedOut: optOut !== null,
    topics: topics.map((topic) => ({
      id: topic.id,
      name: topic.name,
      description: topic.description,
      subscribed: topic.preferences[0]?.subscribed ?? topic.subscribedByDefault,
    })),
  };
}

/** Writes one row per offered topic (checked = subscribed) in one transaction; ids of other topics are ignored. */
export async function savePreferences(userId: string, subscribedTopicIds: readonly string[]) {
  const chosen = new Set(subscribedTopicIds);
  return writeTransaction(prisma, async (tx) => {
    const topics = await tx.newsletterTopic.findMany({ where: { archivedAt: null }, select: { id: true } });
    for (const { id } of topics) {
      const subscribed = chosen.has(id);
      await tx.topicPreference.upsert({
        where: { userId_topicId: { userId, topicId: id } },
        create: { userId, topicId: id, subscribed, source: "PREFERENCE_CENTRE" },
        update: { subscribed, source: "PREFERENCE_CENTRE" },
      });
    }
    return topics.filter(({ id }) => chosen.has(id)).length;
  });
}

export async function optOutOfAll(userId: string, source: "PREFERENCE_CENTRE" | "COMPLAINT" = "PREFERENCE_CENTRE") {
  await prisma.$executeRaw`INSERT INTO "NewsletterOptOut" ("userId", "source", "createdAt") VALUES (${userId}, ${source}, ${sqlDate(new Date())}) ON CONFLICT ("userId") DO NOTHING`;
}

export async function optBackIn(userId: string) {
  await prisma.newsletterOptOut.deleteMany({ where: { userId } });
}

/**
 * RFC 8058's one click: the person leaves this topic now. Idempotent: a second POST (mail providers
 * retry, people double-click) changes nothing and answers the same. Returns whether this call changed it.
 */
export async function unsubscribeFromTopic(userId: string, topicId: string, now = new Date()): Promise<boolean> {
  const changed = await prisma.$executeRaw`
    INSERT INTO "TopicPreference" ("userId", "topicId", "subscribed", "source", "updatedAt")
    VALUES (${userId}, ${topicId}, FALSE, 'ONE_CLICK', ${sqlDate(now)})
    ON CONFLICT ("userId", "topicId") DO UPDATE SET "subscribed" = FALSE, "source" = 'ONE_CLICK', "updatedAt" = excluded."updatedAt"
    WHERE "TopicPreference"."subscribed" = TRUE`;
  return changed > 0;
}

/** The undo on the unsubscribe page. */
export async function resubscribeToTopic(userId: string, topicId: string, now = new Date()) {
  await prisma.$executeRaw`
    INSERT INTO "TopicPreference" ("userId", "topicId", "subscribed", "source", "updatedAt")
    VALUES (${userId}, ${topicId}, TRUE, 'ONE_CLICK', ${sqlDate(now)})
    ON CONFLICT ("userId", "topicId") DO UPDATE SET "subscribed" = TRUE, "source" = 'ONE_CLICK', "updatedAt" = excluded."updatedAt"`;
}
