import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui/page.tsx";
import type { MyRegistration } from "~/modules/sessions/catalogue.server.ts";
import { ViewerStatusBadge } from "./status-badge.tsx";

/** The viewer's upcoming seats, waitlist places and offers, soonest first. */
export function MyRegistrations({ registrations }: { registrations: MyRegistration[] }) {
  if (!registrations.length) {
    return (
      <p className="text-sm text-slate-600">
        You have not registered for any upcoming session yet. Pick one below and register on its page.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100">
      {registrations.map((registration) => (
        <li key={registration.sessionId} className="flex flex-wrap items-center justify-between gap-2 py-2.5 first:pt-0 last:pb-0">
          <div>
            <Link
              to={`/portal/sessions/${registration.sessionId}`}
              className="font-medium text-brand-700 underline-offset-4 hover:underline"
            >
              {registration.title}
            </Link>
            <p className="text-sm text-slate-600">
              {registration.kindLabel} · {registration.when}
            </p>
          </div>
          <div className="flex gap-2">
            {registration.live ? <Badge tone="red">Live now</Badge> : null}
            <ViewerStatusBadge status={registration.status} />
          </div>
        </li>
      ))}
    </ul>
  );
}
