import type { z } from "zod";
import { doneForm, invalidForm, parseForm, refusedForm } from "~/utils/forms.server.ts";

/**
 * One form submission: 400 with field errors for bad input, the DomainError's status and message for
 * an expected refusal, or the success message `perform` returns.
 */
export async function runForm<Schema extends z.ZodType, Intent extends string>(
  formData: FormData,
  intent: Intent,
  schema: Schema,
  perform: (value: z.output<Schema>) => Promise<string>,
) {
  const submission = parseForm(formData, schema);
  if (submission.status !== "success") return invalidForm(intent, submission);
  try {
    return doneForm(intent, submission, await perform(submission.value as z.output<Schema>));
  } catch (error) {
    return refusedForm(intent, submission, error);
  }
}

export function intentOf(formData: FormData) {
  const intent = formData.get("intent");
  return typeof intent === "string" ? intent : "";
}

export function unknownIntent(): never {
  throw new Response("This form is not recognised. Reload the page and try again.", { status: 400 });
}
