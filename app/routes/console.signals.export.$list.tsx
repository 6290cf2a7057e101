import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { exportSignalsCsv, isSignalList } from "~/modules/engagement/signals.server.ts";
import { csvResponse } from "~/utils/csv.ts";

/** /console/signals/export/at-risk (or ready-to-expand): one list of the signals page as a CSV download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "signals.view");
  if (!isSignalList(params.list)) throw new Response("There is no such list. Use at-risk or ready-to-expand.", { status: 404 });
  const csmId = new URL(request.url).searchParams.get("csm")?.trim().slice(0, 40) || null;
  const { filename, csv } = await exportSignalsCsv(user, params.list, { csmId });
  return csvResponse(filename, csv);
}
