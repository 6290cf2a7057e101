import type { PollResults as Results } from "~/modules/sessions/live.server.ts";

/** One bar per option, with the count and share written out so the bars are never the only cue. */
export function PollResults({ poll }: { poll: Pick<Results, "id" | "total" | "myOptionId" | "options"> }) {
  return (
    <div className="space-y-3">
      <ul className="space-y-3" aria-label="Results">
        {poll.options.map((option) => (
          <li key={option.id}>
            <div className="flex items-baseline justify-between gap-3 text-sm">
              <span className="font-medium text-slate-900">
                {option.label}
                {poll.myOptionId === option.id ? <span className="ml-2 text-xs font-normal text-brand-700">Your vote</span> : null}
              </span>
              <span className="shrink-0 text-slate-600 tabular-nums">
                {option.votes} {option.votes === 1 ? "vote" : "votes"} · {option.percent}%
              </span>
            </div>
            <div className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
              <div className="h-full rounded-full bg-brand-600" style={{ width: `${option.percent}%` }} />
            </div>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">
        {poll.total} {poll.total === 1 ? "vote" : "votes"} in total
      </p>
    </div>
  );
}
