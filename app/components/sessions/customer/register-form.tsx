import { Form, useNavigation } from "@remix-run/react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { answerFieldName } from "~/modules/sessions/catalogue.schema.ts";

export type RegistrationQuestion = { id: string; label: string; required: boolean; long: boolean };

function submittedAnswer(reply: Reply, questionId: string) {
  const initial = reply?.result.initialValue as { answers?: Record<string, unknown> } | null | undefined;
  const value = initial?.answers?.[questionId];
  return typeof value === "string" ? value : undefined;
}

/**
 * The session's registration questions and one button. Answers are checked on the server (the rules
 * live beside the registration code), so this is a plain form that also works without JavaScript.
 */
export function RegisterForm({
  questions,
  answerMaxLength,
  full,
  reply,
}: {
  questions: RegistrationQuestion[];
  answerMaxLength: number;
  full: boolean;
  reply: Reply;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "register";
  const own = reply?.intent === "register" && !reply.done ? reply : null;
  const errors = own?.result.error ?? {};
  const label = full ? "Join the waitlist" : "Register";
  return (
    <Form method="post" className="space-y-4" aria-label={label}>
      <input type="hidden" name="intent" value="register" />
      <FormErrors errors={errors[""] ?? null} />
      {questions.length ? <p className="text-sm text-slate-600">The hosts read your answers to prepare the session.</p> : null}
      {questions.map((question) => {
        const name = answerFieldName(question.id);
        const common = {
          id: `answer-${question.id}`,
          name,
          label: question.required ? `${question.label} (required)` : `${question.label} (optional)`,
          required: question.required,
          maxLength: answerMaxLength,
          defaultValue: submittedAnswer(own, question.id),
          errors: errors[name] ?? null,
        };
        return question.long ? <TextAreaField key={question.id} rows={5} {...common} /> : <TextField key={question.id} {...common} />;
      })}
      {full ? (
        <p className="text-sm text-slate-600">
          Every seat is taken. Join the waitlist and we will email you a link to claim a seat if one frees up before the start.
        </p>
      ) : null}
      <Button disabled={busy}>{busy ? "Sending…" : label}</Button>
    </Form>
  );
}
