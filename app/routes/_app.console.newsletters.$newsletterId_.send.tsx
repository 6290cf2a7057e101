import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { SendForm, SendProgress } from "~/components/newsletters/send-panel.tsx";
import { NewsletterStatusBadge } from "~/components/newsletters/status-badge.tsx";
import { Badge, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleSendAction } from "~/modules/newsletters/send-actions.server.ts";
import { getSendPage } from "~/modules/newsletters/send.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Send ${data?.newsletter.subject || "newsletter"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return getSendPage(user, params.newsletterId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return handleSendAction(user, params.newsletterId ?? "", await readFormData(request));
}

export default function SendNewsletter() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { newsletter } = page;
  return (
    <>
      <PageHeader
        title={newsletter.subject || "Untitled newsletter"}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <NewsletterStatusBadge status={newsletter.status} />
            <Badge tone="brand">{newsletter.topicName}</Badge>
            <span>{newsletter.segmentName ? `Segment: ${newsletter.segmentName}` : "Everyone subscribed to the topic"}</span>
          </span>
        }
      />
      {newsletter.status === "DRAFT" ? <SendForm page={page} reply={reply} /> : <SendProgress page={page} reply={reply} />}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
