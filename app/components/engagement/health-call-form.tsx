import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { healthCallSchema, HEALTH_VALUES } from "~/modules/engagement/scoring.schema.ts";
import { HEALTH_LABELS } from "~/modules/engagement/scoring.ts";
import { initialText, useSchemaForm } from "~/utils/forms.ts";

export type CallDays = { today: string; suggested: string; latest: string };

/** The CSM's call: posts to the account's health route, which answers 400 with messages or returns to the account. */
export function HealthCallForm({ accountId, days, reply }: { accountId: string; days: CallDays; reply?: Reply }) {
  const [form, fields] = useSchemaForm("health-call", healthCallSchema(new Date()), reply);
  return (
    <Form
      method="post"
      action={`/console/accounts/${accountId}/health`}
      {...getFormProps(form)}
      className="space-y-4"
      aria-label="Make a health call"
    >
      <input type="hidden" name="intent" value="set-call" />
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          id={fields.health.id}
          label="Health"
          name={fields.health.name}
          defaultValue={initialText(fields.health, "")}
          errors={fields.health.errors}
          required
        >
          <option value="">Choose…</option>
          {HEALTH_VALUES.map((health) => (
            <option key={health} value={health}>
              {HEALTH_LABELS[health]}
            </option>
          ))}
        </SelectField>
        <TextField
          id={fields.expiresOn.id}
          label="Holds until (last day, UTC)"
          name={fields.expiresOn.name}
          type="date"
          min={days.today}
          max={days.latest}
          required
          defaultValue={initialText(fields.expiresOn, days.suggested)}
          errors={fields.expiresOn.errors}
        />
      </div>
      <TextAreaField
        id={fields.reason.id}
        label="Reason"
        hint="Shown to the whole team beside the health, e.g. “champion left”."
        name={fields.reason.name}
        rows={2}
        required
        defaultValue={initialText(fields.reason, "")}
        errors={fields.reason.errors}
      />
      <Button variant="secondary">Save call</Button>
    </Form>
  );
}
