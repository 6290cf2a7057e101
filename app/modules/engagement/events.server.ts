import { prisma, type Tx } from "~/utils/db.server.ts";
import { EngagementEventSchema, type EngagementEventInput } from "./events.ts";

/**
 * The one way engagement events are written. Pass the transaction of the business write so that the
 * event exists exactly when the thing it describes does. Events with a dedupeKey already recorded
 * are skipped, so producers may deliver at least once.
 */
export async function recordEvents(db: Tx, inputs: EngagementEventInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = inputs.map((input) => {
    const event = EngagementEventSchema.parse(input);
    return { ...event, data: event.data ? JSON.stringify(event.data) : null };
  });
  const keys = rows.map((row) => row.dedupeKey).filter((key): key is string => key !== null);
  const seen = keys.length
    ? new Set(
        (await db.engagementEvent.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map(
          (row) => row.dedupeKey,
        ),
      )
    : new Set<string | null>();
  const fresh = rows.filter((row) => row.dedupeKey === null || !seen.has(row.dedupeKey));
  if (fresh.length === 0) return 0;
  const result = await db.engagementEvent.createMany({ data: fresh });
  return result.count;
}

export function recordEvent(db: Tx, input: EngagementEventInput) {
  return recordEvents(db, [input]);
}

export async function listAccountEvents(accountId: string, { take = 20 } = {}) {
  return prisma.engagementEvent.findMany({
    where: { accountId },
    orderBy: { occurredAt: "desc" },
    take,
    select: { id: true, kind: true, subjectType: true, subjectId: true, value: true, occurredAt: true, user: { select: { name: true } } },
  });
}
