import type { Health, Tier } from "~/generated/prisma/enums.ts";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { assertCan } from "~/modules/accounts/accounts.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { invalidForm, parseForm, type FormReply } from "~/utils/forms.server.ts";
import { ScoreSettingsSchema, type ScoreSettingsValues } from "./scoring.schema.ts";
import { loadSettings, previewHealthBands, requestFullRecompute } from "./scores.server.ts";
import { settingsFor, type ScoreSettings } from "./scoring.ts";

export function scoringFormId(tier: string) {
  return `scoring-${(TIERS as readonly string[]).includes(tier) ? tier : "unknown"}`;
}

/** How a tier's accounts stand by their stored health. */
async function tierCounts(tier: Tier) {
  const rows = await prisma.accountScore.groupBy({ by: ["health"], where: { account: { tier } }, _count: { _all: true } });
  const counts: Record<Health, number> = { RED: 0, YELLOW: 0, GREEN: 0 };
  for (const row of rows) counts[row.health] = row._count._all;
  return counts;
}

function describeCounts(counts: Record<Health, number>) {
  return `${counts.RED} red, ${counts.YELLOW} yellow, ${counts.GREEN} green`;
}

/** Each tier's settings (its row or the defaults) and how its accounts stand today. */
export async function listScoreSettings(actor: Actor) {
  assertCan(actor, "scoring.manage");
  const rows = await prisma.scoreWeights.findMany({ select: { tier: true, updatedAt: true, updatedBy: { select: { name: true } } } });
  const settings = await loadSettings(prisma);
  return Promise.all(
    TIERS.map(async (tier) => {
      const row = rows.find((candidate) => candidate.tier === tier);
      return {
        tier,
        label: TIER_LABELS[tier],
        settings: settingsFor(tier, settings),
        saved: Boolean(row),
        updatedAt: row?.updatedAt ?? null,
        updatedBy: row?.updatedBy?.name ?? null,
        counts: await tierCounts(tier),
      };
    }),
  );
}

async function previewTier(tier: Tier, settings: ScoreSettings, now: Date) {
  const current = await loadSettings(prisma);
  const byTier = Object.fromEntries(TIERS.map((each) => [each, each === tier ? settings : settingsFor(each, current)])) as Record<
    Tier,
    ScoreSettings
  >;
  const after = await previewHealthBands(byTier, now, tier);
  const before = await tierCounts(tier);
  return `With these settings, ${TIER_LABELS[tier].toLowerCase()} accounts would be ${describeCounts(after)} (today: ${describeCounts(before)}). Nothing was saved.`;
}

async function saveTier(actor: Actor, tier: Tier, settings: ScoreSettings, now: Date) {
  await writeTransaction(prisma, async (tx) => {
    await tx.scoreWeights.upsert({
      where: { tier },
      create: { tier, ...settings, updatedById: actor.id },
      update: { ...settings, updatedById: actor.id },
    });
    await requestFullRecompute(tx, now);
  });
  return `${TIER_LABELS[tier]} scoring saved. Every account is being rescored; the new health shows within a minute.`;
}

/**
 * Save or preview one tier's scoring. A preview answers with the counts and keeps what was typed in
 * the form; a save rescores every account in the background (one job).
 */
export async function handleScoringAction(actor: Actor, formData: FormData, now = new Date()) {
  assertCan(actor, "scoring.manage");
  const formId = scoringFormId(String(formData.get("tier")));
  const submission = parseForm(formData, ScoreSettingsSchema);
  if (submission.status !== "success") return invalidForm(formId, submission);
  const { intent, tier, ...settings } = submission.value as ScoreSettingsValues;
  if (intent === "preview-scoring") {
    return { intent: formId, result: submission.reply(), done: await previewTier(tier, settings, now) } satisfies FormReply;
  }
  return {
    intent: formId,
    result: submission.reply({ resetForm: true }),
    done: await saveTier(actor, tier, settings, now),
  } satisfies FormReply;
}
