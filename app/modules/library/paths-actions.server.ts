import { redirect } from "@remix-run/node";
import { z } from "zod";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { AddStepSchema, PathFormSchema, StepNoteSchema, StepSchema } from "./paths.schema.ts";
import {
  addPathStep,
  assertPathRight,
  deletePath,
  moveStep,
  publishPath,
  removeStep,
  saveStepNote,
  unpublishPath,
  updatePathDetails,
} from "./paths.server.ts";

const NoFields = z.object({});

/**
 * Every form on the path editor page: one small form per action, told apart by `intent`, so the
 * page works without JavaScript. Bad input answers 400 with the field's message; refusals keep
 * their status (404 for a step that is gone, 409 for a slug in use or a step already first).
 */
export async function handlePathEditorAction(actor: Actor, pathId: string, formData: FormData) {
  assertPathRight(actor, "library.manage");
  const intent = intentOf(formData);
  switch (intent) {
    case "details":
      return runForm(formData, intent, PathFormSchema, async (values) => {
        await updatePathDetails(actor, pathId, values);
        return "Saved.";
      });
    case "add-step":
      return runForm(formData, intent, AddStepSchema, async (values) => {
        const step = await addPathStep(actor, pathId, values);
        return `Added as step ${step.position}.`;
      });
    case "move-up":
    case "move-down":
      return runForm(formData, intent, StepSchema, async ({ stepId }) => {
        await moveStep(actor, pathId, stepId, intent === "move-up" ? "up" : "down");
        return intent === "move-up" ? "Moved up." : "Moved down.";
      });
    case "remove-step":
      return runForm(formData, intent, StepSchema, async ({ stepId }) => {
        await removeStep(actor, pathId, stepId);
        return "Step removed.";
      });
    case "save-note":
      return runForm(formData, intent, StepNoteSchema, async ({ stepId, note }) => {
        await saveStepNote(actor, pathId, stepId, note);
        return note ? "Note saved." : "Note cleared.";
      });
    case "publish":
      return runForm(formData, intent, NoFields, async () => {
        await publishPath(actor, pathId);
        return "Published: customers in its audience now see this path.";
      });
    case "unpublish":
      return runForm(formData, intent, NoFields, async () => {
        await unpublishPath(actor, pathId);
        return "Unpublished: customers no longer see this path. Completions already recorded are kept.";
      });
    case "delete": {
      const reply = await runForm(formData, intent, NoFields, async () => {
        await deletePath(actor, pathId);
        return "Deleted.";
      });
      return "done" in reply && reply.done ? redirect("/console/paths") : reply;
    }
    default:
      unknownIntent();
  }
}
