import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { exportTimelineCsv } from "~/modules/engagement/timeline.server.ts";
import { csvResponse } from "~/utils/csv.ts";

/** /console/accounts/:accountId/timeline/export?activity= — the account's timeline (same filter) as CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "accounts.view");
  const { filename, csv } = await exportTimelineCsv(user, params.accountId ?? "", new URL(request.url).searchParams);
  return csvResponse(filename, csv);
}
