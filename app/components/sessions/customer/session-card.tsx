import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui/page.tsx";
import type { CatalogueCard } from "~/modules/sessions/catalogue.server.ts";
import { SessionTime } from "./session-time.tsx";
import { KindBadge, ViewerStatusBadge } from "./status-badge.tsx";

/** One session in the catalogue: what, when (in the viewer's zone), who hosts, and the viewer's place. */
export function SessionCard({ session }: { session: CatalogueCard }) {
  const headingId = `session-${session.id}-title`;
  return (
    <li>
      <article aria-labelledby={headingId} className="flex h-full flex-col gap-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap items-center gap-2">
          <KindBadge kind={session.kind} label={session.kindLabel} />
          {session.phase === "live" ? <Badge tone="red">Live now</Badge> : null}
          {session.viewerStatus ? <ViewerStatusBadge status={session.viewerStatus} /> : null}
        </div>
        <h3 id={headingId} className="text-lg font-semibold text-slate-900">
          <Link to={`/portal/sessions/${session.id}`} className="hover:text-brand-700 hover:underline hover:underline-offset-4">
            {session.title}
          </Link>
        </h3>
        <p className="text-sm">
          <SessionTime startsAt={session.startsAt} when={session.when} duration={session.duration} />
        </p>
        <dl className="grid gap-1 text-sm text-slate-600">
          {session.hosts.length ? (
            <div className="flex gap-1">
              <dt>{session.hosts.length === 1 ? "Host:" : "Hosts:"}</dt>
              <dd className="text-slate-800">{session.hosts.join(", ")}</dd>
            </div>
          ) : null}
          {session.topics.length ? (
            <div className="flex flex-wrap items-center gap-1">
              <dt className="sr-only">Topics</dt>
              {session.topics.map((topic) => (
                <dd key={topic}>
                  <Badge>{topic}</Badge>
                </dd>
              ))}
            </div>
          ) : null}
          {session.seats ? (
            <div>
              <dt className="sr-only">Seats</dt>
              <dd className={session.full ? "font-medium text-amber-800" : "text-slate-700"}>{session.seats}</dd>
            </div>
          ) : null}
        </dl>
      </article>
    </li>
  );
}
