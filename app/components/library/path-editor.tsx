import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { AudienceField } from "~/components/accounts/audience-field.tsx";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { PathFormSchema, type PathEditorDefaults } from "~/modules/library/paths.schema.ts";
import { doneMessage, initialList, useSchemaForm } from "~/utils/forms.ts";

type Typed = Record<string, unknown> | undefined;

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
  const tiers = typed ? initialList(typed.audienceTiers) : defaults.audienceTiers;
  const done = doneMessage(reply, "details");

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
      <AudienceField
        legend="Audience"
        hint="Leave all unticked to offer the path to every tier."
        name={fields.audienceTiers.name}
        tiers={tiers}
        errors={fields.audienceTiers.errors}
      />
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
