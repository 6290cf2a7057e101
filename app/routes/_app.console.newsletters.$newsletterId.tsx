import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { NewsletterBlocksEditor, NewsletterDetailsForm, SendTestForm } from "~/components/newsletters/newsletter-forms.tsx";
import { NewsletterSummary } from "~/components/newsletters/newsletter-summary.tsx";
import { NewsletterStatusBadge } from "~/components/newsletters/status-badge.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleNewsletterEditorAction } from "~/modules/newsletters/editor-actions.server.ts";
import { getNewsletterEditor } from "~/modules/newsletters/editor.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.newsletter.subject ?? "Newsletter"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return { ...(await getNewsletterEditor(user, params.newsletterId ?? "")), pressKey: randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return handleNewsletterEditorAction(user, params.newsletterId ?? "", await readFormData(request));
}

const PAGE_INTENTS = ["move-up", "move-down", "remove-block"] as const;

export default function NewsletterEditor() {
  const { newsletter, blocks, options, pressKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const base = `/console/newsletters/${newsletter.id}`;
  return (
    <>
      <PageHeader
        title={newsletter.subject}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <NewsletterStatusBadge status={newsletter.status} />
            <span>{`${newsletter.topic} · ${newsletter.audience} · created ${newsletter.created}`}</span>
          </span>
        }
        actions={
          <>
            <Link to={`${base}/preview`} className={buttonClass("secondary")}>
              Preview
            </Link>
            {newsletter.editable ? (
              <Link to={`${base}/send`} className={buttonClass()}>
                Choose when to send
              </Link>
            ) : (
              <Link to={`${base}/report`} className={buttonClass()}>
                Report
              </Link>
            )}
          </>
        }
      />
      <div className="space-y-6">
        <ReplyNotice reply={reply} intents={newsletter.editable ? PAGE_INTENTS : [...PAGE_INTENTS, "details", "add-block", "save-block"]} />
        {newsletter.editable ? (
          <div className="grid gap-6 xl:grid-cols-5">
            <Card title={`Blocks · ${blocks.length}`} className="xl:col-span-3">
              <NewsletterBlocksEditor blocks={blocks} options={options} reply={reply} />
            </Card>
            <div className="space-y-6 xl:col-span-2">
              <Card title="Details">
                <NewsletterDetailsForm
                  key={`${newsletter.subject}|${newsletter.topicId}|${newsletter.segmentId}`}
                  reply={reply}
                  defaults={newsletter}
                  options={options}
                  submitLabel="Save details"
                  reach={newsletter.reach}
                />
              </Card>
              <Card title="Test">
                <SendTestForm pressKey={pressKey} reply={reply} />
              </Card>
            </div>
          </div>
        ) : (
          <NewsletterSummary newsletter={newsletter} blocks={blocks} pressKey={pressKey} reply={reply} />
        )}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
