import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { ImportPreviewCard, ImportProgressCard, ImportRowsTable } from "~/components/accounts/import-preview.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { FormErrors } from "~/components/ui/field.tsx";
import { Badge, Notice, PageHeader } from "~/components/ui/page.tsx";
import { IMPORT_KIND_LABELS, IMPORT_STATUS_BADGES, ImportDecisionSchema, isImportActive } from "~/modules/accounts/import.schema.ts";
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
  const running = isImportActive(batch.status);
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

        {batch.status === "PREVIEW" ? <ImportPreviewCard batch={batch} busy={busy} /> : null}
        {running ? <ImportProgressCard batch={batch} /> : null}

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

        {batch.rows.length > 0 ? <ImportRowsTable batch={batch} /> : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
