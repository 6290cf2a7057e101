import type { Health, LiveSessionKind } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";

// Small builders for the engagement screens' tests: events, scores, daily snapshots and notes written
// directly, so a test states exactly the rows its figures come from.

let sequence = 0;

export function createEvent(fields: {
  accountId: string | null;
  userId: string | null;
  kind: string;
  occurredAt: Date;
  subjectType?: string | null;
  subjectId?: string | null;
  value?: number | null;
  data?: Record<string, unknown> | null;
}) {
  return prisma.engagementEvent.create({
    data: {
      ...fields,
      data: fields.data ? JSON.stringify(fields.data) : null,
      dedupeKey: `test-event:${++sequence}`,
    },
  });
}

export function createLiveSession(kind: LiveSessionKind, startsAt: Date, title = `${kind} session ${++sequence}`) {
  return prisma.liveSession.create({
    data: { kind, status: "PUBLISHED", title, startsAt, durationMinutes: 60, timeZone: "UTC", meetingUrl: "https://meet.example.com/x" },
  });
}

export function createScore(accountId: string, score: number, health: Health, computedAt = new Date()) {
  return prisma.accountScore.create({
    data: { accountId, score, health, recency: score, frequency: score, breadth: score, depth: score, reach: score, computedAt },
  });
}

/** One snapshot per [day, score]; health follows the score unless given. */
export async function createSnapshots(accountId: string, points: [day: string, score: number, health?: Health][]) {
  await prisma.healthSnapshot.createMany({
    data: points.map(([day, score, health]) => ({
      accountId,
      day,
      score,
      health: health ?? (score >= 70 ? "GREEN" : score < 40 ? "RED" : "YELLOW"),
    })),
  });
}

export function createNote(accountId: string, authorId: string | null, body: string, createdAt: Date) {
  return prisma.accountNote.create({ data: { accountId, authorId, body, createdAt } });
}
