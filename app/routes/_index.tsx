import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { homePathFor } from "~/modules/auth/permissions.ts";
import { getUser } from "~/modules/auth/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return redirect(user ? homePathFor(user.role) : "/login");
}
