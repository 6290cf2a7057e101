import type { Health } from "~/generated/prisma/enums.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { assertCan } from "~/modules/accounts/accounts.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDate, formatDateTime } from "~/utils/format.ts";
import { mayCall } from "./health-call.server.ts";
import { MAX_CALL_DAYS } from "./scoring.schema.ts";
import { assessAccountNow, loadSettings } from "./scores.server.ts";
import { PART_LABELS, PART_NAMES, settingsFor } from "./scoring.ts";

const DAY_MS = 86_400_000;

const PART_HINTS: Record<(typeof PART_NAMES)[number], string> = {
  recency: "Days since anyone at the account did something: full within a week, zero at 90 days.",
  frequency: "How much they do, recent activity counting most.",
  breadth: "How many kinds of activity and different sessions, videos and documents.",
  depth: "Minutes attended and watched, recent minutes counting most.",
  reach: "The share of the account's people active in the last 90 days.",
};

/**
 * The account page's health panel: the stored score and health (or, before the first run, a live
 * assessment), the breakdown with each part's weight, the reasons, and the CSM's call if any.
 */
export async function getHealthPanel(viewer: Actor & { timeZone: string; locale: string }, accountId: string, now = new Date()) {
  assertCan(viewer, "accounts.view");
  const account = await prisma.account.findUnique({
    where: { id: accountId },
    select: {
      id: true,
      tier: true,
      ownerCsmId: true,
      score: true,
      healthOverrides: {
        where: { expiresAt: { gt: now } },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { health: true, reason: true, expiresAt: true, createdAt: true, createdBy: { select: { name: true } } },
      },
    },
  });
  if (!account) return null;
  const settings = settingsFor(account.tier, await loadSettings(prisma));
  const stored = account.score;
  const live = stored ? null : await assessAccountNow(prisma, account.id, now);
  const totalWeight = PART_NAMES.reduce((sum, name) => sum + settings[name], 0) || 1;
  const parts = PART_NAMES.map((name) => ({
    name,
    label: PART_LABELS[name],
    hint: PART_HINTS[name],
    value: Math.round(stored ? stored[name] : live!.parts[name]),
    weightPercent: Math.round((100 * settings[name]) / totalWeight),
  }));
  const call = account.healthOverrides[0];
  return {
    accountId: account.id,
    score: stored?.score ?? live!.score,
    health: (stored?.health ?? live!.health) as Health,
    reasons: stored ? (JSON.parse(stored.healthReasons) as string[]) : live!.reasons,
    parts,
    productUsage: stored ? stored.productUsage : live!.productUsage,
    feedback: stored ? stored.feedback : live!.feedback,
    computed: stored
      ? `Computed ${formatDateTime(stored.computedAt, viewer.timeZone, viewer.locale)}`
      : "Not yet stored; computed just now",
    bands: { greenAt: settings.greenAt, redBelow: settings.redBelow, halfLifeDays: settings.halfLifeDays },
    call: call
      ? {
          health: call.health,
          reason: call.reason,
          until: formatDate(call.expiresAt, "UTC", viewer.locale),
          by: call.createdBy?.name ?? "someone no longer here",
          made: formatDate(call.createdAt, viewer.timeZone, viewer.locale),
        }
      : null,
    canCall: mayCall(viewer, account),
    callDays: {
      today: now.toISOString().slice(0, 10),
      suggested: new Date(now.getTime() + 30 * DAY_MS).toISOString().slice(0, 10),
      latest: new Date(now.getTime() + MAX_CALL_DAYS * DAY_MS).toISOString().slice(0, 10),
    },
  };
}

export type HealthPanelData = NonNullable<Awaited<ReturnType<typeof getHealthPanel>>>;
