import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { countForQuery } from "~/modules/newsletters/segment-store.server.ts";

// JSON for the segment editor's live count and the newsletter editor's audience line:
// ?segmentId=&topicId= for a saved segment, or the editor's own fields (match, c.<i>.*) → {count, sample}.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  return countForQuery(user, new URL(request.url).searchParams);
}
