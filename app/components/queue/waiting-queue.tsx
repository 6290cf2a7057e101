import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { Card, EmptyState, Notice } from "~/components/ui/page.tsx";
import type { QueueStatus } from "~/modules/queue/waiting-queue.server.ts";

/** Where the customer stands in the queue, and the way out of it. Posts `leave-queue` to the page's own action. */
export function QueueStatusCard({ queue, busy = false }: { queue: QueueStatus; busy?: boolean }) {
  return (
    <Card title="Waiting for a CSM hour">
      {queue.offer ? (
        <Notice tone="success">
          A time is held for you: {queue.offer.when}, until {queue.offer.expiresAt}. Claim it (or decline it) from the link in the email we
          sent you.
        </Notice>
      ) : (
        <p role="status" className="text-sm text-slate-700">
          You are <strong>number {queue.position}</strong> in the queue (since {queue.joinedAt}). When a CSM&apos;s time frees up, the first
          person in line is emailed a link to claim it, and the time is held for them for a few hours.
        </p>
      )}
      <p className="mt-3 text-sm text-slate-600">
        <span className="font-medium text-slate-700">What it is about:</span> {queue.purpose}
      </p>
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value="leave-queue" />
        <Button variant="secondary" disabled={busy}>
          Leave the queue
        </Button>
      </Form>
    </Card>
  );
}

/**
 * What the booking page shows when nobody is free in its window: join the queue with the purpose already
 * given. Joining draws nothing; an account without hours left is told before it joins that claiming needs one.
 */
export function JoinQueue({
  purpose,
  noHoursLeft,
  personalCsm,
  busy = false,
}: {
  purpose: string;
  noHoursLeft: boolean;
  personalCsm: boolean;
  busy?: boolean;
}) {
  return (
    <div className="space-y-4">
      <EmptyState title="No free time in the next three weeks">
        {personalCsm ? "Your CSM is fully booked." : "Every CSM is booked."} Join the queue and we will email you as soon as a time frees
        up; it is held for you while you decide.
      </EmptyState>
      {noHoursLeft ? (
        <Notice tone="warning">
          Your account has no CSM hours left this period. You can join the queue, but claiming an offered time uses one hour: ask your
          account admin to add hours before then.
        </Notice>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="join-queue" />
        <input type="hidden" name="purpose" value={purpose} />
        <p className="mb-3 text-sm text-slate-600">Joining uses no hours. You can leave the queue at any time.</p>
        <Button disabled={busy}>{busy ? "Joining…" : "Join the queue"}</Button>
      </Form>
    </div>
  );
}
