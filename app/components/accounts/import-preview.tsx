import { Form, Link } from "@remix-run/react";
import type { ImportStatus } from "~/generated/prisma/enums.ts";
import { Button } from "~/components/ui/button.tsx";
import { Badge, Card, Notice } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { rowsWithProblems } from "~/modules/accounts/import.schema.ts";

// The parts of an import batch's page: the preview with its decision, the progress of a running
// import, and the rows of the file.

type PreviewRow = { row: number; action: "create" | "update" | null; errors: string[]; cells: string[] };
type Counted = { totalRows: number; errorRows: number; newRows: number | null; updateRows: number | null };

export function ImportPreviewCard({ batch, busy }: { batch: Counted; busy: boolean }) {
  return (
    <Card title="Preview">
      <Counts batch={batch} />
      {batch.errorRows > 0 ? (
        <div className="mt-4">
          <Notice tone="warning">
            <span id="confirm-blocked">
              {rowsWithProblems(batch.errorRows)}, listed below. Nothing is imported until every row is valid: fix the file and{" "}
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
  );
}

function Counts({ batch }: { batch: Counted }) {
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

export function ImportProgressCard({ batch }: { batch: { id: string; status: ImportStatus; processedRows: number; totalRows: number } }) {
  return (
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
  );
}

const ACTION_BADGES = { create: { label: "New", tone: "green" }, update: { label: "Update", tone: "brand" } } as const;

export function ImportRowsTable({
  batch,
}: {
  batch: { fileName: string; totalRows: number; columns: string[]; ignoredColumns: string[]; rows: PreviewRow[] };
}) {
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
