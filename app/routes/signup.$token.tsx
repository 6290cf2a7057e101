import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { SetPasswordForm } from "~/components/set-password-form.tsx";
import { SetPasswordSchema } from "~/modules/auth/auth.schema.ts";
import { signInAndRedirect } from "~/modules/auth/session.server.ts";
import { completeSignUp, findSignUpToken } from "~/modules/auth/sign-up.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Finish creating your login · Lyceum" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findSignUpToken(params.token ?? "");
  if (!found) throw new Response("This link is not valid. Check that you copied all of it.", { status: 404 });
  return found;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), SetPasswordSchema);
  if (submission.status !== "success") return invalidForm("set-password", submission);
  try {
    const user = await completeSignUp(params.token ?? "", submission.value);
    return await signInAndRedirect(request, user.id, "/portal", context);
  } catch (error) {
    return refusedForm("set-password", submission, error);
  }
}

export default function FinishSignUp() {
  const { email, accountName, state } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (state !== "open") {
    return (
      <AuthLayout title="This link can no longer be used" subtitle="Links to finish signing up work once, for an hour.">
        <Link to="/signup" className="font-medium text-brand-700 underline underline-offset-4">
          Start again
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={`Join ${accountName} on Lyceum`} subtitle="Your email is verified. Choose your name and a password.">
      <SetPasswordForm email={email} reply={reply} submitLabel="Create my login" />
    </AuthLayout>
  );
}
