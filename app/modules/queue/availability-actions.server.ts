import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { formatCalendarDate, formatDateTime } from "~/utils/format.ts";
import { WEEKDAY_LABELS } from "./availability-form.ts";
import {
  OverrideFormSchema,
  RemoveRowSchema,
  TimeOffFormSchema,
  WeeklyHoursFormSchema,
  type AvailabilityIntent,
} from "./availability-form.schema.ts";
import {
  addTimeOff,
  removeOverride,
  removeTimeOff,
  saveOverride,
  saveWeeklyHours,
  type AvailabilityOwner,
  type AvailabilityTarget,
} from "./availability.server.ts";
import { requestQueueMatchIfWaiting } from "./waiting-queue.server.ts";

function whose(owner: AvailabilityOwner, thing: string) {
  return owner.self ? `Your ${thing}` : `${owner.name}'s ${thing}`;
}

/**
 * The availability page's forms, each posted with an `intent`; the owner is resolved per call. A change
 * that may add free time asks the waiting queue to look again (nothing is enqueued when nobody waits).
 */
export async function handleAvailabilityAction(actor: Actor & { locale?: string }, formData: FormData, target: AvailabilityTarget) {
  const intent = intentOf(formData) as AvailabilityIntent | "";
  switch (intent) {
    case "weekly":
      return runForm(formData, intent, WeeklyHoursFormSchema, async (values) => {
        const owner = await saveWeeklyHours(actor, values, target);
        await requestQueueMatchIfWaiting();
        const ignored = values.ignoredDays.map((day) => WEEKDAY_LABELS[day]);
        return ignored.length
          ? `${whose(owner, "weekly hours are")} saved. ${ignored.join(", ")}: marked Not available, so the times typed there were not kept.`
          : `${whose(owner, "weekly hours are")} saved.`;
      });
    case "add-override":
      return runForm(formData, intent, OverrideFormSchema, async (values) => {
        const { replaced } = await saveOverride(actor, values, target);
        await requestQueueMatchIfWaiting();
        const day = formatCalendarDate(`${values.date}T00:00:00Z`, actor.locale);
        return `${replaced ? "Replaced the hours" : values.dayOff ? "Added a day off" : "Added other hours"} for ${day}.`;
      });
    case "remove-override":
      return runForm(formData, intent, RemoveRowSchema, async ({ id }) => {
        await removeOverride(actor, id, target);
        await requestQueueMatchIfWaiting();
        return "Removed: that date follows the weekly hours again.";
      });
    case "add-time-off":
      return runForm(formData, intent, TimeOffFormSchema, async (values) => {
        const added = await addTimeOff(actor, values, target);
        const when = `${formatDateTime(added.startsAt, added.timeZone, actor.locale)} to ${formatDateTime(added.endsAt, added.timeZone, actor.locale)}`;
        return added.ambiguous
          ? `Added time off from ${when}. The clocks go back that night, so the hour that happens twice is off both times.`
          : `Added time off from ${when}.`;
      });
    case "remove-time-off":
      return runForm(formData, intent, RemoveRowSchema, async ({ id }) => {
        await removeTimeOff(actor, id, target);
        await requestQueueMatchIfWaiting();
        return "Removed that time off.";
      });
    default:
      unknownIntent();
  }
}
