import { z } from "zod";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { SendFormSchema } from "./send.schema.ts";
import { controlSend, startSend } from "./send.server.ts";

const NoFields = z.object({});

const DONE = {
  pause: "Paused. Batches already handed to the provider finish; nothing more goes out until you resume.",
  resume: "Resumed: sending carries on where it stopped.",
  cancel: "Cancelled. Nobody who had not been sent it yet will receive it.",
} as const;

/** The send page's forms: send (with its schedule), pause, resume, cancel. */
export async function handleSendAction(actor: SessionUser, newsletterId: string, formData: FormData) {
  const intent = intentOf(formData);
  switch (intent) {
    case "send":
      return runForm(formData, intent, SendFormSchema, async (value) => {
        const { total, status } = await startSend(actor, newsletterId, value);
        return status === "SENDING" ? `Sending to ${total} recipients.` : `Scheduled for ${total} recipients.`;
      });
    case "pause":
    case "resume":
    case "cancel":
      return runForm(formData, intent, NoFields, async () => {
        await controlSend(actor, newsletterId, intent);
        return DONE[intent];
      });
    default:
      unknownIntent();
  }
}
