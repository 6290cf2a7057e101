import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CsvLink } from "~/components/engagement/insights-tables.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ReportFigures } from "~/components/newsletters/report-figures.tsx";
import { NewsletterStatusBadge } from "~/components/newsletters/status-badge.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { FILTER_LABELS, parseFilter, RECIPIENT_FILTERS, recipientOutcome } from "~/modules/newsletters/report.ts";
import { newsletterReport } from "~/modules/newsletters/report.server.ts";
import { formatDateTime } from "~/utils/format.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.newsletter.subject ?? "Report"} · Newsletter report · Lyceum` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  const search = new URL(request.url).searchParams;
  const filter = parseFilter(search.get("event"));
  const report = await newsletterReport(user, params.newsletterId ?? "", { filter, page: Number(search.get("page")) || 1 });
  const when = (at: Date | null) => (at ? formatDateTime(at, user.timeZone, user.locale) : null);
  return {
    ...report,
    filter,
    started: when(report.newsletter.startedAt),
    recipients: report.recipients.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      outcome: recipientOutcome(row),
      skipReason: row.skipReason,
      sent: when(row.sentAt),
      delivered: when(row.deliveredAt),
      opened: when(row.openedAt),
      clicked: when(row.clickedAt),
      problem: when(row.complainedAt ?? row.bouncedAt),
      openCount: row.openCount,
      clickCount: row.clickCount,
    })),
  };
}

export default function NewsletterReport() {
  const { newsletter, counts, rates, recipients, total, page, pageCount, filter, started } = useLoaderData<typeof loader>();
  const csv = `/console/newsletters/${newsletter.id}/report/export?event=${filter}`;
  return (
    <>
      <PageHeader
        title={newsletter.subject}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <NewsletterStatusBadge status={newsletter.status} />
            <span>{`${newsletter.topic.name} · ${newsletter.segmentName ?? "Everyone subscribed to the topic"}${started ? ` · sent from ${started}` : ""}. Rates are shares of the emails sent; a click counts as an open.`}</span>
          </span>
        }
        actions={
          <span className="flex flex-wrap gap-x-4 gap-y-1">
            <Link
              to={`/console/newsletters/${newsletter.id}`}
              className="text-sm font-semibold text-brand-700 underline-offset-4 hover:underline"
            >
              The newsletter
            </Link>
            <Link
              to={`/console/newsletters/${newsletter.id}/send`}
              className="text-sm font-semibold text-brand-700 underline-offset-4 hover:underline"
            >
              Sending progress
            </Link>
            <Link to="/console/newsletters/reports" className="text-sm font-semibold text-brand-700 underline-offset-4 hover:underline">
              All reports
            </Link>
          </span>
        }
      />
      <ReportFigures counts={counts} rates={rates} />
      <section aria-labelledby="recipients-title" className="mt-10 space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="recipients-title" className="text-lg font-semibold text-slate-900">
            Recipients
          </h2>
          <CsvLink href={csv} label="Download these recipients as CSV" />
        </div>
        <nav aria-label="Filter recipients" className="flex flex-wrap gap-2 text-sm">
          {RECIPIENT_FILTERS.map((key) => (
            <Link
              key={key}
              to={`?event=${key}`}
              aria-current={key === filter ? "page" : undefined}
              className={`rounded-full px-3 py-1 ring-1 ${key === filter ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
            >
              {FILTER_LABELS[key]}
            </Link>
          ))}
        </nav>
        {recipients.length === 0 ? (
          <EmptyState title="Nobody here">No recipient matches “{FILTER_LABELS[filter]}”.</EmptyState>
        ) : (
          <>
            <Table caption="Recipients" head={["Recipient", "Outcome", "Sent", "Delivered", "Opened", "Clicked", "Bounced or complained"]}>
              {recipients.map((row) => (
                <tr key={row.id}>
                  <Td>
                    <span className="block font-medium text-slate-900">{row.name || row.email}</span>
                    <span className="text-xs text-slate-500">{row.email}</span>
                  </Td>
                  <Td>
                    {row.outcome}
                    {row.skipReason ? <span className="block text-xs text-slate-500">{row.skipReason}</span> : null}
                  </Td>
                  <Td>{row.sent ?? "–"}</Td>
                  <Td>{row.delivered ?? "–"}</Td>
                  <Td>{row.opened ? `${row.opened} (${row.openCount}×)` : "–"}</Td>
                  <Td>{row.clicked ? `${row.clicked} (${row.clickCount}×)` : "–"}</Td>
                  <Td>{row.problem ?? "–"}</Td>
                </tr>
              ))}
            </Table>
            <Pagination page={page} pageCount={pageCount} total={total} noun="recipients" />
          </>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
