import type { LoaderFunctionArgs } from "@remix-run/node";
import { exampleCsv } from "~/modules/accounts/import-columns.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";

/** The example CSV for /admin/import/template/accounts or /contacts, as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "import.run");
  const kind = params.kind === "accounts" ? "ACCOUNTS" : params.kind === "contacts" ? "CONTACTS" : null;
  if (!kind) throw new Response("There is an example for accounts and for contacts only.", { status: 404 });
  return new Response(exampleCsv(kind), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="lyceum-${params.kind}-example.csv"`,
      "Cache-Control": "private, max-age=3600",
    },
  });
}
