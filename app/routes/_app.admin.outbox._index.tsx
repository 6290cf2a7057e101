import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { Button } from "~/components/ui/button.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listOutboxMessages } from "~/modules/email/outbox.server.ts";
import { emailDriverName } from "~/providers/email.server.ts";
import { formatDateTime } from "~/utils/format.ts";

export const meta: MetaFunction = () => [{ title: "Outbox · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "outbox.view");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.slice(0, 200) ?? "";
  const result = await listOutboxMessages({ page: Number(url.searchParams.get("page") ?? 1), q });
  return {
    q,
    driver: emailDriverName(),
    ...result,
    messages: result.messages.map((message) => ({ ...message, sentAt: formatDateTime(message.createdAt, user.timeZone, user.locale) })),
  };
}

export default function Outbox() {
  const { q, driver, messages, page, pageCount, total } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every email Lyceum has sent through the local driver, rendered as the recipient would see it."
      />
      {driver === "resend" ? (
        <div className="mb-6">
          <Notice>Email is delivered through Resend (RESEND_API_KEY is set); new messages appear in Resend, not here.</Notice>
        </div>
      ) : null}
      <Form method="get" className="mb-4 flex items-end gap-2" role="search">
        <div className="w-80">
          <TextField label="Search recipient or subject" name="q" type="search" defaultValue={q} />
        </div>
        <Button variant="secondary">Search</Button>
      </Form>
      {messages.length === 0 ? (
        <EmptyState title={q ? "No email matches that search" : "No email sent yet"} />
      ) : (
        <Table caption="Sent email, newest first" head={["Sent", "To", "Subject", "Template"]}>
          {messages.map((message) => (
            <tr key={message.id}>
              <Td className="whitespace-nowrap">{message.sentAt}</Td>
              <Td>{message.to}</Td>
              <Td>
                <Link to={message.id} className="font-medium text-brand-700 underline-offset-4 hover:underline">
                  {message.subject}
                </Link>
              </Td>
              <Td>{message.template ?? "—"}</Td>
            </tr>
          ))}
        </Table>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} noun="messages" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
