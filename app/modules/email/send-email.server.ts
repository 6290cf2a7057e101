import { z } from "zod";
import { renderEmail, TEMPLATE_NAMES, type TemplateName, type TemplateProps } from "#emails/index.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { sendEmail, type EmailAttachment } from "~/providers/email.server.ts";
import type { Tx } from "~/utils/db.server.ts";

export const EMAIL_JOB_KIND = "email.send";

export type QueueEmailInput<N extends TemplateName> = {
  template: N;
  to: string;
  props: TemplateProps<N>;
  /** Same key, one job, one delivery: use the business id (e.g. `invite:${inviteId}`). */
  idempotencyKey?: string;
  /** Text files such as an .ics invite, rendered when queued so the job sends what was true then. */
  attachments?: EmailAttachment[];
};

/** Pass the transaction of the business write so the email is queued only if it commits. */
export function queueEmail<N extends TemplateName>(tx: Tx, { template, to, props, idempotencyKey, attachments }: QueueEmailInput<N>) {
  const payload = attachments?.length ? { template, to, props, attachments } : { template, to, props };
  return enqueueJob(tx, { kind: EMAIL_JOB_KIND, payload, idempotencyKey });
}

const SendEmailPayloadSchema = z.object({
  template: z.enum(TEMPLATE_NAMES),
  to: z.string().min(3),
  props: z.record(z.string(), z.unknown()),
  attachments: z.array(z.object({ filename: z.string().min(1), contentType: z.string().min(1), content: z.string() })).optional(),
});

/** The worker's handler for EMAIL_JOB_KIND (payload already JSON-parsed); throws to retry. */
export async function handleSendEmailJob(payload: unknown, job: { id: string; idempotencyKey?: string | null }): Promise<void> {
  const { template, to, props, attachments } = SendEmailPayloadSchema.parse(payload);
  // Props were type-checked by queueEmail when the job was written.
  const rendered = await renderEmail(template, props as TemplateProps<typeof template>);
  await sendEmail({ ...rendered, to, template, attachments, idempotencyKey: job.idempotencyKey ?? `job:${job.id}` });
}
