import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContentTable, FunnelTable, InsightSection, NewsletterTable, ReachTable } from "~/components/engagement/insights-tables.tsx";
import { TrendChart } from "~/components/engagement/trend-chart.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getInsights } from "~/modules/engagement/insights.server.ts";
import { readWindow, WINDOWS } from "~/modules/engagement/insights.ts";

export const meta: MetaFunction = () => [{ title: "Insights · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "insights.view");
  return getInsights(user, readWindow(new URL(request.url).searchParams.get("days")));
}

const TIER_SERIES = [
  { key: "HIGH", label: "High touch", color: "#4338ca" },
  { key: "LOW", label: "Low touch", color: "#0e7490", dash: "6 3" },
  { key: "TECH", label: "Tech touch", color: "#b45309", dash: "2 2" },
];
const ATTENDANCE_SERIES = [
  { key: "registered", label: "Registered", color: "#94a3b8" },
  { key: "attended", label: "Attended", color: "#15803d" },
  { key: "noShow", label: "No-show", color: "#b91c1c" },
];

export default function Insights() {
  const page = useLoaderData<typeof loader>();
  const csv = (table: string) => `/console/insights/export/${table}?days=${page.days}`;
  const total = (rows: typeof page.attendanceWeeks, key: "registered" | "attended" | "noShow") =>
    rows.reduce((sum, row) => sum + row[key], 0);
  const latest = page.activeWeeks.at(-1);
  return (
    <>
      <PageHeader
        title="Insights"
        description={`What the one-to-many team's sessions, content and newsletters reached since ${page.since}. Weeks are the seven days up to the date shown.`}
        actions={
          <nav aria-label="Window" className="flex gap-2">
            {WINDOWS.map((days) => (
              <Link
                key={days}
                to={`?days=${days}`}
                aria-current={days === page.days ? "page" : undefined}
                className={`rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ${days === page.days ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
              >
                Last {days} days
              </Link>
            ))}
          </nav>
        }
      />
      <div className="space-y-10">
        <InsightSection id="reach" title="Reach by tier" csv={csv("reach")}>
          <ReachTable rows={page.reach} days={page.days} />
        </InsightSection>
        <InsightSection id="trends" title="Trends" csv={csv("weekly")}>
          <div className="grid gap-6 lg:grid-cols-2">
            <TrendChart
              title="Weekly active accounts by tier"
              summary={
                latest
                  ? `Last week: ${latest.HIGH} high-touch, ${latest.LOW} low-touch and ${latest.TECH} tech-touch accounts were active.`
                  : ""
              }
              data={page.activeWeeks}
              series={TIER_SERIES}
            />
            <TrendChart
              title="Attendance over time"
              summary={`Over ${page.days} days: ${total(page.attendanceWeeks, "registered")} registrations, ${total(page.attendanceWeeks, "attended")} attendances, ${total(page.attendanceWeeks, "noShow")} no-shows.`}
              data={page.attendanceWeeks}
              series={ATTENDANCE_SERIES}
              variant="bar"
            />
          </div>
        </InsightSection>
        <InsightSection id="funnel" title="Registrations to attendance" csv={csv("funnel")}>
          <FunnelTable rows={page.funnel} days={page.days} />
        </InsightSection>
        <InsightSection id="content" title="Content performance" csv={page.content.length ? csv("content") : undefined}>
          {page.content.length ? (
            <ContentTable rows={page.content} days={page.days} />
          ) : (
            <EmptyState title="Nobody watched or opened library content in this window">
              Views show up as customers use the library.
            </EmptyState>
          )}
        </InsightSection>
        <InsightSection id="newsletters" title="Newsletter performance" csv={page.newsletters.length ? csv("newsletters") : undefined}>
          {page.newsletters.length ? (
            <NewsletterTable rows={page.newsletters} days={page.days} />
          ) : (
            <EmptyState title="No newsletter opens or clicks yet">
              Once newsletters are sent, their opens and clicks appear here.
            </EmptyState>
          )}
        </InsightSection>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
