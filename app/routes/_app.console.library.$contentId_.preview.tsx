import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ContentView } from "~/components/library/content-view.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getContentPreview } from "~/modules/library/content-page.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Preview: ${data?.item.title ?? "library item"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  return getContentPreview(user, params.contentId ?? "", new URL(request.url));
}

export default function ContentPreview() {
  const page = useLoaderData<typeof loader>();
  const draft = page.item.status !== "PUBLISHED";
  return (
    <>
      <section
        aria-labelledby="preview-banner"
        className={`mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg border px-4 py-3 text-sm print:hidden ${draft ? "border-amber-200 bg-amber-50 text-amber-900" : "border-brand-100 bg-brand-50 text-brand-900"}`}
      >
        <div>
          <h2 id="preview-banner" className="font-semibold">
            {draft ? "Draft preview" : "Preview"}
          </h2>
          <p>
            {draft
              ? "Customers cannot see this item until it is published. This is how it will look to them."
              : `This is what customers see (audience: ${page.item.audience}). Opening it here is not recorded as a customer's view.`}
          </p>
        </div>
        <Link to={`/console/library/${page.item.id}`} className="font-medium underline underline-offset-4">
          Back to editing
        </Link>
      </section>
      <ContentView page={page} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
