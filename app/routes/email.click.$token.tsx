import type { LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { followClick } from "~/modules/newsletters/tracking.server.ts";

// Every link in a newsletter comes through here (placeholders.ts trackedHref): the click is recorded,
// then the browser goes on. Only to the newsletter's own links or this app: never an open redirect.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const outcome = await followClick(params.token ?? "", new URL(request.url).searchParams.get("to"));
  if (outcome.kind === "not-found") throw new Response("This link is not valid.", { status: 404 });
  if (outcome.kind === "refused") {
    throw new Response("This link does not lead anywhere the newsletter links to, so Lyceum will not follow it.", { status: 400 });
  }
  return new Response(null, {
    status: 303,
    headers: { Location: outcome.url, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}

// Never shown: the loader always redirects or refuses (a refusal renders the error page below).
export default function ClickRedirect() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
