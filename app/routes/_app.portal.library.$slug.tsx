import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ContentView } from "~/components/library/content-view.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getContentPage } from "~/modules/library/content-page.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.ebook?.current ? `${data.ebook.current.title} · ` : ""}${data?.item.title ?? "Library"} · Lyceum` },
  ...(data?.item.summary ? [{ name: "description", content: data.item.summary }] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "library.view");
  return getContentPage(user, params.slug ?? "", new URL(request.url));
}

export default function LibraryItem() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4 text-sm print:hidden">
        <Link to="/portal/library" className="font-medium text-brand-700 underline underline-offset-4">
          ← Library
        </Link>
      </p>
      <ContentView page={page} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
