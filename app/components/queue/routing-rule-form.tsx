import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { RuleSchema } from "~/modules/queue/routing.schema.ts";
import type { Rule } from "~/modules/queue/routing.ts";
import { doneMessage, initialText, useSchemaForm } from "~/utils/forms.ts";

/** One rule's editor; `rule` null is the "add a rule" form. Works without JavaScript. */
export function RoutingRuleForm({ rule, formId, reply }: { rule: Rule | null; formId: string; reply: Reply }) {
  const [form, fields] = useSchemaForm(formId, RuleSchema, reply);
  const done = doneMessage(reply, formId);
  const prefix = rule ? `rule-${rule.position}` : "rule-new";
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" aria-label={rule ? `Rule: ${rule.label}` : "New rule"}>
      <input type="hidden" name="intent" value="save-rule" />
      {rule ? <input type="hidden" name="ruleId" value={rule.id} /> : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          id={`${prefix}-label`}
          label="Name"
          name={fields.label.name}
          required
          defaultValue={initialText(fields.label, rule?.label)}
          errors={fields.label.errors}
        />
        <SelectField
          id={`${prefix}-target`}
          label="Send these requests to"
          name={fields.target.name}
          defaultValue={initialText(fields.target, rule?.target ?? "CSM")}
          errors={fields.target.errors}
        >
          <option value="CSM">A CSM (draws an hour)</option>
          <option value="SUPPORT">Support and the library (no hour drawn)</option>
        </SelectField>
      </div>
      <TextAreaField
        id={`${prefix}-keywords`}
        label="Keywords and phrases"
        name={fields.keywords.name}
        rows={2}
        required
        defaultValue={initialText(fields.keywords, rule?.keywords)}
        errors={fields.keywords.errors}
        hint="Separated by commas; matched as whole words in what the customer writes, ignoring case and accents."
      />
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          id={`${prefix}-topic`}
          label="Library topic to suggest (support rules)"
          name={fields.topic.name}
          defaultValue={initialText(fields.topic, rule?.topic)}
          errors={fields.topic.errors}
        />
        <TextField
          id={`${prefix}-message`}
          label="What the customer is told (support rules)"
          name={fields.message.name}
          defaultValue={initialText(fields.message, rule?.message)}
          errors={fields.message.errors}
        />
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name={fields.active.name}
          defaultChecked={rule ? rule.active : true}
          className="h-4 w-4 rounded border-slate-300"
        />
        Active
      </label>
      <Button variant="secondary">{rule ? "Save rule" : "Add rule"}</Button>
    </Form>
  );
}
