import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { PhaseBadge } from "~/components/queue/booking-table.tsx";
import { RecentActivity } from "~/components/queue/brief/activity.tsx";
import { AccountFacts, BookerFacts } from "~/components/queue/brief/facts.tsx";
import { FollowUpForm } from "~/components/queue/brief/follow-up-form.tsx";
import { EarlierHours, NotesList } from "~/components/queue/brief/history.tsx";
import { NoteForm } from "~/components/queue/brief/note-form.tsx";
import { OutcomeForm } from "~/components/queue/brief/outcome-form.tsx";
import { BookingRequest } from "~/components/queue/brief/request.tsx";
import { HoursBalance } from "~/components/queue/hours-balance.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleBriefAction } from "~/modules/queue/brief-actions.server.ts";
import { getBrief } from "~/modules/queue/brief.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Brief: ${data.account.name}` : "Brief"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "queue.brief");
  const q = new URL(request.url).searchParams.get("q")?.trim().slice(0, 200) || undefined;
  return getBrief(user, params.bookingId ?? "", { q });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "queue.brief");
  return handleBriefAction(user, params.bookingId ?? "", await readFormData(request));
}

export default function BookingBrief() {
  const brief = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { booking, account, booker, hours, activity } = brief;
  return (
    <>
      <PageHeader
        title={`Brief: ${account.name}`}
        description={
          <>
            {booking.when} ({booking.relative}), with {booking.csm.self ? "you" : booking.csm.name}.{" "}
            {booking.whenForBooker ? `In ${booker.name}'s time zone: ${booking.whenForBooker}.` : null}
          </>
        }
        actions={
          <>
            <Link to="/console/bookings" className={buttonClass("secondary")}>
              All booked hours
            </Link>
            <Link to={`/console/accounts/${account.id}`} className={buttonClass("secondary")}>
              Account page
            </Link>
          </>
        }
      />
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <PhaseBadge phase={booking.phase} label={booking.phaseLabel} />
        {booking.phase === "to-close" ? <span className="text-sm text-slate-600">This hour is over: record its outcome below.</span> : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card title="Account">
            <AccountFacts account={account} />
          </Card>
          <Card title="Who booked">
            <BookerFacts booker={booker} />
          </Card>
          <Card title="CSM hours">
            <div className="space-y-4">
              {hours.personalCsm ? <Notice>High touch: they book their own CSM directly, without drawing pool hours.</Notice> : null}
              <HoursBalance summary={hours} who="they" />
            </div>
          </Card>
        </div>
        <div className="space-y-6 lg:col-span-2">
          <Card title="What they want to talk about">
            <BookingRequest booking={booking} />
          </Card>
          <Card title="Outcome">
            <OutcomeForm booking={booking} reply={reply} />
          </Card>
          <Card title="What they did lately">
            <RecentActivity activity={activity} bookerName={booker.name} accountName={account.name} />
          </Card>
          <Card title="Earlier CSM hours">
            <EarlierHours hours={brief.previous} />
          </Card>
          <Card title="Private notes">
            <div className="space-y-6">
              <NoteForm reply={reply} />
              <NotesList notes={brief.notes} />
            </div>
          </Card>
          <Card title="Follow-up email">
            <FollowUpForm brief={brief} reply={reply} />
          </Card>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
