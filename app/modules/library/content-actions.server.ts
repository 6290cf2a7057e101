import { redirect } from "@remix-run/node";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { doneForm, invalidForm, parseForm, refusedForm } from "~/utils/forms.server.ts";
import { ContentFormSchema, NoFieldsSchema } from "./content.schema.ts";
import { assertLibraryManager, deleteContent, publishContent, unpublishContent, updateContent } from "./content.server.ts";

/** The item page's forms: `save` (the editor), `publish`, `unpublish` and `delete` (after confirming). */
export async function handleContentAction(actor: Actor, contentId: string, formData: FormData) {
  assertLibraryManager(actor);
  const intent = intentOf(formData);
  if (intent === "save") {
    const submission = parseForm(formData, ContentFormSchema);
    if (submission.status !== "success") return invalidForm("save", submission);
    try {
      await updateContent(actor, contentId, submission.value);
      return doneForm("save", submission, "Changes saved.");
    } catch (error) {
      return refusedForm("save", submission, error);
    }
  }
  if (intent === "publish") return runForm(formData, "publish", NoFieldsSchema, () => publishContent(actor, contentId));
  if (intent === "unpublish") return runForm(formData, "unpublish", NoFieldsSchema, () => unpublishContent(actor, contentId));
  if (intent === "delete") {
    const title = await deleteContent(actor, contentId);
    return redirect(`/console/library?deleted=${encodeURIComponent(title)}`);
  }
  return unknownIntent();
}
