import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SessionEditor } from "~/components/sessions/session-editor.tsx";
import { PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { SessionFormSchema } from "~/modules/sessions/session.schema.ts";
import { createSessions, newSessionDefaults, sessionEditorOptions } from "~/modules/sessions/sessions.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "New session · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.manage");
  return { defaults: newSessionDefaults(user), options: await sessionEditorOptions(user, [], user.timeZone) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.manage");
  const submission = parseForm(await readFormData(request), SessionFormSchema);
  if (submission.status !== "success") return invalidForm("session", submission);
  try {
    const { ids } = await createSessions(user, submission.value);
    return redirect(`/console/sessions/${ids[0]}`);
  } catch (error) {
    return refusedForm("session", submission, error);
  }
}

export default function NewSession() {
  const { defaults, options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="New session"
        description="It is saved as a draft: check the details, then publish it from its page to open registration."
      />
      <SessionEditor
        reply={reply}
        defaults={defaults}
        options={options}
        submitLabel="Create draft"
        cancelTo="/console/sessions"
        allowRepeat
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
