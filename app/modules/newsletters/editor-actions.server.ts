import { redirect } from "@remix-run/node";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { invalidForm, parseForm, refusedForm } from "~/utils/forms.server.ts";
import { changeBlocks, createNewsletter, updateNewsletterDetails } from "./editor.server.ts";
import { assertCanManageNewsletters } from "./topics.server.ts";
import { BlockFieldsSchema, BlockRefSchema, NewsletterDetailsSchema, SaveBlockSchema, SendTestSchema } from "./newsletter.schema.ts";
import type { NewsletterBlock } from "./blocks.ts";
import { sendTestNewsletter } from "./test-send.server.ts";

// Every form on the newsletter editor: one small form per action, told apart by `intent`, so the page
// works without JavaScript. 400 with field messages for bad input; 409 once the newsletter left DRAFT.

export async function handleNewNewsletterAction(actor: Actor, formData: FormData) {
  assertCanManageNewsletters(actor);
  const submission = parseForm(formData, NewsletterDetailsSchema);
  if (submission.status !== "success") return invalidForm("details", submission);
  try {
    const newsletter = await createNewsletter(actor, submission.value);
    return redirect(`/console/newsletters/${newsletter.id}`);
  } catch (error) {
    return refusedForm("details", submission, error);
  }
}

function blockOf(fields: ReturnType<typeof BlockFieldsSchema.parse>): NewsletterBlock {
  return fields;
}

export async function handleNewsletterEditorAction(actor: Actor, newsletterId: string, formData: FormData) {
  assertCanManageNewsletters(actor);
  const intent = intentOf(formData);
  switch (intent) {
    case "details":
      return runForm(formData, intent, NewsletterDetailsSchema, async (values) => {
        await updateNewsletterDetails(actor, newsletterId, values);
        return "Saved.";
      });
    case "add-block":
      return runForm(formData, intent, BlockFieldsSchema, async (fields) => {
        const blocks = await changeBlocks(actor, newsletterId, { kind: "add", block: blockOf(fields) });
        return `Added as block ${blocks.length}.`;
      });
    case "save-block":
      return runForm(formData, intent, SaveBlockSchema, async ({ index, ...fields }) => {
        await changeBlocks(actor, newsletterId, { kind: "save", ref: { index, type: fields.type }, block: blockOf(fields) });
        return `Block ${index + 1} saved.`;
      });
    case "move-up":
    case "move-down":
      return runForm(formData, intent, BlockRefSchema, async (ref) => {
        await changeBlocks(actor, newsletterId, { kind: "move", ref, direction: intent === "move-up" ? "up" : "down" });
        return intent === "move-up" ? "Moved up." : "Moved down.";
      });
    case "remove-block":
      return runForm(formData, intent, BlockRefSchema, async (ref) => {
        await changeBlocks(actor, newsletterId, { kind: "remove", ref });
        return "Block removed.";
      });
    case "send-test":
      return runForm(formData, intent, SendTestSchema, async ({ pressKey }) => {
        const { to } = await sendTestNewsletter(actor, newsletterId, pressKey);
        return `A test is on its way to ${to}.`;
      });
    default:
      unknownIntent();
  }
}

/** The preview page has one button: send a test to yourself. */
export async function handleNewsletterPreviewAction(actor: Actor, newsletterId: string, formData: FormData) {
  if (intentOf(formData) !== "send-test") unknownIntent();
  return handleNewsletterEditorAction(actor, newsletterId, formData);
}
