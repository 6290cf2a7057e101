import { getFormProps, getInputProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { CreatePollSchema, POLL_MAX_OPTIONS, POLL_MIN_OPTIONS } from "~/modules/sessions/live.schema.ts";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { useSchemaForm } from "~/utils/forms.ts";

const SLOTS = Array.from({ length: POLL_MAX_OPTIONS }, (_, index) => index);

export function CreatePollForm({ reply }: { reply: Reply }) {
  const [form, fields] = useSchemaForm("create-poll", CreatePollSchema, reply);
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="intent" value="create-poll" />
      <FormErrors errors={form.errors} />
      <TextField
        label="Question"
        errors={fields.question.errors}
        {...getInputProps(fields.question, { type: "text" })}
        key={fields.question.key}
      />
      <fieldset className="space-y-3" aria-describedby={fields.options.errors?.length ? "poll-options-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">
          Options ({POLL_MIN_OPTIONS} to {POLL_MAX_OPTIONS}; leave the ones you do not need empty)
        </legend>
        {SLOTS.map((index) => (
          <TextField
            key={index}
            id={`poll-option-${index}`}
            name={`${fields.options.name}[${index}]`}
            label={`Option ${index + 1}`}
            maxLength={120}
            required={index < POLL_MIN_OPTIONS}
          />
        ))}
        {fields.options.errors?.length ? (
          <p id="poll-options-error" className="text-sm text-red-700">
            {fields.options.errors[0]}
          </p>
        ) : null}
      </fieldset>
      <Button disabled={busy}>Save poll as draft</Button>
    </Form>
  );
}
