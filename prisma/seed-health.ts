import type { Health, Tier } from "~/generated/prisma/enums.ts";
import { loadSettings, recomputeAllScores } from "~/modules/engagement/scores.server.ts";
import { bandOf, settingsFor, snapshotDay } from "~/modules/engagement/scoring.ts";
import type { Db } from "~/utils/db.server.ts";

const DAY = 24 * 60 * 60 * 1000;
export const HEALTH_HISTORY_DAYS = 90;
/** How many accounts near renewal are shown sliding toward red, so the at-risk views have a story. */
const FALLING_ACCOUNTS = 3;
/** The demo CSM's book gets one of them too, so signing in as Sam shows the at-risk view at work. */
const DEMO_CSM_EMAIL = "csm@lyceum.example";
const AT_RISK_RENEWAL_DAYS = 90;

/** A stable number in [0, 1) from a string, so every run draws the same curves. */
function hash01(text: string) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

type Shape = "falling" | "rising" | "steady";

/**
 * The score `daysAgo` days before today on a curve that ends at today's real score. Falling accounts
 * were healthy until about five weeks ago and have slid since; rising ones climbed over the quarter.
 */
export function historicScore(shape: Shape, today: number, daysAgo: number, key: string) {
  const jitter = Math.round((hash01(`${key}:${daysAgo}`) - 0.5) * 6);
  let value = today;
  if (shape === "falling") {
    const start = Math.min(92, today + 45);
    value = daysAgo >= 35 ? start : today + ((start - today) * daysAgo) / 35;
  } else if (shape === "rising") {
    const start = Math.max(8, today - 30);
    value = today - ((today - start) * daysAgo) / HEALTH_HISTORY_DAYS;
  }
  return Math.max(0, Math.min(100, Math.round(value + jitter)));
}

/**
 * Scores every account from the demo's events, then backfills 90 days of daily snapshots per
 * account that end at today's real score: the few lowest-scoring accounts renewing soonest slide
 * toward red over the last five weeks, a third of the rest climb, the others hold steady. Idempotent:
 * existing snapshot days are left alone; returns how many past snapshots were inserted.
 */
export async function seedDemoHealth(db: Db, now: Date): Promise<number> {
  await recomputeAllScores(db, now);
  const settings = await loadSettings(db);
  const accounts = await db.account.findMany({
    where: { externalId: { startsWith: "demo-" } },
    select: {
      id: true,
      externalId: true,
      tier: true,
      renewalDate: true,
      score: { select: { score: true } },
      ownerCsm: { select: { email: true } },
    },
    orderBy: { externalId: "asc" },
  });
  const soon = now.getTime() + 120 * DAY;
  const renewingSoon = accounts
    .filter((account) => account.tier !== "TECH" && account.renewalDate && account.renewalDate.getTime() < soon)
    .sort((a, b) => (a.score?.score ?? 0) - (b.score?.score ?? 0) || a.externalId!.localeCompare(b.externalId!));
  const falling = new Set(renewingSoon.slice(0, FALLING_ACCOUNTS).map((account) => account.id));
  const samsNearRenewal = renewingSoon.find(
    (account) => account.ownerCsm?.email === DEMO_CSM_EMAIL && account.renewalDate!.getTime() < now.getTime() + AT_RISK_RENEWAL_DAYS * DAY,
  );
  if (samsNearRenewal) falling.add(samsNearRenewal.id);
  const days = Array.from({ length: HEALTH_HISTORY_DAYS }, (_, i) => ({
    daysAgo: i + 1,
    day: snapshotDay(new Date(now.getTime() - (i + 1) * DAY)),
  }));
  const existing = new Set(
    (
      await db.healthSnapshot.findMany({
        where: { accountId: { in: accounts.map((a) => a.id) }, day: { in: days.map((d) => d.day) } },
        select: { accountId: true, day: true },
      })
    ).map((row) => `${row.accountId}:${row.day}`),
  );
  const rows: { accountId: string; day: string; score: number; health: Health; createdAt: Date }[] = [];
  for (const account of accounts) {
    const key = account.externalId!;
    const shape: Shape = falling.has(account.id) ? "falling" : hash01(key) < 0.33 ? "rising" : "steady";
    const bands = settingsFor(account.tier as Tier, settings);
    for (const { daysAgo, day } of days) {
      if (existing.has(`${account.id}:${day}`)) continue;
      const score = historicScore(shape, account.score?.score ?? 0, daysAgo, key);
      rows.push({ accountId: account.id, day, score, health: bandOf(score, bands), createdAt: new Date(now.getTime() - daysAgo * DAY) });
    }
  }
  if (rows.length === 0) return 0;
  return (await db.healthSnapshot.createMany({ data: rows })).count;
}
