import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { exportPortfolioCsv } from "~/modules/engagement/portfolio.server.ts";
import { readSort } from "~/modules/engagement/portfolio.ts";
import { csvResponse } from "~/utils/csv.ts";

/** /console/my-accounts/export — the CSM dashboard's table (same book and order) as a CSV download. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "portfolio.view");
  const params = new URL(request.url).searchParams;
  const { filename, csv } = await exportPortfolioCsv(user, { csm: params.get("csm"), sort: readSort(params.get("sort")) });
  return csvResponse(filename, csv);
}
