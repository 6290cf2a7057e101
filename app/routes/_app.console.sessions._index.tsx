import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { SessionTable } from "~/components/sessions/session-table.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { readQuery } from "~/modules/accounts/accounts.schema.ts";
import { can } from "~/modules/auth/permissions.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listSessions } from "~/modules/sessions/host-sheet.server.ts";
import { SessionListQuerySchema, type SessionView } from "~/modules/sessions/session.schema.ts";

export const meta: MetaFunction = () => [{ title: "Sessions · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  const query = readQuery(SessionListQuerySchema, new URL(request.url).searchParams);
  return { query, canCreate: can(user, "sessions.manage"), ...(await listSessions(user, query)) };
}

const VIEWS: { view: SessionView; label: string }[] = [
  { view: "upcoming", label: "Upcoming" },
  { view: "past", label: "Past" },
  { view: "drafts", label: "Drafts" },
];

const EMPTY: Record<SessionView, string> = {
  upcoming: "No upcoming sessions",
  past: "No past sessions yet",
  drafts: "No drafts",
};

export default function Sessions() {
  const { query, canCreate, sessions, total, page, pageCount, counts } = useLoaderData<typeof loader>();
  const countFor = (view: SessionView) => (view === "upcoming" ? counts.upcoming : view === "drafts" ? counts.drafts : null);
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Webinars and expert sessions, with seats, waitlists and each host's preparation sheet. Times are in your time zone."
        actions={
          canCreate ? (
            <Link to="/console/sessions/new" className={buttonClass()}>
              New session
            </Link>
          ) : null
        }
      />
      <nav aria-label="Which sessions" className="mb-6 flex gap-1 border-b border-slate-200">
        {VIEWS.map(({ view, label }) => {
          const current = query.view === view;
          const count = countFor(view);
          return (
            <Link
              key={view}
              to={`?view=${view}`}
              aria-current={current ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {label}
              {count !== null ? <span className="ml-1.5 text-xs text-slate-500">({count})</span> : null}
            </Link>
          );
        })}
      </nav>
      {sessions.length ? (
        <>
          <SessionTable
            caption={`${VIEWS.find((entry) => entry.view === query.view)!.label} sessions, page ${page} of ${pageCount}`}
            sessions={sessions}
          />
          <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? "session" : "sessions"} />
        </>
      ) : (
        <EmptyState title={EMPTY[query.view]}>
          {canCreate && query.view !== "past" ? (
            <Link to="/console/sessions/new" className="font-medium text-brand-700 underline underline-offset-4">
              Schedule a session
            </Link>
          ) : null}
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
