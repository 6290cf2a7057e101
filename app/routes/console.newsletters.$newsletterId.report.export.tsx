import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { parseFilter, recipientOutcome } from "~/modules/newsletters/report.ts";
import { newsletterRecipientsForExport } from "~/modules/newsletters/report.server.ts";
import { csvResponse, toCsv } from "~/utils/csv.ts";

/** /console/newsletters/:id/report/export?event=… — the report's recipients (as filtered) as CSV, times in UTC. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "newsletters.manage");
  const filter = parseFilter(new URL(request.url).searchParams.get("event"));
  const { newsletter, recipients } = await newsletterRecipientsForExport(user, params.newsletterId ?? "", filter);
  const csv = toCsv(
    [
      "name",
      "email",
      "time_zone",
      "outcome",
      "status",
      "skip_reason",
      "sent_at",
      "delivered_at",
      "opened_at",
      "open_count",
      "clicked_at",
      "click_count",
      "bounced_at",
      "complained_at",
    ],
    recipients.map((row) => [
      row.name,
      row.email,
      row.timeZone,
      recipientOutcome(row),
      row.status,
      row.skipReason,
      row.sentAt,
      row.deliveredAt,
      row.openedAt,
      row.openCount,
      row.clickedAt,
      row.clickCount,
      row.bouncedAt,
      row.complainedAt,
    ]),
  );
  return csvResponse(`newsletter-${newsletter.id}-${filter}.csv`, csv);
}
