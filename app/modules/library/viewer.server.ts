import type { Tier } from "~/generated/prisma/enums.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";

/** The tier of the customer's account, which decides what of the library they see; null for staff. */
export async function customerTier(actor: Actor): Promise<Tier | null> {
  if (!actor.accountId) return null;
  const account = await prisma.account.findUnique({ where: { id: actor.accountId }, select: { tier: true } });
  return account?.tier ?? null;
}
