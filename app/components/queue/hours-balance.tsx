import { balanceInWords, hoursText } from "~/modules/queue/ledger.ts";
import type { HoursSummary } from "~/modules/queue/hours-view.server.ts";

/** Hours left this period as a number and a bar, with the sum behind it. */
export function HoursBalance({ summary, who = "you" }: { summary: HoursSummary; who?: "you" | "they" }) {
  const percentUsed = summary.granted > 0 ? Math.min(100, Math.round((summary.used / summary.granted) * 100)) : 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <p className="text-slate-900">
          <span className="text-3xl font-semibold tracking-tight">{summary.left}</span>{" "}
          <span className="text-sm text-slate-600">
            of {hoursText(summary.granted)} left in {summary.periodName}
          </span>
        </p>
        <p className="text-xs text-slate-500">{summary.periodDates}</p>
      </div>
      <div
        role="progressbar"
        aria-label={`${summary.used} of ${hoursText(summary.granted)} used in ${summary.periodName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percentUsed}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full rounded-full bg-brand-600" style={{ width: `${percentUsed}%` }} />
      </div>
      <p className="text-sm text-slate-600">{balanceInWords(summary.explanation)}.</p>
      <p className="text-xs text-slate-500">
        Unused hours do not carry over: {who === "you" ? "your" : "their"} next {summary.periodWord}&apos;s hours arrive on{" "}
        {summary.nextPeriodStarts}.
      </p>
    </div>
  );
}
