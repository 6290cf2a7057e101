import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { addBookingNote, markOutcome, sendFollowUp } from "./after-call.server.ts";
import { FollowUpSchema, MarkSchema, NoteSchema, type BriefIntent } from "./brief.schema.ts";
import { requireBookingForStaff } from "./brief.server.ts";

/**
 * The brief page's forms. Whose booking it is is settled first (404 for anyone else's), so a refused
 * visitor learns nothing from how their input is judged; then 400 with field messages, 409 with what to
 * do next, or the success message.
 */
export async function handleBriefAction(actor: SessionUser, bookingId: string, formData: FormData, now = new Date()) {
  await requireBookingForStaff(actor, bookingId, { id: true });
  const intent = intentOf(formData) as BriefIntent | "";
  switch (intent) {
    case "mark":
      return runForm(formData, intent, MarkSchema, async ({ outcome }) => {
        const { forfeited } = await markOutcome(actor, bookingId, outcome, { now });
        if (outcome === "COMPLETED") return "Marked completed. Add your notes and send the follow-up while the call is fresh.";
        return forfeited ? "Marked as a no-show. The hour stays used: the account's ledger shows it as forfeited." : "Marked as a no-show.";
      });
    case "note":
      return runForm(formData, intent, NoteSchema, async ({ body }) => {
        await addBookingNote(actor, bookingId, body, { now });
        return "Note saved. Only staff can read it.";
      });
    case "follow-up":
      return runForm(formData, intent, FollowUpSchema, async (values) => {
        const sent = await sendFollowUp(actor, bookingId, values, { now });
        const what = sent.items === 0 ? "your message" : sent.items === 1 ? "1 recommended item" : `${sent.items} recommended items`;
        return `Follow-up with ${what} queued to ${sent.name} (${sent.to}).`;
      });
    default:
      unknownIntent();
  }
}
