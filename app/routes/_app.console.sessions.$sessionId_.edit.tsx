import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SessionEditor } from "~/components/sessions/session-editor.tsx";
import { Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { SessionFormSchema } from "~/modules/sessions/session.schema.ts";
import { getSessionForEdit, sessionEditorOptions, updateSession } from "~/modules/sessions/sessions.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.session.title ?? "session"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.manage");
  const { session, defaults } = await getSessionForEdit(user, params.sessionId ?? "");
  return { session, defaults, options: await sessionEditorOptions(user, defaults.hostIds, defaults.timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.manage");
  const sessionId = params.sessionId ?? "";
  const submission = parseForm(await readFormData(request), SessionFormSchema);
  if (submission.status !== "success") return invalidForm("session", submission);
  try {
    await updateSession(user, sessionId, submission.value);
    return redirect(`/console/sessions/${sessionId}`);
  } catch (error) {
    return refusedForm("session", submission, error);
  }
}

export default function EditSession() {
  const { session, defaults, options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={`Edit ${session.title}`} description={session.seriesId ? "Changes apply to this occurrence only." : undefined} />
      <SessionEditor
        reply={reply}
        defaults={defaults}
        options={options}
        submitLabel="Save changes"
        cancelTo={`/console/sessions/${session.id}`}
        allowRepeat={false}
        notice={
          session.status === "PUBLISHED" ? (
            <Notice tone="warning">
              This session is published. A new start, duration, title or meeting link is emailed to everyone registered, with an updated
              calendar invite.
            </Notice>
          ) : null
        }
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
