import type { ActionFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import { can } from "~/modules/auth/permissions.ts";
import { getUser } from "~/modules/auth/session.server.ts";
import { apiError, originRefusal, progressReply, readProgressBatch } from "~/modules/library/progress-request.server.ts";
import { recordProgressBatch } from "~/modules/library/progress.server.ts";

// The video player's beacons: POST a batch of progress events as JSON. Answers 204, or JSON with a
// status: 401 signed out (an API never redirects), 403 staff or another site, 413, 415, 400, 404.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "POST a batch of progress events.");
  const refused = originRefusal(request);
  if (refused) return refused;
  const user = await getUser(request);
  if (!user) return apiError(401, "Sign in to record your progress.");
  if (!can(user, "library.view")) return apiError(403, "Only customers' viewing is recorded.");
  const batch = await readProgressBatch(request);
  if (batch instanceof Response) return batch;
  try {
    return progressReply(await recordProgressBatch(user, batch));
  } catch (error) {
    if (error instanceof DomainError) return apiError(error.status, error.message);
    throw error;
  }
}
