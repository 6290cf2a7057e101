import type { Health, Tier } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createUser } from "./factories.ts";

// Scenes for the signals tests. The scoring engine writes AccountScore and HealthSnapshot elsewhere;
// here those rows are written directly, so a test states the score history it needs.

const DAY_MS = 24 * 60 * 60 * 1000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

type ScoredAccountInput = {
  now: Date;
  ownerCsmId: string | null;
  tier?: Tier;
  name?: string;
  arrCents?: number;
  renewsInDays: number | null;
  score: number;
  health: Health;
  reasons?: string[];
  /** Snapshots, by how many days before `now`. */
  history?: { daysAgo: number; score: number; health: Health }[];
  people?: number;
};

/** An account with its latest score, snapshots and `people` active members (named so tests can find them). */
export async function createScoredAccount(input: ScoredAccountInput) {
  const today = Date.parse(`${dayOf(input.now)}T00:00:00Z`);
  const account = await createAccount({
    tier: input.tier ?? "LOW",
    name: input.name ?? `Signals ${Math.random().toString(36).slice(2, 8)}`,
    arrCents: input.arrCents ?? 4_800_000,
    currency: "USD",
    renewalDate: input.renewsInDays === null ? null : new Date(today + input.renewsInDays * DAY_MS),
    ownerCsmId: input.ownerCsmId,
  });
  await prisma.accountScore.create({
    data: {
      accountId: account.id,
      score: input.score,
      recency: input.score,
      frequency: input.score,
      breadth: input.score,
      depth: input.score,
      reach: input.score,
      health: input.health,
      healthReasons: JSON.stringify(input.reasons ?? []),
      computedAt: input.now,
    },
  });
  for (const point of input.history ?? []) {
    await prisma.healthSnapshot.create({
      data: { accountId: account.id, day: dayOf(new Date(today - point.daysAgo * DAY_MS)), score: point.score, health: point.health },
    });
  }
  const people = [];
  for (let index = 0; index < (input.people ?? 2); index++) {
    people.push(await createUser({ role: "MEMBER", accountId: account.id, timeZone: "Europe/Paris", locale: "en-GB" }));
  }
  return { account, people };
}

export async function createExpertSession({
  startsAt,
  title = `Expert clinic ${Math.random().toString(36).slice(2, 6)}`,
  audienceTiers = "",
  status = "PUBLISHED" as const,
}: {
  startsAt: Date;
  title?: string;
  audienceTiers?: string;
  status?: "PUBLISHED" | "DRAFT";
}) {
  return prisma.liveSession.create({
    data: {
      kind: "EXPERT",
      status,
      title,
      startsAt,
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example.com/signals",
      audienceTiers,
      seatCap: 10,
      publishedAt: status === "PUBLISHED" ? new Date(startsAt.getTime() - 30 * DAY_MS) : null,
    },
  });
}

/** A past expert session the person attended. */
export async function attendExpertSession(userId: string, accountId: string, startsAt: Date, title = "Dashboards deep dive") {
  const session = await createExpertSession({ startsAt, title });
  await prisma.registration.create({
    data: {
      sessionId: session.id,
      userId,
      accountId,
      status: "CONFIRMED",
      attendance: "ATTENDED",
      joinCode: `signals-${Math.random().toString(36).slice(2)}`,
    },
  });
  return session;
}
