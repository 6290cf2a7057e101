import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { CatalogueFilters } from "~/components/sessions/customer/catalogue-filters.tsx";
import { MyRegistrations } from "~/components/sessions/customer/my-registrations.tsx";
import { SessionCard } from "~/components/sessions/customer/session-card.tsx";
import { Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { readQuery } from "~/modules/accounts/accounts.schema.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { CatalogueQuerySchema } from "~/modules/sessions/catalogue.schema.ts";
import { listCatalogue, listMyRegistrations } from "~/modules/sessions/catalogue.server.ts";

export const meta: MetaFunction = () => [{ title: "Upcoming sessions · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.register");
  const query = readQuery(CatalogueQuerySchema, new URL(request.url).searchParams);
  const [catalogue, mine] = await Promise.all([listCatalogue(user, query), listMyRegistrations(user)]);
  return { query, timeZone: user.timeZone, ...catalogue, mine };
}

export default function SessionCatalogue() {
  const { query, timeZone, sessions, total, page, pageCount, topics, filtered, mine } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Upcoming sessions"
        description={`Webinars teach a topic and end with questions; expert sessions are small, so you can bring your own situation. Times are shown in your zone (${timeZone}); change it in your settings.`}
      />
      <Card title="My registrations" className="mb-8">
        <MyRegistrations registrations={mine} />
      </Card>
      <h2 className="mb-3 text-lg font-semibold text-slate-900">All upcoming sessions</h2>
      <CatalogueFilters query={query} topics={topics} timeZone={timeZone} />
      {sessions.length ? (
        <>
          <ul aria-label="Sessions" className="grid gap-4 md:grid-cols-2">
            {sessions.map((session) => (
              <SessionCard key={session.id} session={session} />
            ))}
          </ul>
          <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? "session" : "sessions"} />
        </>
      ) : filtered ? (
        <EmptyState title="No session matches these filters">
          Try another topic or a wider date range, or{" "}
          <Link to="/portal/sessions" className="font-medium text-brand-700 underline underline-offset-4">
            clear the filters
          </Link>
          .
        </EmptyState>
      ) : (
        <EmptyState title="No upcoming sessions right now">
          The team schedules new webinars and expert sessions every few weeks; they appear here as soon as they open for registration, so
          check back soon.
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
