import type { SubmissionResult } from "@conform-to/react";
import { FormErrors } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";

export type Reply = { intent: string; result: SubmissionResult<string[]>; done?: string } | undefined | null;

/** The outcome of a small row form (change role, deactivate, revoke): a success note or its errors. */
export function ReplyNotice({ reply, intents }: { reply: Reply; intents: readonly string[] }) {
  if (!reply || !intents.includes(reply.intent)) return null;
  if (reply.done) return <Notice tone="success">{reply.done}</Notice>;
  const errors = Object.values(reply.result.error ?? {}).flatMap((messages) => messages ?? []);
  return <FormErrors errors={errors.length ? errors : null} />;
}
