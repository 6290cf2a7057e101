import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getOutboxMessage } from "~/modules/email/outbox.server.ts";
import { getOutboxAttachments } from "~/providers/email.server.ts";
import { formatDateTime } from "~/utils/format.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.message.subject ?? "Email"} · Outbox · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "outbox.view");
  const message = await getOutboxMessage(params.messageId ?? "");
  if (!message) throw new Response("That email is not in the outbox.", { status: 404 });
  const attachments = await getOutboxAttachments(message.id);
  return { message: { ...message, createdAt: formatDateTime(message.createdAt, user.timeZone, user.locale) }, attachments };
}

export default function OutboxMessage() {
  const { message, attachments } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/outbox" className="text-brand-700 underline underline-offset-4">
          ← Outbox
        </Link>
      </p>
      <PageHeader title={message.subject} description={`To ${message.to} · from ${message.from} · ${message.createdAt}`} />
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="HTML">
          {/* sandbox="" : the email's markup can neither run script nor reach this page. */}
          <iframe
            title="HTML version of the email"
            sandbox=""
            srcDoc={message.html}
            className="h-[36rem] w-full rounded border border-slate-200 bg-white"
          />
        </Card>
        <div className="space-y-6">
          <Card title="Plain text">
            <pre
              data-testid="email-text"
              role="region"
              tabIndex={0}
              aria-label="Plain-text version of the email"
              className="max-h-[28rem] overflow-auto whitespace-pre-wrap break-words text-sm text-slate-800"
            >
              {message.text}
            </pre>
          </Card>
          <Card title="Headers">
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="font-medium text-slate-700">Idempotency key</dt>
              <dd className="break-all text-slate-600">{message.idempotencyKey}</dd>
              {Object.entries(message.headers).map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="font-medium text-slate-700">{name}</dt>
                  <dd className="break-all text-slate-600">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          {attachments.length > 0 ? (
            <Card title="Attachments">
              <ul className="space-y-4">
                {attachments.map((attachment, index) => (
                  <li key={`${attachment.filename}-${index}`}>
                    <p className="text-sm font-medium text-slate-700">
                      {attachment.filename} <span className="font-normal text-slate-500">({attachment.contentType})</span>
                    </p>
                    <pre
                      data-testid="email-attachment"
                      data-filename={attachment.filename}
                      role="region"
                      tabIndex={0}
                      aria-label={`Contents of ${attachment.filename}`}
                      className="mt-1 max-h-[20rem] overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs text-slate-800"
                    >
                      {attachment.content}
                    </pre>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
