import { apiError, readBodyWithin } from "~/modules/library/progress-request.server.ts";
import { authenticateApiKey } from "./api-keys.server.ts";
import { consumeIngestRateLimit, ingestEvents } from "./ingest.server.ts";
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, parseBatchBody, validateBatch } from "./ingest.ts";

// POST /api/v1/events, from the header to the answer. Every refusal is JSON with a status; an
// accepted batch is 200 whatever happened to its events, with each refused event and why.

/** The whole exchange: auth (401), rate (429), type (415), size (413), shape (400), then the events. */
export async function handleIngestRequest(request: Request, now = new Date()): Promise<Response> {
  if (request.method !== "POST") return apiError(405, "POST a batch of events.", {});
  const caller = await authenticateApiKey(request, now);
  if (!caller) {
    const response = apiError(401, "Send a live API key as `Authorization: Bearer lyc_…` (Administration → API keys).");
    response.headers.set("WWW-Authenticate", 'Bearer realm="lyceum", error="invalid_token"');
    return response;
  }
  const limit = await consumeIngestRateLimit(caller.keyId, now);
  if (!limit.allowed) {
    const response = apiError(429, "Too many requests for this key: slow down and retry.", { retryAfterSeconds: limit.retryAfterSeconds });
    response.headers.set("Retry-After", String(limit.retryAfterSeconds));
    return response;
  }
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") return apiError(415, "Send the batch as application/json.");
  const text = await readBodyWithin(request, MAX_BATCH_BYTES);
  if (text === null) {
    return apiError(
      413,
      `The body is larger than ${MAX_BATCH_BYTES / 1024} KB; send at most ${MAX_EVENTS_PER_BATCH} small events at a time.`,
    );
  }
  const parsed = parseBatchBody(text);
  if ("status" in parsed) return apiError(parsed.status, parsed.error);
  const outcome = await ingestEvents(validateBatch(parsed.events, now));
  return Response.json(outcome, { status: 200, headers: { "Cache-Control": "no-store" } });
}
