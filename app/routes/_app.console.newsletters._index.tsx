import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { NewsletterSections } from "~/components/newsletters/newsletter-sections.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { NewsletterTable } from "~/components/newsletters/newsletter-table.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listNewsletters } from "~/modules/newsletters/editor.server.ts";
import { NEWSLETTER_STATUSES, NewsletterListFilterSchema } from "~/modules/newsletters/newsletter.schema.ts";
import { NEWSLETTER_STATUS_LABEL } from "~/modules/newsletters/status.ts";

export const meta: MetaFunction = () => [{ title: "Newsletters · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  const status = NewsletterListFilterSchema.parse(new URL(request.url).searchParams.get("status") || undefined);
  const statuses = NEWSLETTER_STATUSES.map((value) => ({ value, label: NEWSLETTER_STATUS_LABEL[value] }));
  return { newsletters: await listNewsletters(user, { status }), status: status ?? "", statuses };
}

export default function Newsletters() {
  const { newsletters, status, statuses } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Newsletters"
        description="Write to the customers who chose a topic: text, a featured session in each reader's own time zone, a video or document, a call to action."
        actions={
          <Link to="/console/newsletters/new" className={buttonClass()}>
            New newsletter
          </Link>
        }
      />
      <NewsletterSections />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium text-slate-800">
          Status{" "}
          <select name="status" defaultValue={status} className="ml-2 rounded-lg border-0 py-1.5 text-sm ring-1 ring-slate-300 ring-inset">
            <option value="">All</option>
            {statuses.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary">Filter</Button>
      </Form>
      {newsletters.length ? (
        <NewsletterTable rows={newsletters} />
      ) : (
        <EmptyState title={status ? "No newsletters with this status" : "No newsletters yet"}>
          <Link to="/console/newsletters/new" className="text-brand-700 font-medium underline underline-offset-4">
            Write the first one
          </Link>
          : pick a topic, add a few blocks, preview it in any time zone and send yourself a test.
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
