import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { Tier } from "~/generated/prisma/enums.ts";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { ScoreSettingsSchema } from "~/modules/engagement/scoring.schema.ts";
import { PART_LABELS, PART_NAMES, type ScoreSettings } from "~/modules/engagement/scoring.ts";
import { doneMessage, initialText, useSchemaForm } from "~/utils/forms.ts";

const BANDS = [
  ["greenAt", "Green at"],
  ["redBelow", "Red below"],
] as const;

/** One tier's weights, half-life and bands; "Preview" answers with the counts and saves nothing. */
export function ScoringForm({ tier, label, settings, reply }: { tier: Tier; label: string; settings: ScoreSettings; reply: Reply }) {
  const id = `scoring-${tier}`;
  const [form, fields] = useSchemaForm(id, ScoreSettingsSchema, reply);
  const done = doneMessage(reply, id);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4" aria-label={`${label} scoring`}>
      <input type="hidden" name="tier" value={tier} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">Weights</legend>
        <p className="text-xs text-slate-500">Relative: 2 counts twice as much as 1. At least one above 0.</p>
        <div className="grid grid-cols-2 gap-3">
          {PART_NAMES.map((name) => (
            <TextField
              key={name}
              id={fields[name].id}
              label={PART_LABELS[name]}
              name={fields[name].name}
              type="number"
              min={0}
              max={100}
              step="any"
              required
              defaultValue={initialText(fields[name], settings[name])}
              errors={fields[name].errors}
            />
          ))}
        </div>
      </fieldset>
      <TextField
        id={fields.halfLifeDays.id}
        label="Half-life (days)"
        hint="An event this old counts half as much as one today."
        name={fields.halfLifeDays.name}
        type="number"
        min={1}
        max={365}
        step={1}
        required
        defaultValue={initialText(fields.halfLifeDays, settings.halfLifeDays)}
        errors={fields.halfLifeDays.errors}
      />
      <div className="grid grid-cols-2 gap-3">
        {BANDS.map(([name, bandLabel]) => (
          <TextField
            key={name}
            id={fields[name].id}
            label={bandLabel}
            name={fields[name].name}
            type="number"
            min={0}
            max={100}
            step={1}
            required
            defaultValue={initialText(fields[name], settings[name])}
            errors={fields[name].errors}
          />
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button name="intent" value="save-scoring">
          Save {label.toLowerCase()}
        </Button>
        <Button variant="secondary" name="intent" value="preview-scoring">
          Preview
        </Button>
      </div>
    </Form>
  );
}
