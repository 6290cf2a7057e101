import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { NewsletterSections } from "~/components/newsletters/newsletter-sections.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listSegments } from "~/modules/newsletters/segment-store.server.ts";

export const meta: MetaFunction = () => [{ title: "Segments · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return { segments: await listSegments(user) };
}

export default function Segments() {
  const { segments } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        title="Segments"
        description="Saved audiences for newsletters. Their rules are evaluated when a newsletter is sent, so each send reaches whoever matches then."
        actions={
          <Link to="/console/segments/new" className={buttonClass()}>
            New segment
          </Link>
        }
      />
      <NewsletterSections />
      {params.get("deleted") ? (
        <div className="mb-6">
          <Notice tone="success">Segment deleted.</Notice>
        </div>
      ) : null}
      {segments.length ? (
        <Table caption="Segments" head={["Name", "Who", "Matching now", "Used by"]}>
          {segments.map((segment) => (
            <tr key={segment.id}>
              <Td>
                <Link to={`/console/segments/${segment.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
                  {segment.name}
                </Link>
                {segment.description ? <span className="block text-xs text-slate-500">{segment.description}</span> : null}
              </Td>
              <Td>{segment.words}</Td>
              <Td className="tabular-nums">{segment.count.toLocaleString("en-US")}</Td>
              <Td>{segment.usedBy === 1 ? "1 newsletter" : `${segment.usedBy} newsletters`}</Td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState title="No segments yet">
          <Link to="/console/segments/new" className="font-medium text-brand-700 underline underline-offset-4">
            Build the first one
          </Link>{" "}
          from tier, health, renewal, attendance and more.
        </EmptyState>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
