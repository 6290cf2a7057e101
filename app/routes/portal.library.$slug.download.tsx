import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/modules/auth/permissions.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { downloadContentFile } from "~/modules/library/content-file.server.ts";

// The e-book's PDF, with range support: customers who may see the item, and staff previewing it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "library.view") && !can(user, "library.manage")) {
    throw new Response("You do not have access to this page.", { status: 403, statusText: "Forbidden" });
  }
  return downloadContentFile(user, params.slug ?? "", request);
}
