import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getSessionIcs } from "~/modules/sessions/session-page.server.ts";
import { icsContentType } from "~/modules/calendar/ics.ts";

// A resource route: the registrant's own calendar invitation, downloaded from the session page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.register");
  const { ics, method } = await getSessionIcs(user, params.sessionId ?? "");
  return new Response(ics, {
    headers: {
      "Content-Type": icsContentType(method),
      "Content-Disposition": `attachment; filename="lyceum-session-${params.sessionId}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
