import type { ActionFunctionArgs } from "@remix-run/node";
import { handleMuxWebhook, readWebhookBody } from "~/modules/library/video.server.ts";

// Mux calls this from its servers: no session cookie and no Origin header (server.js leaves
// /webhooks/ out of the CSRF origin check). The mux-signature header is the credential, checked
// against the raw body, so the body is read as text and never parsed before verification.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Use POST.", { status: 405, headers: { Allow: "POST" } });
  const body = await readWebhookBody(request.body);
  const result =
    body === null
      ? ({ status: 413, message: "This is too large to be a Mux event." } as const)
      : await handleMuxWebhook(body, request.headers);
  return new Response(result.message, {
    status: result.status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
