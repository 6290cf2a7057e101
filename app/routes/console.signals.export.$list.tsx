import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { exportSignalsCsv, isSignalList } from "~/modules/engagement/signals.server.ts";

/** /console/signals/export/at-risk (or ready-to-expand): one list of the signals page as a CSV download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "signals.view");
  if (!isSignalList(params.list)) throw new Response("There is no such list. Use at-risk or ready-to-expand.", { status: 404 });
  const csmId = new URL(request.url).searchParams.get("csm")?.trim().slice(0, 40) || null;
  const { filename, csv } = await exportSignalsCsv(user, params.list, { csmId });
  // The byte-order mark makes spreadsheet programs read the file as UTF-8, so names keep their accents.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
