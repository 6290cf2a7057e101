import { Badge } from "~/components/ui/page.tsx";
import { isNewsletterStatus, NEWSLETTER_STATUS_TONE, newsletterStatusLabel } from "~/modules/newsletters/status.ts";

/** A newsletter's status as a badge: one label and one colour per status across the console. */
export function NewsletterStatusBadge({ status }: { status: string }) {
  return <Badge tone={isNewsletterStatus(status) ? NEWSLETTER_STATUS_TONE[status] : "slate"}>{newsletterStatusLabel(status)}</Badge>;
}
