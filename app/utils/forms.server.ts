import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { DomainError } from "~/modules/auth/errors.ts";

export type FormReply<Intent extends string = string> = { intent: Intent; result: SubmissionResult<string[]>; done?: string };

/** Reads a form body; a body that is not a form (wrong content type, broken encoding) is a 400. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read. Reload the page and try again.", { status: 400 });
  }
}

export function parseForm<Schema extends z.ZodType>(formData: FormData, schema: Schema) {
  return parseWithZod(formData, { schema });
}

type Submission = ReturnType<typeof parseForm>;

export function invalidForm<Intent extends string>(intent: Intent, submission: Submission) {
  return data({ intent, result: submission.reply() } satisfies FormReply<Intent>, { status: 400 });
}

/** Expected refusals (DomainError) become the form's own error, with their status; others rethrow. */
export function refusedForm<Intent extends string>(intent: Intent, submission: Submission, error: unknown, headers?: HeadersInit) {
  if (!(error instanceof DomainError)) throw error;
  const result = error.field
    ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
    : submission.reply({ formErrors: [error.message] });
  return data({ intent, result } satisfies FormReply<Intent>, { status: error.status, headers });
}

export function doneForm<Intent extends string>(intent: Intent, submission: Submission, message: string) {
  return { intent, result: submission.reply({ resetForm: true }), done: message } satisfies FormReply<Intent>;
}
