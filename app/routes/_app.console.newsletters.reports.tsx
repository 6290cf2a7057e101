import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NewsletterSections } from "~/components/newsletters/newsletter-sections.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { formatRate } from "~/components/newsletters/report-figures.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { reportsOverview } from "~/modules/newsletters/report.server.ts";
import { formatDateTime } from "~/utils/format.ts";

export const meta: MetaFunction = () => [{ title: "Newsletter reports · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  const { byNewsletter, bySegment } = await reportsOverview(user);
  return {
    byNewsletter: byNewsletter.map((row) => ({
      ...row,
      started: row.startedAt ? formatDateTime(row.startedAt, user.timeZone, user.locale) : null,
    })),
    bySegment,
  };
}

const HEAD = ["Recipients", "Sent", "Open rate", "Click rate", "Bounce rate", "Complaint rate"];

export default function NewsletterReports() {
  const { byNewsletter, bySegment } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Newsletter reports"
        description="Every send and every segment: how many it reached, opened and clicked, and how many bounced or complained. Rates are shares of the emails sent."
      />
      <NewsletterSections />
      {byNewsletter.length === 0 ? (
        <EmptyState title="No sends yet">Reports appear here once a newsletter goes out.</EmptyState>
      ) : (
        <div className="space-y-10">
          <section aria-labelledby="by-newsletter" className="space-y-3">
            <h2 id="by-newsletter" className="text-lg font-semibold text-slate-900">
              By newsletter
            </h2>
            <Table caption="By newsletter" head={["Newsletter", "Segment", ...HEAD]}>
              {byNewsletter.map((row) => (
                <tr key={row.id}>
                  <Td>
                    <Link
                      to={`/console/newsletters/${row.id}/report`}
                      className="font-medium text-brand-700 underline-offset-4 hover:underline"
                    >
                      {row.subject}
                    </Link>
                    <span className="block text-xs text-slate-500">{[row.topic.name, row.started].filter(Boolean).join(" · ")}</span>
                  </Td>
                  <Td>{row.segmentName ?? "Everyone subscribed"}</Td>
                  <Td>{row.counts.recipients}</Td>
                  <Td>{row.counts.sent}</Td>
                  <Td>{formatRate(row.rates.opened)}</Td>
                  <Td>{formatRate(row.rates.clicked)}</Td>
                  <Td>{formatRate(row.rates.bounced)}</Td>
                  <Td>{formatRate(row.rates.complained)}</Td>
                </tr>
              ))}
            </Table>
          </section>
          <section aria-labelledby="by-segment" className="space-y-3">
            <h2 id="by-segment" className="text-lg font-semibold text-slate-900">
              By segment
            </h2>
            <Table caption="By segment" head={["Segment", "Sends", ...HEAD]}>
              {bySegment.map((row) => (
                <tr key={row.name}>
                  <Td className="font-medium text-slate-900">{row.name}</Td>
                  <Td>{row.sends}</Td>
                  <Td>{row.counts.recipients}</Td>
                  <Td>{row.counts.sent}</Td>
                  <Td>{formatRate(row.rates.opened)}</Td>
                  <Td>{formatRate(row.rates.clicked)}</Td>
                  <Td>{formatRate(row.rates.bounced)}</Td>
                  <Td>{formatRate(row.rates.complained)}</Td>
                </tr>
              ))}
            </Table>
          </section>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
