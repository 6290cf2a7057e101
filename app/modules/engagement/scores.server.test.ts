import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { recordEvents } from "./events.server.ts";
import type { EngagementEventInput } from "./events.ts";
import { catchUpScores } from "./score-jobs.server.ts";
import { nextNightlyRun, previewHealthBands, recomputeAccountScore, recomputeAllScores } from "./scores.server.ts";
import { assessAccount, DEFAULT_SETTINGS, factsFromEvents, type ScoringEvent } from "./scoring.ts";

const now = new Date("2026-11-23T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

async function accountWithEvents(tier: "HIGH" | "LOW" | "TECH" = "LOW") {
  const account = await createAccount({ tier });
  const [ann, bob] = [
    await createUser({ role: "MEMBER", accountId: account.id }),
    await createUser({ role: "ACCOUNT_ADMIN", accountId: account.id }),
  ];
  await createUser({ role: "MEMBER", accountId: account.id });
  const events: EngagementEventInput[] = [
    {
      kind: "session.attended",
      accountId: account.id,
      userId: ann.id,
      subjectType: "session",
      subjectId: "s1",
      value: 45,
      occurredAt: daysAgo(3),
    },
    { kind: "session.attended", accountId: account.id, userId: bob.id, subjectType: "session", subjectId: "s2", occurredAt: daysAgo(40) },
    {
      kind: "video.watched",
      accountId: account.id,
      userId: ann.id,
      subjectType: "video",
      subjectId: "v1",
      value: 900,
      occurredAt: daysAgo(10),
    },
    { kind: "document.opened", accountId: account.id, userId: bob.id, subjectType: "document", subjectId: "d1", occurredAt: daysAgo(100) },
    { kind: "session.no_show", accountId: account.id, userId: bob.id, subjectType: "session", subjectId: "s3", occurredAt: daysAgo(1) },
    {
      kind: "session.feedback_given",
      accountId: account.id,
      userId: ann.id,
      subjectType: "session",
      subjectId: "s1",
      value: 6,
      data: { feedbackKind: "NPS", score: 6 },
      occurredAt: daysAgo(2),
    },
    { kind: "product.used", accountId: account.id, userId: ann.id, subjectType: "feature", subjectId: "reports", occurredAt: daysAgo(5) },
    { kind: "product.used", accountId: account.id, userId: null, data: { feature: "exports" }, occurredAt: daysAgo(20) },
    { kind: "video.watched", accountId: account.id, userId: ann.id, subjectType: "video", subjectId: "v9", occurredAt: daysAgo(400) },
  ];
  await recordEvents(prisma, events);
  const reference: ScoringEvent[] = events.map((event) => ({
    kind: event.kind,
    userId: event.userId,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    value: event.value ?? null,
    data: event.data ?? null,
    occurredAt: event.occurredAt,
  }));
  return { account, ann, reference };
}

describe("recomputing scores", () => {
  it("writes the account's score, breakdown, reasons and today's snapshot, agreeing with the reference engine", async () => {
    const { account, reference } = await accountWithEvents();
    const assessment = await recomputeAccountScore(prisma, account.id, now);
    const expected = assessAccount({ facts: factsFromEvents(reference, 3, now, 30), settings: DEFAULT_SETTINGS, now });
    expect(assessment).not.toBeNull();
    expect(assessment!.parts.recency).toBeCloseTo(expected.parts.recency, 5);
    expect(assessment!.parts.frequency).toBeCloseTo(expected.parts.frequency, 5);
    expect(assessment!.parts).toEqual(expected.parts);
    expect(assessment!.productUsage).toBe(expected.productUsage);
    expect(assessment!.reasons).toEqual(expected.reasons);
    expect(expected.parts.reach).toBeCloseTo(66.7, 1);

    const stored = await prisma.accountScore.findUniqueOrThrow({ where: { accountId: account.id } });
    expect(stored).toMatchObject({ score: expected.score, health: expected.health, feedback: 60, computedAt: now });
    expect(JSON.parse(stored.healthReasons)).toContain("Last NPS 6 — a detractor");
    const snapshot = await prisma.healthSnapshot.findUniqueOrThrow({
      where: { accountId_day: { accountId: account.id, day: "2026-11-23" } },
    });
    expect(snapshot).toMatchObject({ score: expected.score, health: expected.health });
  });

  it("uses the tier's weights and half-life when it has a row", async () => {
    const { account, reference } = await accountWithEvents("TECH");
    const settings = { recency: 1, frequency: 0, breadth: 0, depth: 0, reach: 0, halfLifeDays: 7, greenAt: 90, redBelow: 80 };
    await prisma.scoreWeights.upsert({ where: { tier: "TECH" }, create: { tier: "TECH", ...settings }, update: settings });
    try {
      const assessment = await recomputeAccountScore(prisma, account.id, now);
      const expected = assessAccount({ facts: factsFromEvents(reference, 3, now, 7), settings, now });
      expect(assessment!.parts).toEqual(expected.parts);
      expect(assessment!.score).toBe(100);
      expect(assessment!.health).toBe(expected.health);
    } finally {
      await prisma.scoreWeights.delete({ where: { tier: "TECH" } });
    }
  });

  it("lets an unexpired CSM call win", async () => {
    const { account, ann } = await accountWithEvents();
    await prisma.healthOverride.create({
      data: {
        accountId: account.id,
        health: "RED",
        reason: "champion left",
        expiresAt: new Date("2026-12-12T00:00:00Z"),
        createdById: ann.id,
      },
    });
    await recomputeAccountScore(prisma, account.id, now);
    const stored = await prisma.accountScore.findUniqueOrThrow({ where: { accountId: account.id } });
    expect(stored.health).toBe("RED");
    expect(JSON.parse(stored.healthReasons)[0]).toBe("CSM call: red until 12 Dec — champion left");
  });

  it("recomputes every account in one pass, including accounts without events, the same as one at a time", async () => {
    const { account } = await accountWithEvents();
    const quiet = await createAccount({ tier: "HIGH" });
    const single = await recomputeAccountScore(prisma, account.id, now);
    const result = await recomputeAllScores(prisma, daysAgo(-1));
    expect(result.accounts).toBe(await prisma.account.count());
    expect(result.RED + result.YELLOW + result.GREEN).toBe(result.accounts);
    const quietScore = await prisma.accountScore.findUniqueOrThrow({ where: { accountId: quiet.id } });
    expect(quietScore).toMatchObject({ score: 0, health: "RED" });
    expect(JSON.parse(quietScore.healthReasons)).toContain("No activity in the last 180 days");
    // The full pass a day later agrees with a single recompute at that time.
    const later = await recomputeAccountScore(prisma, account.id, daysAgo(-1));
    const stored = await prisma.accountScore.findUniqueOrThrow({ where: { accountId: account.id } });
    expect(stored.score).toBe(later!.score);
    expect(single!.score).toBeGreaterThanOrEqual(later!.score);
    expect(await prisma.healthSnapshot.count({ where: { accountId: account.id } })).toBe(2);
  });

  it("scores an account whose only events are absences (whole-number sums arrive as BigInt)", async () => {
    const account = await createAccount();
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    await recordEvents(prisma, [
      { kind: "session.no_show", accountId: account.id, userId: user.id, subjectType: "session", subjectId: "s1", occurredAt: daysAgo(2) },
    ]);
    const assessment = await recomputeAccountScore(prisma, account.id, now);
    expect(assessment).toMatchObject({ score: 0, health: "RED", parts: { recency: 0, frequency: 0, depth: 0 } });
  });

  it("previews bands without writing", async () => {
    const { account } = await accountWithEvents();
    const lenient = { ...DEFAULT_SETTINGS, greenAt: 1, redBelow: 0 };
    const counts = await previewHealthBands({ HIGH: lenient, LOW: lenient, TECH: lenient }, now);
    // Only a CSM's red call (from an earlier test) can keep an account red under such bands.
    const redCalls = await prisma.healthOverride.count({ where: { health: "RED", expiresAt: { gt: now } } });
    expect(counts.RED).toBe(redCalls);
    expect(counts.GREEN + counts.YELLOW + counts.RED).toBe(await prisma.account.count());
    expect(await prisma.accountScore.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("catches up the accounts whose events were recorded since the last run", async () => {
    const { account } = await accountWithEvents();
    const since = new Date(Date.now() - 60_000);
    expect(await catchUpScores(prisma, since, now)).toBeGreaterThanOrEqual(1);
    expect(await prisma.accountScore.count({ where: { accountId: account.id } })).toBe(1);
  });

  it("schedules the nightly run at the next 02:00 UTC", () => {
    expect(nextNightlyRun(new Date("2026-11-23T01:59:00Z")).toISOString()).toBe("2026-11-23T02:00:00.000Z");
    expect(nextNightlyRun(new Date("2026-11-23T02:00:00Z")).toISOString()).toBe("2026-11-24T02:00:00.000Z");
  });
});
