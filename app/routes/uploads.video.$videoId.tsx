import type { ActionFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/modules/auth/errors.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { receiveVideoChunk, type ChunkResult } from "~/modules/library/video.server.ts";

// The local driver's upload URL: UpChunk PUTs the file here in chunks, exactly as it would to Mux.
// Same-origin PUTs carry Origin, so server.js's CSRF check applies; only publishers get through.
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "library.manage");
  if (request.method !== "PUT") return new Response("Send the file's chunks with PUT.", { status: 405, headers: { Allow: "PUT" } });
  try {
    const result = await receiveVideoChunk(user, params.videoId ?? "", {
      contentRange: request.headers.get("Content-Range"),
      contentLength: request.headers.get("Content-Length"),
      body: request.body,
    });
    return chunkResponse(result, new URL(request.url).pathname);
  } catch (error) {
    if (error instanceof DomainError) return new Response(error.message, { status: error.status });
    throw error;
  }
}

/**
 * 308 ("resume incomplete") with the Range stored so far, as Mux's and Google's upload URLs answer;
 * 200 at the end. Remix refuses a 3xx without a Location, so the 308 names this same URL and
 * server.js removes that Location before it is sent: a browser must never follow it.
 */
function chunkResponse(result: ChunkResult, path: string) {
  const headers = new Headers({ "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" });
  if (result.range) headers.set("Range", result.range);
  if (result.status === 308) {
    headers.set("Location", path);
    return new Response(null, { status: 308, headers });
  }
  return new Response(result.status === 200 ? "Upload complete." : result.message, { status: result.status, headers });
}
