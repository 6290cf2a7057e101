import { Form, useNavigation } from "@remix-run/react";
import { ReplyNotice, type Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Notice } from "~/components/ui/page.tsx";
import type { Brief } from "~/modules/queue/brief.server.ts";

const INTENT = "mark";

/** Completed or no-show, once the hour has started; after that, what was recorded. */
export function OutcomeForm({ booking, reply }: { booking: Brief["booking"]; reply: Reply }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === INTENT;
  // Once this form's reply says it is done, the outcome is recorded whatever the page data says yet.
  const marked = reply?.intent === INTENT && Boolean(reply.done);
  return (
    <div className="space-y-4">
      <ReplyNotice reply={reply} intents={[INTENT]} />
      {booking.status === "CONFIRMED" && !booking.markBlocked && !marked ? (
        <Form method="post" className="space-y-3" aria-label="Record the outcome">
          <input type="hidden" name="intent" value={INTENT} />
          <p className="text-sm text-slate-700">
            How did it go? A no-show keeps the hour used; the account&apos;s ledger records it as forfeited.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button name="outcome" value="COMPLETED" disabled={busy}>
              Mark completed
            </Button>
            <Button name="outcome" value="NO_SHOW" variant="danger" disabled={busy}>
              Mark no-show
            </Button>
          </div>
        </Form>
      ) : marked ? null : (
        <Notice tone={booking.status === "CONFIRMED" ? "info" : booking.status === "COMPLETED" ? "success" : "warning"}>
          {booking.status === "COMPLETED"
            ? "This hour is marked completed."
            : booking.status === "NO_SHOW"
              ? "This hour is marked as a no-show; its hour stays used."
              : booking.status === "CANCELLED"
                ? `This hour was cancelled${booking.cancelled ? ` on ${booking.cancelled.when}` : ""}${booking.cancelled?.reason ? `: ${booking.cancelled.reason}` : "."}`
                : booking.markBlocked}
        </Notice>
      )}
    </div>
  );
}
