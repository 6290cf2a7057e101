import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { getVideoFile } from "~/modules/library/video.server.ts";
import { fileResponse } from "~/providers/storage.server.ts";

// A local video's bytes, with HTTP ranges (players seek with them), for those who may watch it.
// The player's src carries ?v=<video id>, so a replaced video never comes from a stale cache.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    const file = await getVideoFile(user, params.contentId ?? "");
    return await fileResponse(request, file.storageKey, { mimeType: file.mimeType, cacheControl: "private, max-age=3600" });
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
