import { Link } from "@remix-run/react";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card, EmptyState } from "~/components/ui/page.tsx";

export type UpcomingHour = { id: string; title: string; when: string; csmName: string; underWay: boolean };

/** The signed-in customer's booked hours still to come, each with the page to move or cancel it. */
export function UpcomingHours({ hours, canBook }: { hours: UpcomingHour[]; canBook: boolean }) {
  return (
    <Card title="Your upcoming hours">
      {hours.length === 0 ? (
        <EmptyState title="No hours booked">
          {canBook ? (
            <Link to="/portal/book" className="font-medium text-brand-700 underline underline-offset-4">
              Book an hour with a CSM
            </Link>
          ) : null}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {hours.map((hour) => (
            <li key={hour.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="font-medium text-slate-900">{hour.when}</p>
                <p className="text-sm text-slate-600">
                  {hour.title} with {hour.csmName}
                  {hour.underWay ? " · under way" : ""}
                </p>
              </div>
              <Link
                to={`/portal/bookings/${hour.id}`}
                className={buttonClass("secondary")}
                aria-label={`Reschedule or cancel the hour on ${hour.when}`}
              >
                Reschedule or cancel
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
