import { Link } from "@remix-run/react";
import { buttonClass } from "~/components/ui/button.tsx";
import { Badge } from "~/components/ui/page.tsx";
import type { VisiblePath } from "~/modules/library/paths.server.ts";
import { PathProgressBar } from "./path-progress.tsx";

/** One path in the customer's list: what it is, how far they are, and the way back in. */
export function PathCard({ path }: { path: VisiblePath }) {
  const headingId = `path-${path.id}-title`;
  return (
    <li>
      <article aria-labelledby={headingId} className="flex h-full flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            {path.complete ? <Badge tone="green">Completed</Badge> : path.done > 0 ? <Badge tone="brand">In progress</Badge> : null}
            <span className="text-xs text-slate-500">
              {path.total} {path.total === 1 ? "step" : "steps"}
            </span>
          </div>
          <h2 id={headingId} className="text-lg font-semibold text-slate-900">
            <Link to={`/portal/paths/${path.slug}`} className="hover:text-brand-700 hover:underline hover:underline-offset-4">
              {path.title}
            </Link>
          </h2>
          {path.summary ? <p className="text-sm text-slate-600">{path.summary}</p> : null}
        </div>
        <PathProgressBar percent={path.percent} label={path.label} title={path.title} />
        <div className="mt-auto flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
          {path.next ? (
            <>
              <p className="min-w-0 text-sm text-slate-700">
                <span className="block text-xs font-medium tracking-wide text-slate-500 uppercase">Next up</span>
                <span className="font-medium text-slate-900">{path.next.title}</span>
                <span className="text-slate-500"> · {path.next.kindLabel}</span>
              </p>
              <Link
                to={path.next.href}
                className={buttonClass()}
                aria-label={`${path.done > 0 ? "Continue" : "Start"} ${path.title}: ${path.next.title}`}
              >
                {path.done > 0 ? "Continue" : "Start"}
              </Link>
            </>
          ) : (
            <>
              <p className="text-sm text-emerald-800">{path.completedOn ? `Completed on ${path.completedOn}.` : "Every step is done."}</p>
              <Link to={`/portal/paths/${path.slug}`} className={buttonClass("secondary")} aria-label={`Review ${path.title}`}>
                Review
              </Link>
            </>
          )}
        </div>
      </article>
    </li>
  );
}
