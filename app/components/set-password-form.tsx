import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { SetPasswordSchema } from "~/modules/auth/auth.schema.ts";
import { useSchemaForm } from "~/utils/forms.ts";
import { Button } from "./ui/button.tsx";
import { FormErrors, TextField } from "./ui/field.tsx";

/** Name and password, shared by accepting an invite and finishing a self sign-up. */
export function SetPasswordForm({
  email,
  defaultName,
  reply,
  submitLabel,
}: {
  email: string;
  defaultName?: string | null;
  reply: { intent: string; result: SubmissionResult<string[]> } | undefined;
  submitLabel: string;
}) {
  const [form, fields] = useSchemaForm("set-password", SetPasswordSchema, reply);
  const busy = useNavigation().state !== "idle";
  // Without JavaScript the account's zone is used; with it, the zone of this browser.
  const [timeZone, setTimeZone] = useState("");
  useEffect(() => setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="timeZone" value={timeZone} />
      <TextField label="Email" name="email-display" value={email} readOnly disabled />
      <TextField
        label="Your name"
        name={fields.name.name}
        autoComplete="name"
        required
        defaultValue={(fields.name.initialValue as string | undefined) ?? defaultName ?? ""}
        errors={fields.name.errors}
      />
      <TextField
        label="Password"
        name={fields.password.name}
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        errors={fields.password.errors}
      />
      <TextField
        label="Repeat the password"
        name={fields.confirmPassword.name}
        type="password"
        autoComplete="new-password"
        required
        errors={fields.confirmPassword.errors}
      />
      <Button className="w-full" disabled={busy}>
        {busy ? "Working…" : submitLabel}
      </Button>
    </Form>
  );
}
