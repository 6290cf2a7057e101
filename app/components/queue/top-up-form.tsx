import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { TopUpSchema } from "~/modules/queue/ledger.schema.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

const INTENT = "top-up-hours";

/** Admins add hours to this period, or take some back with a negative number; both need a reason. */
export function TopUpForm({ reply, periodName }: { reply: Reply; periodName: string }) {
  const [form, fields] = useSchemaForm(INTENT, TopUpSchema, reply);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === INTENT;
  const done = doneMessage(reply, INTENT);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" aria-label="Top up CSM hours">
      <input type="hidden" name="intent" value={INTENT} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id={fields.hours.id}
          label="Hours"
          name={fields.hours.name}
          type="number"
          step={1}
          min={-1000}
          max={1000}
          required
          hint={`Added to ${periodName}. A negative number takes hours back.`}
          defaultValue={fields.hours.initialValue as string | undefined}
          errors={fields.hours.errors}
        />
        <div className="sm:col-span-2">
          <TextAreaField
            id={fields.reason.id}
            label="Reason"
            name={fields.reason.name}
            rows={2}
            required
            hint="Shown in the ledger to the customer and the team."
            defaultValue={fields.reason.initialValue as string | undefined}
            errors={fields.reason.errors}
          />
        </div>
      </div>
      <Button variant="secondary" disabled={busy}>
        {busy ? "Saving…" : "Save top-up"}
      </Button>
    </Form>
  );
}
