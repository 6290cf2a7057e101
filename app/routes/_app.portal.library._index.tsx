import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ContentCard } from "~/components/library/content-card.tsx";
import { LibraryFilters } from "~/components/library/library-filters.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { readQuery } from "~/modules/accounts/accounts.schema.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { LibraryQuerySchema } from "~/modules/library/content.schema.ts";
import { listVisibleContent } from "~/modules/library/content.server.ts";

export const meta: MetaFunction = () => [{ title: "Library · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.view");
  const query = readQuery(LibraryQuerySchema, new URL(request.url).searchParams);
  return { query, ...(await listVisibleContent(user, query)) };
}

function resultsLabel(total: number, searched: boolean, q: string | undefined) {
  const count = `${total} ${total === 1 ? "item" : "items"}`;
  return searched ? `${count} found for “${q}”${total ? ", best matches first" : ""}.` : `${count}.`;
}

export default function Library() {
  const { query, items, total, page, pageCount, topics, filtered, searched } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Library"
        description="One-page references, e-books and videos to learn the product at your own pace. Search by what you want to do, or filter by topic."
      />
      <LibraryFilters query={query} topics={topics} clearTo="/portal/library" searchLabel="Search the library" />
      <p role="status" className={filtered ? "mb-4 text-sm text-slate-600" : "sr-only"}>
        {resultsLabel(total, searched, query.q)}
      </p>
      {items.length ? (
        <>
          <ul aria-label="Library items" className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            {items.map((item) => (
              <ContentCard key={item.id} item={item} />
            ))}
          </ul>
          {searched ? null : <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? "item" : "items"} />}
        </>
      ) : filtered ? (
        <EmptyState title={searched ? "Nothing in the library matches your search" : "No item matches these filters"}>
          Try other words or another topic, or{" "}
          <Link to="/portal/library" className="font-medium text-brand-700 underline underline-offset-4">
            see the whole library
          </Link>
          .
        </EmptyState>
      ) : (
        <EmptyState title="The library is empty for now">
          The team publishes new guides and videos regularly; they appear here as soon as they are ready.
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
