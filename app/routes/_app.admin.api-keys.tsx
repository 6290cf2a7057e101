import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Badge, Card, EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { CreateApiKeySchema } from "~/modules/engagement/api-keys.schema.ts";
import { handleApiKeyAction } from "~/modules/engagement/api-keys-actions.server.ts";
import { listApiKeys } from "~/modules/engagement/api-keys.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { readFormData } from "~/utils/forms.server.ts";
import { useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "API keys · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "api_keys.manage");
  const when = (date: Date | null) => (date ? formatDateTime(date, user.timeZone, user.locale) : null);
  const keys = await listApiKeys();
  return {
    endpoint: new URL("/api/v1/events", request.url).toString(),
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      createdBy: key.createdBy?.name ?? "—",
      createdAt: when(key.createdAt)!,
      lastUsedAt: when(key.lastUsedAt),
      revokedAt: when(key.revokedAt),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "api_keys.manage");
  return handleApiKeyAction(user, await readFormData(request));
}

export default function ApiKeys() {
  const { endpoint, keys } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useSchemaForm("create-key", CreateApiKeySchema, reply);
  const created = reply && "secret" in reply ? reply : null;
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Your product sends feature usage to <code className="font-mono text-xs">POST {endpoint}</code> with a key in{" "}
            <code className="font-mono text-xs">Authorization: Bearer</code>. Up to 1,000 events a batch; each needs an eventId, so a resent
            batch is counted once.
          </>
        }
      />
      <Card title="Create a key" className="mb-8">
        {created ? (
          <div className="mb-4 space-y-2">
            <Notice tone="success">
              {created.done} Copy the key now: it is shown only this once, and Lyceum keeps only its fingerprint.
            </Notice>
            <label htmlFor="new-key" className="block text-sm font-medium text-slate-700">
              The new key
            </label>
            <input
              id="new-key"
              readOnly
              value={created.secret}
              className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
            />
          </div>
        ) : null}
        <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3" aria-label="Create a key">
          <input type="hidden" name="intent" value="create-key" />
          <FormErrors errors={form.errors} />
          <div className="min-w-[18rem] flex-1">
            <TextField
              id="key-name"
              label="Name"
              name={fields.name.name}
              required
              errors={fields.name.errors}
              hint="What will use it, e.g. “Product backend (prod)”."
            />
          </div>
          <Button>Create key</Button>
        </Form>
      </Card>
      <ReplyNotice reply={reply} intents={["revoke-key"]} />
      {keys.length === 0 ? (
        <EmptyState title="No keys yet">Create one for each system that sends usage, so you can revoke one without the others.</EmptyState>
      ) : (
        <Table caption="API keys" head={["Name", "Key", "Created", "Last used", "State", ""]}>
          {keys.map((key) => (
            <tr key={key.id}>
              <Td className="font-medium text-slate-900">{key.name}</Td>
              <Td className="font-mono text-xs">{key.prefix}…</Td>
              <Td>
                {key.createdAt}
                <span className="block text-xs text-slate-500">by {key.createdBy}</span>
              </Td>
              <Td className="whitespace-nowrap">{key.lastUsedAt ?? "Never"}</Td>
              <Td>{key.revokedAt ? <Badge tone="red">Revoked {key.revokedAt}</Badge> : <Badge tone="green">Live</Badge>}</Td>
              <Td>
                {key.revokedAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-key" />
                    <input type="hidden" name="keyId" value={key.id} />
                    <Button variant="danger" aria-label={`Revoke “${key.name}”`}>
                      Revoke
                    </Button>
                  </Form>
                )}
              </Td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
