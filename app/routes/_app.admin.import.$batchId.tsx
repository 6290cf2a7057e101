import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors } from "~/components/ui/field.tsx";
import { Badge, Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { IMPORT_KIND_LABELS, IMPORT_STATUS_BADGES, ImportDecisionSchema } from "~/modules/accounts/import.schema.ts";
import { confirmImport, discardImport, getImportBatch } from "~/modules/accounts/import.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.batch.fileName ?? "Import"} · Import from CRM · Lyceum` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "import.run");
  const batch = await getImportBatch(params.batchId ?? "");
  if (!batch) throw new Response("There is no import with this address.", { status: 404 });
  return { batch, uploaded: formatDateTime(batch.createdAt, admin.timeZone, admin.locale) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, "import.run");
  const batchId = params.batchId ?? "";
  const submission = parseForm(await readFormData(request), ImportDecisionSchema);
  if (submission.status !== "success") return invalidForm("decision", submission);
  try {
    if (submission.value.intent === "discard") {
      await discardImport(batchId);
      return redirect("/admin/import");
    }
    await confirmImport(batchId);
    return redirect(`/admin/import/${batchId}`);
  } catch (error) {
    return refusedForm("decision", submission, error);
  }
}

/** Reloads the page's data every second while `active`; without JavaScript the Refresh link does it. */
function usePolling(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active || revalidator.state !== "idle") return;
    const timer = setTimeout(() => revalidator.revalidate(), 1000);
    return () => clearTimeout(timer);
  }, [active, revalidator]);
}

export default function ImportBatchPage() {
  const { batch, uploaded } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const running = batch.status === "QUEUED" || batch.status === "RUNNING";
  usePolling(running);
  const badge = IMPORT_STATUS_BADGES[batch.status];

  return (
    <>
      <PageHeader
        title={batch.fileName}
        description={`${IMPORT_KIND_LABELS[batch.kind]} · uploaded ${uploaded}${batch.createdBy ? ` by ${batch.createdBy.name}` : ""}`}
        actions={
          <Link to="/admin/import" className={buttonClass("secondary")}>
            All imports
          </Link>
        }
      />
      <div className="space-y-6">
        <p className="flex items-center gap-2 text-sm text-slate-600">
          Status: <Badge tone={badge.tone}>{badge.label}</Badge>
        </p>
        <FormErrors errors={reply?.result.error?.[""] ?? null} />

        {batch.status === "PREVIEW" ? (
          <Card title="Preview">
            <Counts batch={batch} />
            {batch.errorRows > 0 ? (
              <div className="mt-4">
                <Notice tone="warning">
                  <span id="confirm-blocked">
                    {batch.errorRows} row{batch.errorRows === 1 ? " has" : "s have"} problems, listed below. Nothing is imported until every
                    row is valid: fix the file and{" "}
                    <Link to="/admin/import" className="font-medium underline underline-offset-4">
                      upload it again
                    </Link>
                    .
                  </span>
                </Notice>
              </div>
            ) : (
              <p className="mt-4 text-sm text-slate-600">
                Every row is valid. Confirming imports all of them in one go: if anything fails, nothing is changed.
              </p>
            )}
            <Form method="post" className="mt-5 flex flex-wrap gap-3">
              <Button
                name="intent"
                value="confirm"
                disabled={busy || batch.errorRows > 0}
                aria-describedby={batch.errorRows > 0 ? "confirm-blocked" : undefined}
              >
                Confirm import
              </Button>
              <Button name="intent" value="discard" variant="danger" disabled={busy}>
                Discard
              </Button>
            </Form>
          </Card>
        ) : null}

        {running ? (
          <Card title="Importing">
            <div aria-live="polite" className="space-y-2">
              <p className="text-sm text-slate-700">
                {batch.status === "QUEUED" ? "Waiting for the importer to start…" : "Importing rows…"}{" "}
                <span className="font-medium tabular-nums">
                  {batch.processedRows}/{batch.totalRows}
                </span>
              </p>
              <progress
                aria-label="Import progress"
                max={batch.totalRows}
                value={batch.processedRows}
                className="h-2.5 w-full appearance-none overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
              />
            </div>
            <p className="mt-3 text-sm text-slate-600">
              This page updates by itself.{" "}
              <Link to={`/admin/import/${batch.id}`} className="font-medium text-brand-700 underline underline-offset-4">
                Refresh
              </Link>
            </p>
          </Card>
        ) : null}

        {batch.status === "DONE" ? (
          <Notice tone="success">
            Imported {batch.totalRows} row{batch.totalRows === 1 ? "" : "s"}: {batch.created} created, {batch.updated} updated.
          </Notice>
        ) : null}
        {batch.status === "FAILED" ? (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            <p className="font-medium">The import failed.</p>
            <p className="mt-1">{batch.error}</p>
          </div>
        ) : null}
        {batch.status === "DISCARDED" ? <Notice>This import was discarded; nothing was imported.</Notice> : null}

        {batch.rows.length > 0 ? <RowsTable batch={batch} /> : null}
      </div>
    </>
  );
}

type Batch = ReturnType<typeof useLoaderData<typeof loader>>["batch"];

function Counts({ batch }: { batch: Batch }) {
  const items = [
    ["valid", batch.totalRows - batch.errorRows],
    ["with errors", batch.errorRows],
    ["new", batch.newRows ?? 0],
    ["updates", batch.updateRows ?? 0],
  ] as const;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {items.map(([label, count]) => (
        <div
          key={label}
          className={`rounded-lg border px-4 py-3 ${label === "with errors" && count > 0 ? "border-red-200 bg-red-50" : "border-slate-200"}`}
        >
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{count}</dd>
        </div>
      ))}
    </dl>
  );
}

const ACTION_BADGES = { create: { label: "New", tone: "green" }, update: { label: "Update", tone: "brand" } } as const;

function RowsTable({ batch }: { batch: Batch }) {
  const hidden = batch.totalRows - batch.rows.length;
  return (
    <section aria-labelledby="rows-title" className="space-y-3">
      <h2 id="rows-title" className="text-base font-semibold text-slate-900">
        Rows
      </h2>
      {hidden > 0 ? (
        <p className="text-sm text-slate-600">
          Showing {batch.rows.length} of {batch.totalRows} rows: every row with a problem and the first valid ones.
        </p>
      ) : null}
      {batch.ignoredColumns.length > 0 ? (
        <p className="text-sm text-slate-600">Columns not imported: {batch.ignoredColumns.join(", ")}.</p>
      ) : null}
      <Table
        caption={`Rows of ${batch.fileName}, numbered as in the spreadsheet; rows with problems are highlighted`}
        head={["Row", "Result", ...batch.columns, "Problems"]}
      >
        {batch.rows.map((row) => (
          <tr key={row.row} className={row.errors.length ? "bg-red-50" : undefined}>
            <th scope="row" className="px-4 py-3 text-left align-top font-medium tabular-nums text-slate-700">
              {row.row}
            </th>
            <Td>
              {row.errors.length ? (
                <Badge tone="red">Error</Badge>
              ) : row.action ? (
                <Badge tone={ACTION_BADGES[row.action].tone}>{ACTION_BADGES[row.action].label}</Badge>
              ) : null}
            </Td>
            {row.cells.map((cell, index) => (
              <Td key={index} className="whitespace-nowrap">
                {cell}
              </Td>
            ))}
            <Td className="min-w-64 text-red-800">
              {row.errors.length ? (
                <ul className="list-disc space-y-1 pl-4">
                  {row.errors.map((error) => (
                    <li key={error}>{error}</li>
                  ))}
                </ul>
              ) : null}
            </Td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
