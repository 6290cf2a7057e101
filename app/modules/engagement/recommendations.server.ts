import type { ContentKind } from "~/generated/prisma/enums.ts";
import { audienceWhere } from "~/modules/accounts/audience.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { findVisibleContentForTier } from "~/modules/library/content.server.ts";
import { customerTier } from "~/modules/library/viewer.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { recommend, type Candidate, type CandidateType, type RecommendationInput } from "./recommendations.ts";

const DAY_MS = 86_400_000;
/** Sessions this far ahead are worth suggesting; later ones will still be there next visit. */
const SESSION_HORIZON_DAYS = 60;
/** What other accounts on the tier did within this window counts as "popular". */
const PEER_WINDOW_DAYS = 90;
const MAX_CANDIDATES = 200;

const sessionKey = (id: string) => `session:${id}`;
const contentKey = (id: string) => `content:${id}`;
const contentType = (kind: ContentKind): CandidateType => (kind === "VIDEO" ? "video" : "document");

/**
 * The next best things for this customer, each with its reason. Candidates are what they may see by
 * the sessions' and the library's own rules (published, open to their tier; the library's
 * findVisibleContentForTier has the last word on items); signals come from their own registrations
 * and progress, their account's, and other accounts on the same tier.
 */
export async function getRecommendations(actor: Actor, now = new Date(), limit?: number) {
  if (!actor.accountId) return [];
  const accountId = actor.accountId;
  const tier = await customerTier(actor);
  if (!tier) return [];

  const [sessions, contentRows] = await Promise.all([
    prisma.liveSession.findMany({
      where: {
        status: "PUBLISHED",
        ...audienceWhere(tier),
        startsAt: { gte: now, lt: new Date(now.getTime() + SESSION_HORIZON_DAYS * DAY_MS) },
      },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: MAX_CANDIDATES,
      select: { id: true, title: true, startsAt: true, topics: { select: { topic: true } } },
    }),
    prisma.contentItem.findMany({
      where: { status: "PUBLISHED", ...audienceWhere(tier) },
      orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
      take: MAX_CANDIDATES,
      select: { id: true, topics: { select: { topic: true } } },
    }),
  ]);
  const topicsById = new Map(contentRows.map((row) => [row.id, row.topics.map((topic) => topic.topic)]));
  const visibleContent = await findVisibleContentForTier(
    tier,
    contentRows.map((row) => row.id),
  );
  const candidates: Candidate[] = [
    ...sessions.map((row) => ({
      key: sessionKey(row.id),
      type: "session" as const,
      title: row.title,
      href: `/portal/sessions/${row.id}`,
      topics: row.topics.map((topic) => topic.topic),
      startsAt: row.startsAt,
    })),
    ...visibleContent.map((item) => ({
      key: contentKey(item.id),
      type: contentType(item.kind),
      title: item.title,
      href: `/portal/library/${item.slug}`,
      topics: topicsById.get(item.id) ?? [],
      startsAt: null,
    })),
  ];
  if (candidates.length === 0) return [];

  const [person, team, peers] = await Promise.all([
    personSignals(actor.id),
    teamSignals(accountId),
    peerSignals(accountId, tier, candidates, now),
  ]);
  return recommend({ candidates, person, team, peers }, limit);
}

async function personSignals(userId: string): Promise<RecommendationInput["person"]> {
  const [registrations, progress] = await Promise.all([
    prisma.registration.findMany({
      where: { userId, OR: [{ status: { in: ["CONFIRMED", "WAITLISTED", "OFFERED"] } }, { attendance: "ATTENDED" }] },
      select: {
        sessionId: true,
        attendance: true,
        session: { select: { title: true, startsAt: true, topics: { select: { topic: true } } } },
      },
    }),
    prisma.contentProgress.findMany({
      where: { userId },
      select: { contentId: true, percent: true, completedAt: true, content: { select: { kind: true } } },
    }),
  ]);
  return {
    attended: registrations
      .filter((row) => row.attendance === "ATTENDED")
      .map((row) => ({ title: row.session.title, topics: row.session.topics.map((topic) => topic.topic), at: row.session.startsAt })),
    done: [
      ...registrations.map((row) => sessionKey(row.sessionId)),
      ...progress.filter((row) => row.completedAt).map((row) => contentKey(row.contentId)),
    ],
    inProgress: Object.fromEntries(
      progress.filter((row) => !row.completedAt && row.content.kind === "VIDEO").map((row) => [contentKey(row.contentId), row.percent]),
    ),
  };
}

async function teamSignals(accountId: string): Promise<RecommendationInput["team"]> {
  const [registrations, progress] = await Promise.all([
    prisma.registration.findMany({
      where: { accountId, OR: [{ status: { not: "CANCELLED" } }, { attendance: "ATTENDED" }] },
      select: { sessionId: true, session: { select: { topics: { select: { topic: true } } } } },
    }),
    prisma.contentProgress.findMany({
      where: { accountId },
      select: { contentId: true, content: { select: { topics: { select: { topic: true } } } } },
    }),
  ]);
  const topics: Record<string, number> = {};
  for (const row of [...registrations.map((r) => r.session.topics), ...progress.map((p) => p.content.topics)].flat()) {
    topics[row.topic] = (topics[row.topic] ?? 0) + 1;
  }
  return {
    seen: [...registrations.map((row) => sessionKey(row.sessionId)), ...progress.map((row) => contentKey(row.contentId))],
    topics,
  };
}

/** For each candidate, how many other accounts on the same tier registered for it or opened it lately. */
async function peerSignals(
  accountId: string,
  tier: NonNullable<Awaited<ReturnType<typeof customerTier>>>,
  candidates: Candidate[],
  now: Date,
) {
  const since = new Date(now.getTime() - PEER_WINDOW_DAYS * DAY_MS);
  const ids = (prefix: string) => candidates.filter((c) => c.key.startsWith(prefix)).map((c) => c.key.slice(prefix.length));
  const peer = { accountId: { not: accountId }, user: { account: { tier } } };
  const [registrations, progress] = await Promise.all([
    prisma.registration.groupBy({
      by: ["sessionId", "accountId"],
      where: { sessionId: { in: ids("session:") }, status: { not: "CANCELLED" }, registeredAt: { gte: since }, ...peer },
    }),
    prisma.contentProgress.groupBy({
      by: ["contentId", "accountId"],
      where: { contentId: { in: ids("content:") }, lastSeenAt: { gte: since }, ...peer },
    }),
  ]);
  const counts: Record<string, number> = {};
  for (const row of registrations) counts[sessionKey(row.sessionId)] = (counts[sessionKey(row.sessionId)] ?? 0) + 1;
  for (const row of progress) counts[contentKey(row.contentId)] = (counts[contentKey(row.contentId)] ?? 0) + 1;
  return counts;
}
