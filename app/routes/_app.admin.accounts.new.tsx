import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccountEditor } from "~/components/account-editor.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PageHeader } from "~/components/ui/page.tsx";
import { AccountFormSchema } from "~/modules/accounts/accounts.schema.ts";
import { accountEditorOptions, createAccount } from "~/modules/accounts/accounts.server.ts";
import { NEW_ACCOUNT_DEFAULTS } from "~/modules/accounts/accounts.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "New account · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "accounts.manage");
  return { options: await accountEditorOptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "accounts.manage");
  const submission = parseForm(await readFormData(request), AccountFormSchema);
  if (submission.status !== "success") return invalidForm("account", submission);
  try {
    const account = await createAccount(user, submission.value);
    return redirect(`/console/accounts/${account.id}`);
  } catch (error) {
    return refusedForm("account", submission, error);
  }
}

export default function NewAccount() {
  const { options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="New account" description="Add a customer account. You can invite its people once it exists." />
      <AccountEditor
        reply={reply}
        defaults={NEW_ACCOUNT_DEFAULTS}
        options={options}
        submitLabel="Create account"
        cancelTo="/console/accounts"
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
