import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PathCard } from "~/components/library/path-card.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listVisiblePaths } from "~/modules/library/paths.server.ts";

export const meta: MetaFunction = () => [{ title: "Learning paths · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.view");
  return { paths: await listVisiblePaths(user) };
}

export default function LearningPaths() {
  const { paths } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Learning paths"
        description="Short routes through videos, guides and live sessions, in the order that works. Do the steps in any order; we keep track and show you what is next."
      />
      {paths.length ? (
        <ul aria-label="Learning paths" className="grid gap-4 md:grid-cols-2">
          {paths.map((path) => (
            <PathCard key={path.id} path={path} />
          ))}
        </ul>
      ) : (
        <EmptyState title="No learning paths for you yet">
          The team is preparing them. Meanwhile, browse the{" "}
          <Link to="/portal/library" className="font-medium text-brand-700 underline underline-offset-4">
            library
          </Link>{" "}
          or join an{" "}
          <Link to="/portal/sessions" className="font-medium text-brand-700 underline underline-offset-4">
            upcoming session
          </Link>
          .
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
