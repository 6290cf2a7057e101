import type { RecipientStatus } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";

// How far each send has got, counted once per recipient status: the list's "sent / total" and the
// send page's figures read the same numbers.

export type RecipientProgress = Record<RecipientStatus, number>;

const NONE: RecipientProgress = { PENDING: 0, SENT: 0, SKIPPED: 0, FAILED: 0, CANCELLED: 0 };

/** Recipients per status for each newsletter (every status present, 0 when none). */
export async function recipientProgress(newsletterIds: string[]): Promise<Map<string, RecipientProgress>> {
  const byId = new Map(newsletterIds.map((id) => [id, { ...NONE }]));
  if (newsletterIds.length === 0) return byId;
  const groups = await prisma.newsletterRecipient.groupBy({
    by: ["newsletterId", "status"],
    where: { newsletterId: { in: newsletterIds } },
    _count: { _all: true },
  });
  for (const group of groups) byId.get(group.newsletterId)![group.status] = group._count._all;
  return byId;
}
