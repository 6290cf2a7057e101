import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextField } from "~/components/ui/field.tsx";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { IMPORT_KIND_LABELS, IMPORT_STATUS_BADGES, ImportUploadSchema, MAX_IMPORT_BYTES } from "~/modules/accounts/import.schema.ts";
import { listImportBatches, stageImport } from "~/modules/accounts/import.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm, type FormReply } from "~/utils/forms.server.ts";
import { useSchemaForm } from "~/utils/forms.ts";

export const meta: MetaFunction = () => [{ title: "Import from CRM · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "import.run");
  const batches = await listImportBatches();
  return { batches: batches.map((batch) => ({ ...batch, uploaded: formatDateTime(batch.createdAt, admin.timeZone, admin.locale) })) };
}

// Room for the multipart envelope around a file right at the limit.
const MAX_BODY_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "import.run");
  // Refused before reading, so an oversized upload is never buffered in memory.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    const result = { status: "error" as const, error: { file: ["The file is larger than 5 MB; split it into smaller files"] } };
    return data({ intent: "upload", result } satisfies FormReply, { status: 400 });
  }
  const submission = parseForm(await readFormData(request), ImportUploadSchema);
  if (submission.status !== "success") return invalidForm("upload", submission);
  try {
    const batch = await stageImport({ ...submission.value, createdById: admin.id });
    return redirect(`/admin/import/${batch.id}`);
  } catch (error) {
    return refusedForm("upload", submission, error);
  }
}

export default function ImportIndex() {
  const { batches } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm("upload", ImportUploadSchema, reply);
  return (
    <>
      <PageHeader
        title="Import from CRM"
        description="Bring accounts and their contacts over from HubSpot, Salesforce or a spreadsheet. You see a preview of every row before anything changes."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card title="Upload a CSV file">
          <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-5">
            <FormErrors errors={form.errors} />
            <SelectField
              label="The file contains"
              name={fields.kind.name}
              id="import-kind"
              defaultValue={(fields.kind.initialValue as string | undefined) ?? "ACCOUNTS"}
              errors={fields.kind.errors}
            >
              <option value="ACCOUNTS">Accounts</option>
              <option value="CONTACTS">Contacts (import their accounts first)</option>
            </SelectField>
            <TextField
              label="CSV file"
              name={fields.file.name}
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              required
              errors={fields.file.errors}
              hint="Up to 10,000 rows and 5 MB. Column names are matched loosely, so a CRM export usually works as it is."
            />
            <Button disabled={busy}>{busy ? "Reading the file…" : "Upload and preview"}</Button>
          </Form>
          <div className="mt-6 border-t border-slate-100 pt-4 text-sm text-slate-600">
            <p className="font-medium text-slate-800">Example files</p>
            <ul className="mt-2 space-y-1">
              {(["ACCOUNTS", "CONTACTS"] as const).map((kind) => (
                <li key={kind}>
                  <a href={`/admin/import/template/${kind.toLowerCase()}`} download className="text-brand-700 underline underline-offset-4">
                    {IMPORT_KIND_LABELS[kind]} example (CSV)
                  </a>
                </li>
              ))}
            </ul>
            <p className="mt-2">Blank cells leave what Lyceum already has unchanged. Imports never send emails.</p>
          </div>
        </Card>
        <Card title="Recent imports">
          {batches.length === 0 ? (
            <EmptyState title="No imports yet">Upload a file to see a preview here.</EmptyState>
          ) : (
            <Table caption="Recent imports, newest first" head={["File", "Status", "Rows", "Uploaded"]}>
              {batches.map((batch) => (
                <tr key={batch.id}>
                  <Td>
                    <Link to={`/admin/import/${batch.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
                      {batch.fileName}
                    </Link>
                    <span className="block text-xs text-slate-500">{IMPORT_KIND_LABELS[batch.kind]}</span>
                  </Td>
                  <Td>
                    <Badge tone={IMPORT_STATUS_BADGES[batch.status].tone}>{IMPORT_STATUS_BADGES[batch.status].label}</Badge>
                  </Td>
                  <Td>
                    {batch.totalRows}
                    {batch.errorRows ? <span className="block text-xs text-red-700">{batch.errorRows} with errors</span> : null}
                    {batch.status === "DONE" ? (
                      <span className="block text-xs text-slate-500">
                        {batch.created} new, {batch.updated} updated
                      </span>
                    ) : null}
                  </Td>
                  <Td>
                    {batch.uploaded}
                    {batch.createdBy ? <span className="block text-xs text-slate-500">by {batch.createdBy.name}</span> : null}
                  </Td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
