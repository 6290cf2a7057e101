import type { Tier } from "~/generated/prisma/enums.ts";
import { accountSummary } from "~/modules/accounts/accounts.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";

/** The tier of the customer's account, which decides what of the library they see; null for staff. */
export async function customerTier(actor: Actor): Promise<Tier | null> {
  if (!actor.accountId) return null;
  return (await accountSummary(actor.accountId))?.tier ?? null;
}
