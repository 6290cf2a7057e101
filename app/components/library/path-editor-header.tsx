import { Form, Link, useSearchParams } from "@remix-run/react";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { PathStatusBadge } from "./path-status.tsx";

type Path = {
  id: string;
  title: string;
  status: "DRAFT" | "PUBLISHED";
  audience: string;
  completions: number;
  publishedOn: string | null;
  fromFile: string | null;
};

/** The editor's title, status and publish button, the delete confirmation, and what to know before editing. */
export function PathEditorHeader({ path }: { path: Path }) {
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
      <div className="mb-6 space-y-6 empty:hidden">
        {confirmingDelete ? (
          <Card title="Delete this path?">
            <p className="text-sm text-slate-700">
              The path, its steps and its {path.completions} recorded completions are deleted. The library items and sessions stay.
            </p>
            <Form method="post" action={`/console/paths/${path.id}`} className="mt-4 flex gap-3">
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
      </div>
    </>
  );
}
