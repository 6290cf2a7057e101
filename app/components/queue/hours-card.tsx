import { Link } from "@remix-run/react";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card } from "~/components/ui/page.tsx";
import { hoursText } from "~/modules/queue/ledger.ts";
import type { HoursSummary } from "~/modules/queue/hours-view.server.ts";

const linkClass = "text-sm font-medium text-brand-700 underline underline-offset-4";

/** What a high-touch customer reads instead of a pool balance. */
export function PersonalCsmNote({ csmName }: { csmName: string | null }) {
  return (
    <p className="text-sm text-slate-700">
      {csmName
        ? `Your CSM, ${csmName}, books time with you directly. Your hours are not counted from a shared pool.`
        : "Your CSM books time with you directly. We will introduce them as soon as they are assigned."}
    </p>
  );
}

/** Why there is nothing to book, and where to go meanwhile: a plan without hours differs from hours used up. */
export function NoHoursLeft({ summary }: { summary: HoursSummary }) {
  const sessions = (
    <Link to="/portal/sessions" className={linkClass}>
      upcoming sessions
    </Link>
  );
  if (summary.granted === 0 && summary.used === 0) {
    return (
      <p className="text-sm text-slate-700">
        Your plan has no one-to-one hours with a CSM this {summary.periodWord}. CSMs answer questions live in the {sessions}; your account
        admin can ask us about adding hours.
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-700">
      No hours left this {summary.periodWord}. New hours arrive on {summary.nextPeriodStarts}; until then, a CSM answers questions in the{" "}
      {sessions}.
    </p>
  );
}

/** The portal home's "CSM hours" card: hours left this period and the way to book one. */
export function HoursCard({ summary, csmName, className = "" }: { summary: HoursSummary; csmName: string | null; className?: string }) {
  if (summary.personalCsm) {
    return (
      <Card title="CSM hours" className={className}>
        <PersonalCsmNote csmName={csmName} />
      </Card>
    );
  }
  return (
    <Card
      title="CSM hours"
      className={className}
      actions={
        <Link to="/portal/hours" className={linkClass}>
          See your hours
        </Link>
      }
    >
      <div className="space-y-4">
        <div>
          <p className="text-slate-900">
            <span className="text-3xl font-semibold tracking-tight">{summary.left}</span>{" "}
            <span className="text-sm text-slate-600">
              of {hoursText(summary.granted)} left in {summary.periodName}
            </span>
          </p>
          <p className="text-xs text-slate-500">{summary.periodDates}</p>
        </div>
        <p className="text-sm text-slate-700">
          An hour with a customer success manager to talk through your own situation and hear an expert opinion.
        </p>
        {summary.left > 0 ? (
          <Link to="/portal/book" className={buttonClass()}>
            Book an hour
          </Link>
        ) : (
          <NoHoursLeft summary={summary} />
        )}
      </div>
    </Card>
  );
}
