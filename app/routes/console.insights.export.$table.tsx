import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { exportInsightsCsv, INSIGHT_TABLES, type InsightTable } from "~/modules/engagement/insights.server.ts";
import { readWindow } from "~/modules/engagement/insights.ts";
import { csvResponse } from "~/utils/csv.ts";

/** /console/insights/export/:table?days=30|90 — one of the dashboard's tables as a CSV download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "insights.view");
  const table = params.table as InsightTable;
  if (!INSIGHT_TABLES.includes(table)) throw new Response("There is no such table.", { status: 404 });
  const { filename, csv } = await exportInsightsCsv(user, table, readWindow(new URL(request.url).searchParams.get("days")));
  return csvResponse(filename, csv);
}
