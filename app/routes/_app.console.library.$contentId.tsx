import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ContentKindBadge, ContentStatusBadge } from "~/components/library/badges.tsx";
import { ConfirmAction, ItemFacts, type Confirmable } from "~/components/library/item-admin.tsx";
import { ContentEditor } from "~/components/library/content-editor.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleContentAction } from "~/modules/library/content-actions.server.ts";
import { getContentForEdit } from "~/modules/library/content.server.ts";
import { readFormData } from "~/utils/forms.server.ts";
import { doneMessage } from "~/utils/forms.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.item.title ?? "Library item"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  return getContentForEdit(user, params.contentId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  return handleContentAction(user, params.contentId ?? "", await readFormData(request));
}

const CONFIRMABLE: Confirmable[] = ["publish", "unpublish", "delete"];

export default function EditContent() {
  const { item, defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const asked = params.get("confirm");
  const confirming = CONFIRMABLE.find((intent) => intent === asked) ?? null;
  const published = item.status === "PUBLISHED";
  const saved = doneMessage(reply, "save");
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to="/console/library" className="font-medium text-brand-700 underline underline-offset-4">
          ← All library items
        </Link>
      </p>
      <PageHeader
        title={item.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ContentKindBadge kind={item.kind} label={item.kindLabel} />
            <ContentStatusBadge status={item.status} label={item.statusLabel} />
            <span>Updated {item.updated}</span>
          </span>
        }
        actions={
          <>
            <Link to={`/console/library/${item.id}/preview`} className={buttonClass("secondary")}>
              Preview
            </Link>
            {item.kind === "VIDEO" ? (
              <Link to={`/console/library/${item.id}/video`} className={buttonClass("secondary")}>
                Video file
              </Link>
            ) : null}
            {item.kind === "EBOOK" ? (
              <Link to={`/console/library/${item.id}/pdf`} className={buttonClass("secondary")}>
                {item.file ? "Replace PDF" : "Upload PDF"}
              </Link>
            ) : null}
            <Link to={`?confirm=${published ? "unpublish" : "publish"}`} className={buttonClass(published ? "secondary" : "primary")}>
              {published ? "Unpublish…" : "Publish…"}
            </Link>
            <Link to="?confirm=delete" className={buttonClass("danger")}>
              Delete…
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        {params.get("created") && !reply ? (
          <Notice tone="success">Draft created. Preview it, then publish it when it is ready.</Notice>
        ) : null}
        {saved ? <Notice tone="success">{saved}</Notice> : null}
        <ReplyNotice reply={reply} intents={CONFIRMABLE} />
        {confirming ? <ConfirmAction intent={confirming} item={item} /> : null}
        {item.sourcePath ? (
          <Notice tone="warning">
            This item comes from <code>content/{item.sourcePath}</code>. Edits made here stay until that file changes; the next{" "}
            <code>npm run content:sync</code> after a change to the file replaces them.
          </Notice>
        ) : null}
        <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_18rem]">
          <ContentEditor reply={reply} defaults={defaults} submitLabel="Save changes" cancelTo="/console/library" />
          <ItemFacts item={item} />
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
