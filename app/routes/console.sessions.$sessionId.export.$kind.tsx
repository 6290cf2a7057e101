import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { exportSessionCsv, isExportKind } from "~/modules/sessions/host-sheet.server.ts";

/** /console/sessions/:id/export/(registrants|waitlist|attendance|feedback) as a CSV download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  if (!isExportKind(params.kind)) {
    throw new Response("There are exports of registrants, waitlist, attendance and feedback only.", { status: 404 });
  }
  const { filename, csv } = await exportSessionCsv(user, params.sessionId ?? "", params.kind);
  // The byte-order mark makes spreadsheet programs read the file as UTF-8, so names keep their accents.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
