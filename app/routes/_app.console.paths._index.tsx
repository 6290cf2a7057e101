import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PathTable } from "~/components/library/path-table.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listPathsForStaff } from "~/modules/library/paths.server.ts";

export const meta: MetaFunction = () => [{ title: "Learning paths · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  return { paths: await listPathsForStaff(user) };
}

export default function Paths() {
  const { paths } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Learning paths"
        description="Ordered routes through the library and live sessions, so a customer always knows what to do next. Customers see published paths for their tier."
        actions={
          <Link to="/console/paths/new" className={buttonClass()}>
            New path
          </Link>
        }
      />
      {paths.length ? (
        <PathTable rows={paths} />
      ) : (
        <EmptyState title="No learning paths yet">
          <Link to="/console/paths/new" className="font-medium text-brand-700 underline underline-offset-4">
            Create the first one
          </Link>
          , or add a file to content/paths and run the content sync.
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
