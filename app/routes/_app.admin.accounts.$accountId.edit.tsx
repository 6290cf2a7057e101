import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AccountEditor } from "~/components/account-editor.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PageHeader } from "~/components/ui/page.tsx";
import { AccountFormSchema } from "~/modules/accounts/accounts.schema.ts";
import { accountEditorOptions, getAccount, updateAccount } from "~/modules/accounts/accounts.server.ts";
import { accountEditorDefaults } from "~/modules/accounts/accounts.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.account.name ?? "account"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "accounts.manage");
  const account = await getAccount(user, params.accountId ?? "");
  return {
    account: { id: account.id, name: account.name },
    defaults: accountEditorDefaults(account),
    options: await accountEditorOptions(account),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "accounts.manage");
  const accountId = params.accountId ?? "";
  const submission = parseForm(await readFormData(request), AccountFormSchema);
  if (submission.status !== "success") return invalidForm("account", submission);
  try {
    await updateAccount(user, accountId, submission.value);
    return redirect(`/console/accounts/${accountId}`);
  } catch (error) {
    return refusedForm("account", submission, error);
  }
}

export default function EditAccount() {
  const { account, defaults, options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={`Edit ${account.name}`} />
      <AccountEditor
        reply={reply}
        defaults={defaults}
        options={options}
        submitLabel="Save changes"
        cancelTo={`/console/accounts/${account.id}`}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
