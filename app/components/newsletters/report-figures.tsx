import type { ReportCounts } from "~/modules/newsletters/report.ts";

type Rates = Record<"delivered" | "opened" | "clicked" | "clickToOpen" | "bounced" | "complained" | "unsubscribed", number | null>;

export function formatRate(value: number | null) {
  return value === null ? "–" : `${value}%`;
}

/** A newsletter's headline figures: counts with their share of the emails sent. */
export function ReportFigures({ counts, rates }: { counts: ReportCounts; rates: Rates }) {
  const figures: Array<[string, number, number | null]> = [
    ["Recipients", counts.recipients, null],
    ["Sent", counts.sent, null],
    ["Delivered", counts.delivered, rates.delivered],
    ["Opened", counts.opened, rates.opened],
    ["Clicked", counts.clicked, rates.clicked],
    ["Bounced", counts.bounced, rates.bounced],
    ["Complained", counts.complained, rates.complained],
    ["Unsubscribed", counts.unsubscribed, rates.unsubscribed],
    ["Skipped", counts.skipped, null],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-9">
      {figures.map(([label, count, share]) => (
        <div key={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-xs font-medium text-slate-500">{label}</dt>
          <dd className="mt-1 text-2xl font-semibold text-slate-900">{count}</dd>
          {share !== null ? <dd className="text-xs text-slate-500">{formatRate(share)} of sent</dd> : null}
        </div>
      ))}
    </dl>
  );
}
