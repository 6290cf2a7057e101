import type { Tier } from "~/generated/prisma/enums.ts";

// Sessions, library items and learning paths are each shown to some tiers: `audienceTiers` is a
// comma-separated list ("HIGH,LOW"), empty for everybody.

export function audienceIncludes(audienceTiers: string, tier: Tier | null): boolean {
  const tiers = audienceTiers
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (tiers.length === 0) return true;
  return tier !== null && tiers.includes(tier);
}

/**
 * The same rule as a Prisma `where` fragment. The three tier names never contain one another, so a
 * substring match on the list is exact.
 */
export function audienceWhere(
  tier: Tier | null,
): { OR: [{ audienceTiers: string }, { audienceTiers: { contains: Tier } }] } | { audienceTiers: string } {
  return tier ? { OR: [{ audienceTiers: "" }, { audienceTiers: { contains: tier } }] } : { audienceTiers: "" };
}
