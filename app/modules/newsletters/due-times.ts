import { zonedLocalToUtc } from "~/utils/zoned-time.ts";

export type NewsletterSchedulePlan =
  { kind: "NOW" } | { kind: "AT"; at: Date } | { kind: "LOCAL_HOUR"; localDate: string; localHour: number };

/**
 * When someone in `timeZone` is due. A local hour that has already passed in a zone (the send was
 * scheduled after it, or the zone is far ahead) means "now": late beats a day late. An unknown zone
 * is treated as UTC.
 */
export function dueAtFor(plan: NewsletterSchedulePlan, timeZone: string, now: Date): Date {
  if (plan.kind === "NOW") return now;
  if (plan.kind === "AT") return plan.at.getTime() > now.getTime() ? plan.at : now;
  const time = `${String(plan.localHour).padStart(2, "0")}:00`;
  let at: Date;
  try {
    at = zonedLocalToUtc(plan.localDate, time, timeZone);
  } catch {
    at = zonedLocalToUtc(plan.localDate, time, "UTC");
  }
  return at.getTime() > now.getTime() ? at : now;
}
