import type { ActionFunctionArgs } from "@remix-run/node";
import { handleIngestRequest } from "~/modules/engagement/ingest-request.server.ts";
import { apiError } from "~/modules/library/progress-request.server.ts";

// The product-usage API: a per-workspace key in `Authorization: Bearer`, a JSON batch of up to 1,000
// events. The server's CSRF check leaves /api/ alone (docs/decisions/0004): no cookie is read here.
export function loader() {
  return apiError(405, "POST a batch of events.");
}

export function action({ request }: ActionFunctionArgs) {
  return handleIngestRequest(request);
}
