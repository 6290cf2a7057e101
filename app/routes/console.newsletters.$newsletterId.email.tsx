import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { previewNewsletter } from "~/modules/newsletters/test-send.server.ts";
import { isValidTimeZone } from "~/utils/format.ts";

// The preview's HTML on its own, for the sandboxed iframe on the preview page. The CSP sandbox keeps it
// inert (no scripts, no same-origin access) even when opened directly.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  const requested = new URL(request.url).searchParams.get("tz");
  const timeZone = requested && isValidTimeZone(requested) ? requested : user.timeZone;
  const { html } = await previewNewsletter(user, params.newsletterId ?? "", timeZone);
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "sandbox allow-popups allow-popups-to-escape-sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
