import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { SignUpRequestSchema } from "~/modules/auth/auth.schema.ts";
import { requireAnonymous } from "~/modules/auth/session.server.ts";
import { requestSignUp } from "~/modules/auth/sign-up.server.ts";
import { doneForm, invalidForm, parseForm, readFormData } from "~/utils/forms.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "Create your login · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), SignUpRequestSchema);
  if (submission.status !== "success") return invalidForm("sign-up", submission);
  const result = await requestSignUp({ email: submission.value.email, clientId: context?.clientIp ?? "unknown" });
  if (!result.ok) {
    return data(
      { intent: "sign-up", result: submission.reply({ formErrors: ["Too many attempts. Wait a few minutes and try again."] }) },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  return doneForm("sign-up", submission, `We sent a message to ${submission.value.email}. Follow its link to finish creating your login.`);
}

export default function SignUp() {
  const reply = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("sign-up", SignUpRequestSchema, reply);
  const sent = doneMessage(reply, "sign-up");
  const busy = useNavigation().state !== "idle";
  return (
    <AuthLayout
      title="Create your login"
      subtitle="Use your work email: if your company is a customer, you join its account."
      footer={
        <>
          Already have a login?{" "}
          <Link to="/login" className="font-medium text-brand-700 underline underline-offset-4">
            Sign in
          </Link>
        </>
      }
    >
      {sent ? (
        <Notice tone="success">{sent}</Notice>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <TextField label="Work email" name={fields.email.name} type="email" autoComplete="email" required errors={fields.email.errors} />
          <Button className="w-full" disabled={busy}>
            {busy ? "Sending…" : "Verify my email"}
          </Button>
        </Form>
      )}
    </AuthLayout>
  );
}
