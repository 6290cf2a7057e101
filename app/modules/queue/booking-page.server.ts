import { recordEvent } from "~/modules/engagement/events.server.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { listVisibleContent } from "~/modules/library/content.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { findSlots } from "./booking.server.ts";
import { routePurpose } from "./routing.server.ts";
import { groupSlotsByDay } from "./slot-days.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far ahead the day view looks. */
export const BOOKING_WINDOW_DAYS = 21;

/**
 * The customer's words go through the routing rules. A support topic gets library items that match
 * what they wrote (else the rule's topic) and the rule's message, draws no hour, and is recorded; a
 * CSM topic moves on to choosing a time.
 */
export async function routeBooking(viewer: SessionUser, purpose: string, now = new Date()) {
  const routing = await routePurpose(purpose);
  if (routing.target === "CSM") return { target: "CSM" as const };
  const byWords = await listVisibleContent(viewer, { q: purpose, page: 1 });
  const byTopic =
    byWords.items.length || !routing.rule?.topic ? null : await listVisibleContent(viewer, { topic: routing.rule.topic, page: 1 });
  const suggestions = (byTopic ?? byWords).items
    .slice(0, 4)
    .map((item) => ({ slug: item.slug, title: item.title, kind: item.kindLabel, summary: item.summary }));
  await recordEvent(prisma, {
    kind: "csm_hour.routed_to_support",
    accountId: viewer.accountId,
    userId: viewer.id,
    subjectType: "routing_rule",
    subjectId: routing.rule?.id ?? null,
    data: { rule: routing.rule?.label ?? null, matched: routing.matched },
    occurredAt: now,
  });
  return { target: "SUPPORT" as const, rule: routing.rule?.label ?? null, message: routing.rule?.message ?? "", suggestions };
}

/** Free times for the next weeks, grouped by day in the viewer's own zone. */
export async function bookingDays(viewer: SessionUser, now = new Date()) {
  const slots = await findSlots(viewer, { from: now, to: new Date(now.getTime() + BOOKING_WINDOW_DAYS * DAY_MS) }, { now });
  return { days: groupSlotsByDay(slots, viewer.timeZone, viewer.locale), timeZone: viewer.timeZone };
}

export function bookedSummary(viewer: SessionUser, booking: { startsAt: Date }, csmName: string) {
  return { when: formatDateTime(booking.startsAt, viewer.timeZone, viewer.locale), csmName, timeZone: viewer.timeZone };
}
