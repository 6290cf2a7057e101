import type { ReactNode } from "react";
import { Badge } from "~/components/ui/page.tsx";
import type { Brief } from "~/modules/queue/brief.server.ts";

type Activity = Brief["activity"];

function Block({ title, empty, children }: { title: string; empty: string; children: ReactNode[] }) {
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold text-slate-900">{title}</h3>
      {children.length ? (
        <ul className="divide-y divide-slate-100 text-sm">{children}</ul>
      ) : (
        <p className="text-sm text-slate-500">{empty}</p>
      )}
    </div>
  );
}

function Row({ title, detail, who, isBooker, status }: { title: string; detail: string; who: string; isBooker: boolean; status: string }) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-2 py-2">
      <span>
        <span className="font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-500">
          {detail} · {who}
          {isBooker ? " (booked this hour)" : ""}
        </span>
      </span>
      <Badge tone={/^(Attended|Finished|Completed)/.test(status) ? "green" : /^Missed/.test(status) ? "red" : "slate"}>{status}</Badge>
    </li>
  );
}

/** What the booker and their colleagues attended, watched and read lately. */
export function RecentActivity({ activity, bookerName, accountName }: { activity: Activity; bookerName: string; accountName: string }) {
  return (
    <div className="space-y-6">
      <dl className="grid gap-3 text-sm sm:grid-cols-2">
        <div className="rounded-lg bg-slate-50 px-4 py-3">
          <dt className="font-medium text-slate-700">
            {bookerName}, last {activity.days} days
          </dt>
          <dd className="mt-1 text-slate-900">{activity.booker}</dd>
        </div>
        <div className="rounded-lg bg-slate-50 px-4 py-3">
          <dt className="font-medium text-slate-700">
            Everyone at {accountName}, last {activity.days} days
          </dt>
          <dd className="mt-1 text-slate-900">{activity.account}</dd>
        </div>
      </dl>
      <Block title="Sessions" empty="Nobody at the account has registered for a session yet.">
        {activity.sessions.map((row) => (
          <Row
            key={row.id}
            title={row.title}
            detail={`${row.kindLabel}, ${row.when}`}
            who={row.who}
            isBooker={row.isBooker}
            status={row.outcome}
          />
        ))}
      </Block>
      <Block title="Library" empty="Nobody at the account has opened a video or document yet.">
        {activity.content.map((row) => (
          <Row
            key={row.id}
            title={row.title}
            detail={`${row.kindLabel}, last seen ${row.when}`}
            who={row.who}
            isBooker={row.isBooker}
            status={row.progress}
          />
        ))}
      </Block>
      {activity.paths.length ? (
        <Block title="Learning paths completed" empty="">
          {activity.paths.map((row) => (
            <Row key={row.id} title={row.title} detail={row.when} who={row.who} isBooker={row.isBooker} status="Completed" />
          ))}
        </Block>
      ) : null}
    </div>
  );
}
