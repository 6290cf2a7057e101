import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ContentTable } from "~/components/library/content-table.tsx";
import { LibraryFilters } from "~/components/library/library-filters.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { readQuery } from "~/modules/accounts/accounts.schema.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { CONTENT_KINDS, ConsoleLibraryQuerySchema, KIND_LABELS } from "~/modules/library/content.schema.ts";
import { listContentForStaff } from "~/modules/library/content.server.ts";

export const meta: MetaFunction = () => [{ title: "Library · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  const query = readQuery(ConsoleLibraryQuerySchema, new URL(request.url).searchParams);
  return { query, ...(await listContentForStaff(user, query)) };
}

function NewButtons() {
  return CONTENT_KINDS.map((kind, index) => (
    <Link key={kind} to={`/console/library/new?kind=${kind}`} className={buttonClass(index === 0 ? "primary" : "secondary")}>
      New {KIND_LABELS[kind].toLowerCase()}
    </Link>
  ));
}

export default function ConsoleLibrary() {
  const { query, items, total, page, pageCount, topics, counts, filtered } = useLoaderData<typeof loader>();
  const deleted = useSearchParams()[0].get("deleted");
  return (
    <>
      <PageHeader
        title="Library"
        description={`One-pagers, e-books and videos for customers to learn on their own: ${counts.published} published, ${counts.drafts} in draft. Times are in your time zone.`}
        actions={<NewButtons />}
      />
      {deleted ? (
        <div className="mb-6">
          <Notice tone="success">Deleted “{deleted}”.</Notice>
        </div>
      ) : null}
      <LibraryFilters query={query} topics={topics} clearTo="/console/library" searchLabel="Title or slug" withStatus />
      {items.length ? (
        <>
          <ContentTable caption={`Library items, page ${page} of ${pageCount}`} items={items} />
          <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? "item" : "items"} />
        </>
      ) : filtered ? (
        <EmptyState title="No item matches these filters">
          <Link to="/console/library" className="font-medium text-brand-700 underline underline-offset-4">
            Clear the filters
          </Link>
        </EmptyState>
      ) : (
        <EmptyState title="The library is empty">
          Write a one-pager or an e-book, or upload a video. <code>npm run content:sync</code> imports the starter library.
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
