import { randomUUID } from "node:crypto";
import type { ContentKind, ContentStatus } from "~/generated/prisma/enums.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";

// Rows the learning-path tests need from other capabilities, written straight to the database as
// their own editors would have left them.

const DAY = 24 * 60 * 60 * 1000;
let counter = 0;

export async function createContentItem(
  overrides: { kind?: ContentKind; status?: ContentStatus; slug?: string; title?: string; audienceTiers?: string; minutes?: number } = {},
) {
  counter += 1;
  return prisma.contentItem.create({
    data: {
      kind: "ONE_PAGER",
      status: "PUBLISHED",
      slug: `item-${counter}-${randomUUID().slice(0, 8)}`,
      title: `Library item ${counter}`,
      publishedAt: new Date(),
      ...overrides,
    },
  });
}

export async function createLiveSession(overrides: Partial<Prisma.LiveSessionUncheckedCreateInput> = {}) {
  counter += 1;
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: `Live session ${counter}`,
      startsAt: new Date(Date.now() + 3 * DAY),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/path",
      publishedAt: new Date(),
      ...overrides,
    },
  });
}

/** A weekly series with one occurrence per entry of `startsAt`. */
export async function createSeries(title: string, startsAt: Date[]) {
  const series = await prisma.liveSessionSeries.create({ data: { title, intervalWeeks: 1, occurrences: startsAt.length } });
  const sessions = [];
  for (const start of startsAt) sessions.push(await createLiveSession({ title, seriesId: series.id, startsAt: start }));
  return { series, sessions };
}

export async function completeContent(userId: string, contentId: string, completedAt: Date | null = new Date()) {
  await prisma.contentProgress.upsert({
    where: { userId_contentId: { userId, contentId } },
    create: { userId, contentId, completedAt, percent: completedAt ? 100 : 10 },
    update: { completedAt },
  });
}

export async function markAttended(userId: string, sessionId: string, accountId: string | null = null) {
  await prisma.registration.create({
    data: { sessionId, userId, accountId, status: "CONFIRMED", joinCode: randomUUID(), attendance: "ATTENDED" },
  });
}

/** A path with its steps in order, each a content id or `{ sessionId }`. */
export async function createPath(
  steps: (string | { sessionId: string })[],
  overrides: { slug?: string; title?: string; status?: ContentStatus; audienceTiers?: string } = {},
) {
  counter += 1;
  return prisma.learningPath.create({
    data: {
      slug: `path-${counter}-${randomUUID().slice(0, 8)}`,
      title: `Path ${counter}`,
      status: "PUBLISHED",
      publishedAt: new Date(),
      ...overrides,
      steps: {
        create: steps.map((step, index) =>
          typeof step === "string" ? { position: index + 1, contentId: step } : { position: index + 1, sessionId: step.sessionId },
        ),
      },
    },
  });
}
