/** How far along a path is: the words first, the bar beside them for the eye only. */
export function PathProgressBar({ percent, label, title }: { percent: number; label: string; title: string }) {
  return (
    <div>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-slate-600 tabular-nums">{percent}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={`Progress on ${title}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${label}`}
        className="mt-1.5 h-2.5 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full ${percent === 100 ? "bg-emerald-600" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
