import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { AudienceField } from "~/components/accounts/audience-field.tsx";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Card } from "~/components/ui/page.tsx";
import type { ContentKind } from "~/generated/prisma/enums.ts";
import { ContentFormSchema, KIND_LABELS, MINUTES_MAX, type ContentEditorDefaults } from "~/modules/library/content.schema.ts";
import { initialList, useSchemaForm } from "~/utils/forms.ts";

type Typed = Record<string, unknown> | undefined;

const BODY: Record<ContentKind, { label: string; hint: ReactNode; rows: number }> = {
  ONE_PAGER: {
    label: "Text",
    rows: 18,
    hint: "Markdown: ## headings, **bold**, lists, tables, https:// links. Keep it to one printed page; customers can print it.",
  },
  EBOOK: {
    label: "Book text",
    rows: 24,
    hint: (
      <>
        Markdown. Start each chapter with a heading line (<code>## Chapter title</code>, or <code># Chapter title</code> if chapters have{" "}
        <code>##</code> sections); text before the first heading becomes the introduction. Leave it empty for a PDF e-book and upload the
        PDF once the item is saved.
      </>
    ),
  },
  VIDEO: {
    label: "Notes",
    rows: 10,
    hint: "Markdown shown under the video: what it covers, links mentioned. The video itself is uploaded on its own screen.",
  },
};

const MINUTES_HINT: Record<ContentKind, string> = {
  ONE_PAGER: "Reading time. Leave empty to estimate it from the text.",
  EBOOK: "Reading time. Leave empty to estimate it from the text.",
  VIDEO: "The video's length, rounded up.",
};

/**
 * Create and edit share this form; the route decides what saving means. The kind is chosen before
 * (each "New" button opens the editor for one kind) and never changes afterwards.
 */
export function ContentEditor({
  reply,
  defaults,
  submitLabel,
  cancelTo,
  notice,
}: {
  reply: Reply;
  defaults: ContentEditorDefaults;
  submitLabel: string;
  cancelTo: string;
  notice?: ReactNode;
}) {
  const [form, fields] = useSchemaForm("content", ContentFormSchema, reply, "save");
  const busy = useNavigation().state === "submitting";
  // After a refused save, show what was typed rather than the stored values.
  const typed = (reply?.intent === "save" && reply.result.status === "error" ? reply.result.initialValue : undefined) as Typed;
  const text = (name: Exclude<keyof ContentEditorDefaults, "audienceTiers" | "kind">) =>
    typed ? String(typed[name] ?? "") : defaults[name];
  const tiers = typed ? initialList(typed.audienceTiers) : defaults.audienceTiers;
  const body = BODY[defaults.kind];

  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name={fields.kind.name} value={defaults.kind} />
      {notice}
      <FormErrors errors={form.errors} />
      {fields.kind.errors?.length ? <FormErrors errors={fields.kind.errors} /> : null}
      <Card title={`${KIND_LABELS[defaults.kind]}: what customers see`}>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <TextField
              label="Title"
              name={fields.title.name}
              required
              maxLength={200}
              defaultValue={text("title")}
              errors={fields.title.errors}
            />
          </div>
          <TextField
            label="Slug"
            name={fields.slug.name}
            maxLength={80}
            defaultValue={text("slug")}
            hint="The item's address: /portal/library/your-slug. Leave empty to make it from the title."
            errors={fields.slug.errors}
          />
          <TextField
            label="Minutes"
            name={fields.minutes.name}
            type="number"
            min={1}
            max={MINUTES_MAX}
            defaultValue={text("minutes")}
            hint={MINUTES_HINT[defaults.kind]}
            errors={fields.minutes.errors}
          />
          <div className="sm:col-span-2">
            <TextAreaField
              label="Summary"
              name={fields.summary.name}
              rows={3}
              maxLength={500}
              defaultValue={text("summary")}
              hint="One or two sentences on the library's cards and in search results."
              errors={fields.summary.errors}
            />
          </div>
          <div className="sm:col-span-2">
            <TextField
              label="Topics"
              name={fields.topics.name}
              defaultValue={text("topics")}
              hint="Comma-separated, like administration, security. Customers filter the library by these."
              errors={fields.topics.errors}
            />
          </div>
        </div>
      </Card>

      <Card title="Audience">
        <AudienceField
          legend="Tiers that see this item"
          hint="Leave all unticked to show it to every tier."
          name={fields.audienceTiers.name}
          tiers={tiers}
          errors={fields.audienceTiers.errors}
        />
      </Card>

      <Card title={body.label}>
        <TextAreaField
          label={`${body.label} (markdown)`}
          name={fields.body.name}
          rows={body.rows}
          defaultValue={text("body")}
          hint={body.hint}
          errors={fields.body.errors}
        />
      </Card>

      <div className="flex gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        <Link to={cancelTo} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </Form>
  );
}
