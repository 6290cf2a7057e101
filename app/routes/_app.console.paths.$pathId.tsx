import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PathDetailsForm } from "~/components/library/path-editor.tsx";
import { PathEditorHeader } from "~/components/library/path-editor-header.tsx";
import { PathStepsEditor } from "~/components/library/path-steps-editor.tsx";
import { Card } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handlePathEditorAction } from "~/modules/library/paths-actions.server.ts";
import { getPathEditor } from "~/modules/library/paths.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.path.title ?? "Learning path"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  return getPathEditor(user, params.pathId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  return handlePathEditorAction(user, params.pathId ?? "", await readFormData(request));
}

// The details and add-step forms show their own outcome; every other button's lands here.
const PAGE_INTENTS = ["move-up", "move-down", "remove-step", "save-note", "publish", "unpublish", "delete"] as const;

export default function PathEditor() {
  const { path, defaults, steps, options, maxSteps } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PathEditorHeader path={path} />
      <div className="space-y-6">
        <ReplyNotice reply={reply} intents={PAGE_INTENTS} />
        <div className="grid gap-6 xl:grid-cols-5">
          <Card title={`Steps · ${steps.length}`} className="xl:col-span-3">
            <PathStepsEditor steps={steps} options={options} maxSteps={maxSteps} reply={reply} />
          </Card>
          <Card title="Details" className="xl:col-span-2">
            <PathDetailsForm key={`${defaults.title}|${defaults.slug}`} reply={reply} defaults={defaults} submitLabel="Save details" />
          </Card>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
