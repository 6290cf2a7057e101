import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { CsmTable, PeriodCard, WaitCard, WeeksTable } from "~/components/queue/capacity-view.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { can } from "~/modules/auth/permissions.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getCapacityPage } from "~/modules/queue/capacity.server.ts";

export const meta: MetaFunction = () => [{ title: "Capacity · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "queue.capacity");
  return { ...(await getCapacityPage(user)), canEditAvailability: can(user, "availability.manage_own") };
}

export default function Capacity() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Capacity"
        description={`The pool's CSM hours: what CSMs offer, what accounts are entitled to, what is booked, and how long a new request waits. Weeks run Monday to Sunday; times are in ${page.timeZone.replaceAll("_", " ")}.`}
        actions={
          <a href="/console/capacity/export" download className={buttonClass("secondary")}>
            Download CSV
          </a>
        }
      />
      <div className="space-y-6">
        <WaitCard page={page} />
        {page.periods.map((period) => (
          <PeriodCard key={period.period} period={period} page={page} />
        ))}
        {page.csms.length ? (
          <>
            <section aria-labelledby="weeks-title" className="space-y-3">
              <h2 id="weeks-title" className="text-lg font-semibold text-slate-900">
                Week by week
              </h2>
              <WeeksTable page={page} />
            </section>
            <section aria-labelledby="csms-title" className="space-y-3">
              <h2 id="csms-title" className="text-lg font-semibold text-slate-900">
                Per CSM
              </h2>
              <CsmTable page={page} />
            </section>
          </>
        ) : (
          <EmptyState title="No CSM takes pool bookings">
            CSMs offer hours on their availability page, with &ldquo;Take bookings from the pool&rdquo; ticked.
            {page.canEditAvailability ? (
              <>
                {" "}
                <Link to="/console/availability" className="font-medium text-brand-700 underline underline-offset-4">
                  Open availability
                </Link>
              </>
            ) : null}
          </EmptyState>
        )}
        <p className="max-w-3xl text-xs text-slate-500">
          Offered: the most {page.slotMinutes}-minute bookings each CSM&apos;s weekly hours, date overrides, time off, buffers and daily cap
          allow, from their settings as they are now (days already past included). Free: what is still bookable from now on, whatever the
          notice and horizon. Booked: confirmed, completed and missed bookings, not cancelled ones. As of {page.asOf}.
        </p>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
