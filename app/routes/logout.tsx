import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySessionCookie, getSession, invalidateAllSessions, invalidateSession } from "~/modules/auth/session.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export async function loader() {
  return redirect("/");
}

/** POST only: a link or an image cannot sign anybody out. `scope=everywhere` ends every session. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const session = await getSession(request);
  if (session) {
    if (form.get("scope") === "everywhere") await invalidateAllSessions(session.user.id);
    else await invalidateSession(session.sessionId);
  }
  return redirect("/login", { headers: { "Set-Cookie": await destroySessionCookie() } });
}
