import type { ReportCounts } from "~/modules/newsletters/report.ts";

type Rates = Record<"delivered" | "opened" | "clicked" | "clickToOpen" | "bounced" | "complained" | "unsubscribed", number | null>;

export function formatRate(value: number | null) {
  return value === null ? "–" : `${value}%`;
}

/** One figure of a send: the same tile on the send page's progress and the report. */
export function Figure({ label, value, note, hint }: { label: string; value: number; note?: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" title={hint}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value.toLocaleString("en-US")}</dd>
      {note ? <dd className="text-xs text-slate-500">{note}</dd> : null}
    </div>
  );
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
        <Figure key={label} label={label} value={count} note={share !== null ? `${formatRate(share)} of sent` : undefined} />
      ))}
    </dl>
  );
}
