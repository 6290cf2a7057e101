import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { exportCapacityCsv } from "~/modules/queue/capacity.server.ts";

/** /console/capacity/export: the capacity view's week-by-week table as a CSV download. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "queue.capacity");
  const { filename, csv } = await exportCapacityCsv(user);
  // The byte-order mark makes spreadsheet programs read the file as UTF-8, so names keep their accents.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
