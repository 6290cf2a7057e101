import { sameOriginRefusal } from "~/utils/csrf.ts";
import { getEnv } from "~/utils/env.server.ts";
import { MAX_BATCH_BYTES, parseProgressBatch, type ProgressBatch } from "./progress.ts";
import type { ProgressOutcome } from "./progress.server.ts";

// The HTTP side of the progress endpoint: an API answers JSON with a status, never a redirect or a
// page, so the player's fetch fallback can tell "retry later" (5xx, network) from "drop it" (4xx).

export function apiError(status: number, error: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error, ...extra }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * /api/ is exempt from the server's CSRF check because API routes normally carry their own key; this
 * one is authenticated by the session cookie, so it checks Origin itself. sendBeacon and fetch both
 * send Origin on a POST.
 */
export function originRefusal(request: Request): Response | null {
  const reason = sameOriginRefusal({
    method: request.method,
    origin: request.headers.get("Origin"),
    secFetchSite: request.headers.get("Sec-Fetch-Site"),
    allowedOrigins: [new URL(getEnv().APP_URL).origin, new URL(request.url).origin],
  });
  return reason ? apiError(403, `Refused: ${reason}.`) : null;
}

// sendBeacon sends a Blob with the type it was given (application/json); a plain string goes as
// text/plain. Both carry the same JSON.
const ACCEPTED_TYPES = new Set(["application/json", "text/plain"]);

/** The body as text, or null when it is larger than `limit` bytes (read no further than that). */
export async function readBodyWithin(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** The batch in the request, or the Response refusing it: 415 wrong type, 413 too large, 400 malformed. */
export async function readProgressBatch(request: Request): Promise<ProgressBatch | Response> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type && !ACCEPTED_TYPES.has(type)) return apiError(415, "Send the batch as JSON (application/json or text/plain).");
  const text = await readBodyWithin(request, MAX_BATCH_BYTES);
  if (text === null) return apiError(413, `The batch is larger than ${MAX_BATCH_BYTES / 1024} KB; send at most 100 events at a time.`);
  const parsed = parseProgressBatch(text);
  if (!parsed.ok) return apiError(400, "The batch is not valid.", { problems: parsed.problems });
  return parsed.batch;
}

/**
 * 204 when every item was recorded (or had been already); 200 listing what was skipped when only
 * some were; 404 when none was: unknown, draft, another tier's, or not a video — one reason for all,
 * so the answer does not reveal which drafts exist.
 */
export function progressReply(outcome: ProgressOutcome): Response {
  const accepted = outcome.recorded.length + outcome.duplicates.length;
  if (accepted === 0) return apiError(404, "None of these videos is available to you.", { skipped: outcome.skipped });
  if (outcome.skipped.length === 0) return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  return Response.json(outcome, { status: 200, headers: { "Cache-Control": "no-store" } });
}
