import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { TIER_LABELS, TIERS } from "~/modules/accounts/entitlements.ts";
import { PathFormSchema, type PathEditorDefaults } from "~/modules/library/paths.schema.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

type Typed = Record<string, unknown> | undefined;

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

/**
 * A path's title, address, summary and audience. The new-path page and the editor share it; the
 * route decides what saving means. Its intent is "details" on both.
 */
export function PathDetailsForm({
  reply,
  defaults,
  submitLabel,
  cancelTo,
}: {
  reply: Reply;
  defaults: PathEditorDefaults;
  submitLabel: string;
  cancelTo?: string;
}) {
  const [form, fields] = useSchemaForm("details", PathFormSchema, reply);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "details";
  // After a refused submit, show what was typed rather than the stored values.
  const typed = (reply?.intent === "details" ? reply.result.initialValue : undefined) as Typed;
  const text = (name: "title" | "slug" | "summary") => (typed ? String(typed[name] ?? "") : defaults[name]);
  const tiers = typed ? asList(typed.audienceTiers) : defaults.audienceTiers;
  const done = doneMessage(reply, "details");
  const audienceNote = fields.audienceTiers.errors?.length ? "path-audience-note" : undefined;

  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <input type="hidden" name="intent" value="details" />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <TextField
        label="Title"
        name={fields.title.name}
        required
        maxLength={120}
        defaultValue={text("title")}
        errors={fields.title.errors}
      />
      <TextField
        label="Slug"
        name={fields.slug.name}
        maxLength={80}
        defaultValue={text("slug")}
        hint="The path's address: /portal/paths/<slug>. Leave it blank to make one from the title."
        errors={fields.slug.errors}
      />
      <TextAreaField
        label="Summary"
        name={fields.summary.name}
        rows={3}
        maxLength={1000}
        defaultValue={text("summary")}
        hint="One or two sentences: who the path is for and what they can do at the end."
        errors={fields.summary.errors}
      />
      <fieldset className="space-y-2" aria-describedby={audienceNote}>
        <legend className="text-sm font-medium text-slate-800">Audience</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {TIERS.map((tier) => (
            <label key={tier} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name={fields.audienceTiers.name}
                value={tier}
                defaultChecked={tiers.includes(tier)}
                className="size-4 rounded border-slate-300"
              />
              {TIER_LABELS[tier]}
            </label>
          ))}
        </div>
        <p className="text-xs text-slate-500">Leave all unticked to offer the path to every tier.</p>
        {fields.audienceTiers.errors?.length ? (
          <p id="path-audience-note" className="text-sm text-red-700">
            {fields.audienceTiers.errors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div className="flex gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        {cancelTo ? (
          <Link to={cancelTo} className={buttonClass("secondary")}>
            Cancel
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
