import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can } from "~/modules/auth/permissions.ts";
import { queueWeeklyDigests } from "./digest.server.ts";
import { inviteAccountToNextExpertSession } from "./signal-invite.server.ts";
import { InviteSchema, SendDigestsSchema, type SignalsIntent } from "./signals.schema.ts";
import type { SignalsViewer } from "./signals.server.ts";

/** The signals page's forms: 400 for bad input, 403/404/409 with what happened, or the success message. */
export async function handleSignalsAction(viewer: SignalsViewer, formData: FormData, now = new Date()) {
  const intent = intentOf(formData) as SignalsIntent | "";
  switch (intent) {
    case "invite":
      return runForm(formData, intent, InviteSchema, async ({ accountId }) => {
        if (!can(viewer, "signals.invite")) throw new DomainError(403, "You may not send invitations.");
        const sent = await inviteAccountToNextExpertSession(viewer, accountId, now);
        const who = sent.queued === 1 ? "1 person" : `${sent.queued} people`;
        const rest = sent.skipped ? ` ${sent.skipped} already had the invitation.` : "";
        return `Invited ${who} at ${sent.accountName} to ${sent.sessionTitle} (${sent.sessionWhen}).${rest} The note is on the account's timeline.`;
      });
    case "send-digests":
      return runForm(formData, intent, SendDigestsSchema, async () => {
        if (!can(viewer, "signals.send_digests")) throw new DomainError(403, "Only admins may send the digests by hand.");
        const { queued, alreadySent } = await queueWeeklyDigests({ now, force: true });
        const already = alreadySent ? ` ${alreadySent} CSM${alreadySent === 1 ? " already has" : "s already have"} this week's.` : "";
        return `Queued ${queued} weekly digest${queued === 1 ? "" : "s"}.${already}`;
      });
    default:
      unknownIntent();
  }
}
