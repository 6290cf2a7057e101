import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { Role } from "~/generated/prisma/enums.ts";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { InvitePersonSchema } from "~/modules/accounts/people.schema.ts";
import { ROLE_LABELS } from "~/modules/auth/permissions.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";
import type { Reply } from "./reply-notice.tsx";

/** Email, optional name and one of the roles this inviter may hand out. */
export function InviteForm({ reply, roles, hint }: { reply: Reply; roles: readonly Role[]; hint?: string }) {
  const [form, fields] = useSchemaForm("invite", InvitePersonSchema, reply);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "invite";
  const done = doneMessage(reply, "invite");
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="intent" value="invite" />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <FormErrors errors={form.errors} />
      <TextField
        id="invite-email"
        label="Email"
        name={fields.email.name}
        type="email"
        autoComplete="off"
        required
        hint={hint}
        defaultValue={fields.email.initialValue as string | undefined}
        errors={fields.email.errors}
      />
      <TextField
        id="invite-name"
        label="Name (optional)"
        name={fields.name.name}
        autoComplete="off"
        defaultValue={fields.name.initialValue as string | undefined}
        errors={fields.name.errors}
      />
      <SelectField
        id="invite-role"
        label="Role"
        name={fields.role.name}
        defaultValue={(fields.role.initialValue as string | undefined) ?? roles[0]}
        errors={fields.role.errors}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </SelectField>
      <Button disabled={busy}>{busy ? "Sending…" : "Send invitation"}</Button>
    </Form>
  );
}
