import type { ActionFunctionArgs } from "@remix-run/node";
import { handleResendWebhook, RESEND_WEBHOOK_MAX_BYTES } from "~/modules/newsletters/tracking.server.ts";
import { readLimitedText } from "~/utils/webhook-body.server.ts";

// Resend calls this from its servers (Svix-signed): no session cookie and no Origin header (server.js
// leaves /webhooks/ out of the CSRF origin check). The signature covers the raw body, so it is read as
// text and only parsed once verified.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Use POST.", { status: 405, headers: { Allow: "POST" } });
  const body = await readLimitedText(request.body, RESEND_WEBHOOK_MAX_BYTES);
  const result =
    body === null
      ? ({ status: 413, message: "This is too large to be a Resend event." } as const)
      : await handleResendWebhook(body, request.headers);
  return new Response(result.message, {
    status: result.status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
