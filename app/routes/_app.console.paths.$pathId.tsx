import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PathDetailsForm } from "~/components/library/path-editor.tsx";
import { PathStatusBadge } from "~/components/library/path-status.tsx";
import { PathStepsEditor } from "~/components/library/path-steps-editor.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
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

const PAGE_INTENTS = ["move-up", "move-down", "remove-step", "save-note", "publish", "unpublish", "delete"] as const;

export default function PathEditor() {
  const { path, defaults, steps, options, maxSteps } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const published = path.status === "PUBLISHED";
  const confirmingDelete = !published && params.get("confirm") === "delete";
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to="/console/paths" className="font-medium text-brand-700 underline underline-offset-4">
          ← All learning paths
        </Link>
      </p>
      <PageHeader
        title={path.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <PathStatusBadge status={path.status} />
            <span>{path.audience}</span>
            <span aria-hidden="true">·</span>
            <span>
              {path.completions} {path.completions === 1 ? "completion" : "completions"}
            </span>
            {path.publishedOn ? <span>· published {path.publishedOn}</span> : null}
          </span>
        }
        actions={
          <>
            <Form method="post">
              <input type="hidden" name="intent" value={published ? "unpublish" : "publish"} />
              <Button variant={published ? "secondary" : "primary"}>{published ? "Unpublish" : "Publish"}</Button>
            </Form>
            {!published ? (
              <Link to="?confirm=delete" className={buttonClass("danger")}>
                Delete…
              </Link>
            ) : null}
          </>
        }
      />
      <div className="space-y-6">
        <ReplyNotice reply={reply} intents={PAGE_INTENTS} />
        {confirmingDelete ? (
          <Card title="Delete this path?">
            <p className="text-sm text-slate-700">
              The path, its steps and its {path.completions} recorded completions are deleted. The library items and sessions stay.
            </p>
            <Form method="post" className="mt-4 flex gap-3">
              <input type="hidden" name="intent" value="delete" />
              <Button variant="danger">Yes, delete the path</Button>
              <Link to="." className={buttonClass("secondary")}>
                Keep it
              </Link>
            </Form>
          </Card>
        ) : null}
        {path.fromFile ? (
          <Notice tone="warning">
            This path comes from <code>{path.fromFile}</code>. The next content sync after that file changes replaces the edits made here.
          </Notice>
        ) : null}
        {!published ? <Notice tone="info">This is a draft: customers cannot see it until it is published.</Notice> : null}
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
