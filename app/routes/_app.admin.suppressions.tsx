import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Badge, Card, EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { intentOf, runForm, unknownIntent } from "~/modules/accounts/form-action.server.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { AddSuppressionSchema, RemoveSuppressionSchema, SuppressionSearchSchema } from "~/modules/newsletters/suppressions.schema.ts";
import {
  addSuppression,
  listSuppressions,
  removeSuppression,
  SUPPRESSION_REASON_LABELS,
} from "~/modules/newsletters/suppressions.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { readFormData } from "~/utils/forms.server.ts";
import { doneMessage, initialText, useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "Suppression list · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "suppressions.manage");
  const search = SuppressionSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listSuppressions(user, search);
  return {
    q: search.q,
    ...list,
    rows: list.rows.map((row) => ({
      ...row,
      reasonLabel: SUPPRESSION_REASON_LABELS[row.reason],
      added: formatDateTime(row.createdAt, user.timeZone, user.locale),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "suppressions.manage");
  const form = await readFormData(request);
  switch (intentOf(form)) {
    case "add":
      return runForm(form, "add", AddSuppressionSchema, async (input) => {
        await addSuppression(user, input);
        return `${input.email} added: no newsletter will be sent to it.`;
      });
    case "remove":
      return runForm(form, "remove", RemoveSuppressionSchema, async ({ email }) => {
        await removeSuppression(user, email);
        return `${email} removed: newsletters may reach it again from the next send.`;
      });
  }
  return unknownIntent();
}

const TONES = { BOUNCE: "amber", COMPLAINT: "red", MANUAL: "slate" } as const;

export default function Suppressions() {
  const { q, rows, total, page, pageCount } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("add", AddSuppressionSchema, reply);
  const added = doneMessage(reply, "add");
  return (
    <>
      <PageHeader
        title="Suppression list"
        description="Addresses no newsletter is sent to: hard bounces and spam complaints reported by Resend, and addresses added by hand. Emails about sessions and bookings still go out."
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="list-title" className="space-y-4">
          <h2 id="list-title" className="sr-only">
            Suppressed addresses
          </h2>
          <Form method="get" className="flex items-end gap-2" role="search">
            <TextField label="Search by email" name="q" type="search" defaultValue={q} className="min-w-64" />
            <Button variant="secondary">Search</Button>
          </Form>
          <ReplyNotice reply={reply} intents={["remove"]} />
          {rows.length === 0 ? (
            <EmptyState title={q ? "No address matches" : "No suppressed addresses"}>
              {q ? "Try part of the address." : "Hard bounces and complaints appear here as Resend reports them."}
            </EmptyState>
          ) : (
            <>
              <Table caption="Suppressed addresses" head={["Email", "Reason", "Added", ""]}>
                {rows.map((row) => (
                  <tr key={row.email}>
                    <Td className="font-medium text-slate-900">{row.email}</Td>
                    <Td>
                      <Badge tone={TONES[row.reason]}>{row.reasonLabel}</Badge>
                      {row.detail ? <span className="mt-1 block text-xs text-slate-500">{row.detail}</span> : null}
                    </Td>
                    <Td>{row.added}</Td>
                    <Td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="email" value={row.email} />
                        <Button variant="danger" aria-label={`Remove ${row.email}`}>
                          Remove
                        </Button>
                      </Form>
                    </Td>
                  </tr>
                ))}
              </Table>
              <Pagination page={page} pageCount={pageCount} total={total} noun="addresses" />
            </>
          )}
        </section>
        <Card title="Add an address" className="self-start">
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <input type="hidden" name="intent" value="add" />
            {added ? <Notice tone="success">{added}</Notice> : null}
            <FormErrors errors={form.errors} />
            <TextField
              id={fields.email.id}
              label="Email"
              name={fields.email.name}
              type="email"
              required
              defaultValue={initialText(fields.email, "")}
              errors={fields.email.errors}
            />
            <TextField
              id={fields.detail.id}
              label="Why (optional)"
              name={fields.detail.name}
              maxLength={500}
              defaultValue={initialText(fields.detail, "")}
              errors={fields.detail.errors}
            />
            <Button>Suppress</Button>
          </Form>
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
