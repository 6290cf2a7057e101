import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { HoursBalance } from "~/components/queue/hours-balance.tsx";
import { NoHoursLeft, PersonalCsmNote } from "~/components/queue/hours-card.tsx";
import { UpcomingHours } from "~/components/queue/upcoming-hours.tsx";
import { LedgerTable } from "~/components/queue/ledger-table.tsx";
import { QueueStatusCard } from "~/components/queue/waiting-queue.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card, EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { getCustomerHome } from "~/modules/accounts/accounts.server.ts";
import { can } from "~/modules/auth/permissions.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getMyHours } from "~/modules/queue/hours-view.server.ts";
import { listUpcomingHours } from "~/modules/queue/manage-booking.server.ts";
import { handleQueueIntent } from "~/modules/queue/waiting-queue-page.server.ts";
import { getMyQueueStatus } from "~/modules/queue/waiting-queue.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "CSM hours · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "portal.view");
  const [hours, home] = [await getMyHours(user), await getCustomerHome(user)];
  const upcoming = can(user, "queue.book") ? await listUpcomingHours(user) : [];
  const canBook = can(user, "queue.book") && (hours.personalCsm || hours.left > 0);
  return { hours, csmName: home.csm?.name ?? null, timeZone: user.timeZone, upcoming, canBook, queue: await getMyQueueStatus(user) };
}

/** Leaving the waiting queue; joining happens on the booking page, where the purpose is asked. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "queue.book");
  const form = await readFormData(request);
  if (form.get("intent") !== "leave-queue") throw new Response("Unknown action.", { status: 400 });
  return handleQueueIntent(user, form);
}

export default function PortalHours() {
  const { hours, csmName, timeZone, upcoming, canBook, queue } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const queueNotice = (
    <>
      {reply && "message" in reply ? <Notice tone={reply.tone}>{reply.message}</Notice> : null}
      {queue ? <QueueStatusCard queue={queue} busy={busy} /> : null}
    </>
  );
  return (
    <>
      <PageHeader
        title="CSM hours"
        description="An hour with a customer success manager to talk through your own situation: goals, questions about what the product can do, feature requests or a problem you want solved."
        actions={
          !hours.personalCsm && hours.left > 0 ? (
            <Link to="/portal/book" className={buttonClass()}>
              Book an hour
            </Link>
          ) : null
        }
      />
      <div className="mb-6">
        <UpcomingHours hours={upcoming} canBook={canBook} />
      </div>
      {hours.personalCsm ? (
        <div className="space-y-6">
          <Card title="Your CSM">
            <PersonalCsmNote csmName={csmName} />
          </Card>
          {queueNotice}
        </div>
      ) : (
        <div className="space-y-6">
          <Card title={`This ${hours.periodWord}`}>
            <HoursBalance summary={hours} />
            {hours.left === 0 ? (
              <div className="mt-4">
                <NoHoursLeft summary={hours} />
              </div>
            ) : null}
          </Card>
          {queueNotice}
          <section aria-labelledby="ledger-title" className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="ledger-title" className="text-lg font-semibold text-slate-900">
                What happened in {hours.periodName}
              </h2>
              <p className="text-xs text-slate-500">Times in {timeZone}</p>
            </div>
            {hours.lines.length ? (
              <LedgerTable lines={hours.lines} caption={`Your CSM hours in ${hours.periodName}`} />
            ) : (
              <EmptyState title="Nothing yet this period" />
            )}
          </section>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
