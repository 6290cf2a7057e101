import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { NOTE_MAX, NoteSchema } from "~/modules/queue/brief.schema.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

const INTENT = "note";

/** A private note on the account, tied to this hour. */
export function NoteForm({ reply }: { reply: Reply }) {
  const [form, fields] = useSchemaForm(INTENT, NoteSchema, reply);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === INTENT;
  const done = doneMessage(reply, INTENT);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3" aria-label="Add a private note">
      <input type="hidden" name="intent" value={INTENT} />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <TextAreaField
        id={fields.body.id}
        label="Private note"
        name={fields.body.name}
        rows={4}
        maxLength={NOTE_MAX}
        required
        hint="Staff only: customers never see notes. The next CSM reads it in their brief."
        defaultValue={fields.body.initialValue as string | undefined}
        errors={fields.body.errors}
      />
      <Button variant="secondary" disabled={busy}>
        {busy ? "Saving…" : "Save note"}
      </Button>
    </Form>
  );
}
