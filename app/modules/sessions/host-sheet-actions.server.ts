import { z } from "zod";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { assertRegistrationInSession, ATTENDANCE_LABELS } from "./host-sheet.server.ts";
import { setAttendance } from "./registration.server.ts";
import { AttendanceFormSchema } from "./session.schema.ts";
import { assertSessionRight, cancelSession, publishSession } from "./sessions.server.ts";

const NoFields = z.object({});

/** The sheet's buttons: publishing and cancelling need sessions.manage; attendance is setAttendance's call. */
export async function handleHostSheetAction(actor: Actor, sessionId: string, formData: FormData) {
  const intent = intentOf(formData);
  switch (intent) {
    case "publish":
    case "publish-series": {
      assertSessionRight(actor, "sessions.manage");
      return runForm(formData, intent, NoFields, async () => {
        const count = await publishSession(actor, sessionId, { wholeSeries: intent === "publish-series" });
        return count === 1
          ? "Published: customers can now see this session and register."
          : `Published ${count} sessions of this series: customers can now see them and register.`;
      });
    }
    case "cancel": {
      assertSessionRight(actor, "sessions.manage");
      return runForm(formData, intent, NoFields, async () => {
        await cancelSession(actor, sessionId);
        return "Cancelled. Everyone registered or waiting is being emailed.";
      });
    }
    case "attendance":
      return runForm(formData, intent, AttendanceFormSchema, async ({ registrationId, attendance }) => {
        await assertRegistrationInSession(actor, sessionId, registrationId);
        await setAttendance(actor, registrationId, attendance);
        return `Marked as ${ATTENDANCE_LABELS[attendance].toLowerCase()}.`;
      });
    default:
      unknownIntent();
  }
}
