import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthLayout } from "~/components/auth-layout.tsx";
import { SetPasswordForm } from "~/components/set-password-form.tsx";
import { SetPasswordSchema } from "~/modules/auth/auth.schema.ts";
import { acceptInvite, findInvite } from "~/modules/auth/invites.server.ts";
import { homePathFor, ROLE_LABELS } from "~/modules/auth/permissions.ts";
import { signInAndRedirect } from "~/modules/auth/session.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Accept your invitation · Lyceum" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = await findInvite(params.token ?? "");
  if (!invite) throw new Response("This invitation link is not valid. Check that you copied all of it.", { status: 404 });
  return {
    email: invite.email,
    name: invite.name,
    state: invite.state,
    roleLabel: ROLE_LABELS[invite.role],
    accountName: invite.account?.name ?? null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), SetPasswordSchema);
  if (submission.status !== "success") return invalidForm("set-password", submission);
  try {
    const user = await acceptInvite(params.token ?? "", submission.value);
    return await signInAndRedirect(request, user.id, homePathFor(user.role), context);
  } catch (error) {
    return refusedForm("set-password", submission, error);
  }
}

export default function AcceptInvite() {
  const invite = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (invite.state !== "open") {
    return (
      <AuthLayout title="This invitation can no longer be used" subtitle={`It was ${invite.state}. Ask whoever invited you for a new one.`}>
        <Link to="/login" className="font-medium text-brand-700 underline underline-offset-4">
          Go to sign in
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={invite.accountName ? `Join ${invite.accountName} on Lyceum` : "Join the Lyceum team"}
      subtitle={`You were invited as ${invite.roleLabel}. Choose your name and a password.`}
    >
      <SetPasswordForm email={invite.email} defaultName={invite.name} reply={reply} submitLabel="Create my login" />
    </AuthLayout>
  );
}
