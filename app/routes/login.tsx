import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Notice } from "~/components/ui/page.tsx";
import { MagicLinkRequestSchema, PasswordSignInSchema } from "~/modules/auth/auth.schema.ts";
import { homePathFor } from "~/modules/auth/permissions.ts";
import { requestMagicLink, signInWithPassword } from "~/modules/auth/sign-in.server.ts";
import { requireAnonymous, safeRedirect, signInAndRedirect } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { doneForm, invalidForm, parseForm, readFormData } from "~/utils/forms.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "Sign in · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

function tooMany(retryAfterSeconds: number) {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const clientId = context?.clientIp ?? "unknown";
  if (formData.get("intent") === "magic-link") {
    const submission = parseForm(formData, MagicLinkRequestSchema);
    if (submission.status !== "success") return invalidForm("magic-link", submission);
    const redirectTo = safeRedirect(submission.value.redirectTo, "") || undefined;
    const result = await requestMagicLink({ email: submission.value.email, clientId, redirectTo });
    if (!result.ok) {
      return data(
        { intent: "magic-link", result: submission.reply({ formErrors: [tooMany(result.retryAfterSeconds)] }) },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return doneForm(
      "magic-link",
      submission,
      `If ${submission.value.email} has a Lyceum login, a sign-in link is on its way. It works once, for 10 minutes.`,
    );
  }

  const submission = parseForm(formData, PasswordSignInSchema);
  if (submission.status !== "success") return invalidForm("password", submission);
  const result = await signInWithPassword({ ...submission.value, clientId });
  if (!result.ok) {
    const message =
      result.reason === "rate-limited"
        ? tooMany(result.retryAfterSeconds)
        : "That email and password do not match. Try again or get a sign-in link by email.";
    return data(
      { intent: "password", result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      {
        status: result.reason === "rate-limited" ? 429 : 400,
        headers: result.reason === "rate-limited" ? { "Retry-After": String(result.retryAfterSeconds) } : undefined,
      },
    );
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: result.userId }, select: { role: true } });
  return signInAndRedirect(request, result.userId, safeRedirect(submission.value.redirectTo, homePathFor(user.role)), context);
}

export default function Login() {
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const [passwordForm, passwordFields] = useSchemaForm("password", PasswordSignInSchema, reply);
  const [linkForm, linkFields] = useSchemaForm("magic-link", MagicLinkRequestSchema, reply);
  const linkSent = doneMessage(reply, "magic-link");

  return (
    <AuthLayout
      title="Sign in to Lyceum"
      subtitle="Webinars, expert sessions, the library and your CSM, in one place."
      footer={
        <>
          New here and your company uses Lyceum?{" "}
          <Link to="/signup" className="font-medium text-brand-700 underline underline-offset-4">
            Create your login
          </Link>
        </>
      }
    >
      <Form method="post" {...getFormProps(passwordForm)} className="space-y-4">
        <input type="hidden" name="intent" value="password" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormErrors errors={passwordForm.errors} />
        <TextField
          id="password-email"
          label="Email"
          name={passwordFields.email.name}
          type="email"
          autoComplete="email"
          required
          defaultValue={passwordFields.email.initialValue as string | undefined}
          errors={passwordFields.email.errors}
        />
        <TextField
          id="password-password"
          label="Password"
          name={passwordFields.password.name}
          type="password"
          autoComplete="current-password"
          required
          errors={passwordFields.password.errors}
        />
        <Button className="w-full" disabled={busy === "password"}>
          {busy === "password" ? "Signing in…" : "Sign in"}
        </Button>
      </Form>

      <div className="my-6 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500">
        <span className="h-px flex-1 bg-slate-200" /> or get a link by email <span className="h-px flex-1 bg-slate-200" />
      </div>

      {linkSent ? <Notice tone="success">{linkSent}</Notice> : null}
      <Form method="post" {...getFormProps(linkForm)} className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="magic-link" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormErrors errors={linkForm.errors} />
        <TextField
          id="magic-email"
          label="Email for a sign-in link"
          name={linkFields.email.name}
          type="email"
          autoComplete="email"
          required
          errors={linkFields.email.errors}
        />
        <Button variant="secondary" className="w-full" disabled={busy === "magic-link"}>
          {busy === "magic-link" ? "Sending…" : "Email me a sign-in link"}
        </Button>
      </Form>
    </AuthLayout>
  );
}
