import { Form, Link } from "@remix-run/react";
import { SlotPicker } from "~/components/queue/slot-picker.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField } from "~/components/ui/field.tsx";
import { Card, EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import type { ManageReply } from "~/modules/queue/manage-booking-page.server.ts";
import { CANCEL_REASON_MAX } from "~/modules/queue/manage-booking.schema.ts";
import type { ManageView } from "~/modules/queue/manage-booking.server.ts";
import type { SlotDay } from "~/modules/queue/slot-days.ts";

// One page for a booked hour, behind the emailed link and the signed-in portal alike: what it is,
// then move it or cancel it. Plain forms and links, so it works without JavaScript.

const linkClass = "font-medium text-brand-700 underline underline-offset-4";

const STATUS_TEXT = {
  upcoming: "Booked",
  "under-way": "Under way",
  ended: "Ended",
  cancelled: "Cancelled",
} as const;

/** The emailed link of an hour that was cancelled or has taken place: it no longer opens anything. */
export function ExpiredManageLink({ state }: { state: "ended" | "cancelled" }) {
  return (
    <section role="alert" aria-labelledby="expired-title" className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <p className="text-sm font-semibold text-brand-600">Error 410</p>
      <h1 id="expired-title" className="mt-2 text-2xl font-semibold text-slate-900">
        This link no longer works
      </h1>
      <p className="mt-3 text-slate-600">
        {state === "cancelled"
          ? "The hour it was for has been cancelled, so there is nothing left to change."
          : "The hour it was for has already taken place."}{" "}
        To book another hour with a CSM, sign in and choose Book an hour; your upcoming hours are listed under CSM hours.
      </p>
      <p className="mt-6 flex flex-wrap gap-4">
        <Link to="/portal/book" className={linkClass}>
          Book another hour
        </Link>
        <Link to="/portal/hours" className={linkClass}>
          See your CSM hours
        </Link>
      </p>
    </section>
  );
}

function DoneNotice({ done, view }: { done: "cancelled" | "rescheduled"; view: ManageView }) {
  if (done === "rescheduled") {
    return <Notice tone="success">Your hour is moved to {view.when}. We emailed you and your CSM an updated calendar invitation.</Notice>;
  }
  const refund = view.refunded
    ? "The hour is back on your account's balance."
    : view.drawsHours
      ? `It was cancelled less than ${view.refundCutoffHours} hours before the start, so the hour was not refunded.`
      : "";
  return <Notice tone="success">Your hour is cancelled. {refund} We let your CSM know and emailed you a calendar cancellation.</Notice>;
}

function RefundNotice({ view }: { view: ManageView }) {
  if (!view.drawsHours) return <Notice>This hour does not draw on any balance, so cancelling changes no hours.</Notice>;
  if (view.refundsIfCancelledNow) {
    return <Notice>Cancelling now gives the hour back to your account&apos;s balance (until {view.refundDeadline}).</Notice>;
  }
  return (
    <Notice tone="warning">
      It is less than {view.refundCutoffHours} hours before the start: if you cancel now, the hour will not be refunded. Moving it to
      another time keeps your hour.
    </Notice>
  );
}

function ChooseTime({ days, errors, busy }: { days: SlotDay[]; errors?: string[]; busy: boolean }) {
  return (
    <Card title="Choose a new time">
      <div className="space-y-4">
        <FormErrors errors={errors ?? null} />
        {days.length === 0 ? (
          <EmptyState title="No other free time in the next three weeks">Keep your current time, or look again in a few days.</EmptyState>
        ) : (
          <Form method="post" className="space-y-6">
            <input type="hidden" name="intent" value="reschedule" />
            <SlotPicker days={days} />
            <Button disabled={busy}>{busy ? "Moving…" : "Move to this time"}</Button>
          </Form>
        )}
        <p>
          <Link to="." className={linkClass}>
            Keep the current time
          </Link>
        </p>
      </div>
    </Card>
  );
}

export function ManageBooking({
  view,
  days,
  done,
  reply,
  busy,
}: {
  view: ManageView;
  days: SlotDay[] | null;
  done: "cancelled" | "rescheduled" | null;
  reply: ManageReply | undefined;
  busy: boolean;
}) {
  const rescheduling = reply?.intent === "reschedule" && reply.days ? reply.days : days;
  return (
    <>
      <PageHeader title="Your hour with a CSM" description={`Move it to another time or cancel it. Times are shown in ${view.timeZone}.`} />
      <div className="space-y-6">
        {done ? <DoneNotice done={done} view={view} /> : null}
        <Card title={view.title}>
          <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium text-slate-500">When</dt>
            <dd className="text-slate-900">{view.when}</dd>
            <dt className="font-medium text-slate-500">With</dt>
            <dd className="text-slate-900">{view.csmName}</dd>
            <dt className="font-medium text-slate-500">What it is for</dt>
            <dd className="whitespace-pre-line text-slate-900">{view.purpose}</dd>
            <dt className="font-medium text-slate-500">Status</dt>
            <dd className="text-slate-900">
              {STATUS_TEXT[view.state]}
              {view.cancelledAt ? ` on ${view.cancelledAt}` : ""}
            </dd>
            {view.cancelReason ? (
              <>
                <dt className="font-medium text-slate-500">Reason given</dt>
                <dd className="whitespace-pre-line text-slate-900">{view.cancelReason}</dd>
              </>
            ) : null}
          </dl>
        </Card>

        {view.state === "under-way" ? <Notice>This hour has started, so it can no longer be moved or cancelled.</Notice> : null}
        {view.state === "cancelled" ? (
          <p>
            <Link to="/portal/book" className={buttonClass("secondary")}>
              Book another hour
            </Link>
          </p>
        ) : null}

        {view.state === "upcoming" ? (
          <>
            {rescheduling ? (
              <ChooseTime days={rescheduling} errors={reply?.intent === "reschedule" ? reply.errors.startsAt : undefined} busy={busy} />
            ) : (
              <Card title="Move to another time">
                <p className="mb-4 text-sm text-slate-600">
                  Pick any free time in the next three weeks. You keep this time until you choose a new one, and no extra hour is drawn.
                </p>
                <Link to="?step=reschedule" className={buttonClass("secondary")}>
                  Choose another time
                </Link>
              </Card>
            )}
            <Card title="Cancel this hour">
              <Form method="post" className="space-y-4">
                <input type="hidden" name="intent" value="cancel" />
                <RefundNotice view={view} />
                <FormErrors errors={reply?.intent === "cancel" ? (reply.errors.form ?? null) : null} />
                <TextAreaField
                  label="Reason (optional)"
                  name="reason"
                  id="reason"
                  rows={3}
                  maxLength={CANCEL_REASON_MAX}
                  hint="Your CSM reads it; it helps them prepare the next time."
                  errors={reply?.intent === "cancel" ? reply.errors.reason : undefined}
                />
                <Button variant="danger" disabled={busy}>
                  {busy ? "Cancelling…" : "Cancel this hour"}
                </Button>
              </Form>
            </Card>
          </>
        ) : null}
      </div>
    </>
  );
}
