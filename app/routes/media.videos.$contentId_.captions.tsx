import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { getCaptionsFile } from "~/modules/library/video.server.ts";
import { fileResponse } from "~/providers/storage.server.ts";

// Uploaded WebVTT captions: the local player's <track>, and the file Mux downloads for a Mux video
// through a signed link (?token=…) since Mux has no session.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const user = token ? null : await requireUser(request);
  try {
    const captions = await getCaptionsFile(user, params.contentId ?? "", token);
    return await fileResponse(request, captions.storageKey, { mimeType: "text/vtt; charset=utf-8", cacheControl: "private, max-age=300" });
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
