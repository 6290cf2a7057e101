import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PathDetailsForm } from "~/components/library/path-editor.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { PathFormSchema } from "~/modules/library/paths.schema.ts";
import { createPath, NEW_PATH_DEFAULTS } from "~/modules/library/paths.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "New learning path · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "library.manage");
  return { defaults: NEW_PATH_DEFAULTS };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  const submission = parseForm(await readFormData(request), PathFormSchema);
  if (submission.status !== "success") return invalidForm("details", submission);
  try {
    const path = await createPath(user, submission.value);
    return redirect(`/console/paths/${path.id}`);
  } catch (error) {
    return refusedForm("details", submission, error);
  }
}

export default function NewPath() {
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="New learning path" description="It is saved as a draft. Add its steps next, then publish it." />
      <Card title="Details" className="max-w-3xl">
        <PathDetailsForm reply={reply} defaults={defaults} submitLabel="Create draft" cancelTo="/console/paths" />
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
