import { Link } from "@remix-run/react";
import { buttonClass } from "~/components/ui/button.tsx";
import { Badge } from "~/components/ui/page.tsx";
import type { ViewerPath } from "~/modules/library/paths.server.ts";

type Step = ViewerPath["steps"][number];

const STATE_TEXT = { done: "Done", next: "Next up", upcoming: "Not started" } as const;

/** A tick, a filled dot or an empty ring: decoration only, the state is also written out. */
function StateIcon({ state }: { state: Step["state"] }) {
  if (state === "done") {
    return (
      <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-white">
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-5" aria-hidden="true">
          <path
            fillRule="evenodd"
            d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z"
            clipRule="evenodd"
          />
        </svg>
      </span>
    );
  }
  if (state === "next") {
    return (
      <span className="flex size-8 shrink-0 items-center justify-center rounded-full border-2 border-brand-600 bg-white">
        <span className="size-3 rounded-full bg-brand-600" aria-hidden="true" />
      </span>
    );
  }
  return <span className="size-8 shrink-0 rounded-full border-2 border-slate-300 bg-white" aria-hidden="true" />;
}

function StepItem({ step }: { step: Step }) {
  const next = step.state === "next";
  const headingId = `step-${step.id}-title`;
  return (
    <li
      aria-current={next ? "step" : undefined}
      className={`flex gap-4 rounded-xl border p-4 ${next ? "border-brand-600 bg-brand-50 shadow-sm ring-1 ring-brand-600" : "border-slate-200 bg-white"}`}
    >
      <StateIcon state={step.state} />
      <div className="min-w-0 grow space-y-1">
        <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <span
            className={`font-semibold uppercase tracking-wide ${next ? "text-brand-700" : step.state === "done" ? "text-emerald-700" : ""}`}
          >
            {STATE_TEXT[step.state]}
          </span>
          <span aria-hidden="true">·</span>
          <span>Step {step.number}</span>
          <Badge tone={step.kind === "session" ? "brand" : "slate"}>{step.kindLabel}</Badge>
        </p>
        {step.note ? <p className="text-sm text-slate-700 italic">{step.note}</p> : null}
        <h3 id={headingId} className="font-semibold text-slate-900">
          <span className="sr-only">
            Step {step.number}, {STATE_TEXT[step.state].toLowerCase()}:{" "}
          </span>
          {next ? (
            step.title
          ) : (
            <Link to={step.href} className="text-slate-900 underline-offset-4 hover:text-brand-700 hover:underline">
              {step.title}
            </Link>
          )}
        </h3>
        {step.detail ? <p className="text-sm text-slate-600">{step.detail}</p> : null}
        {next ? (
          <p className="pt-2">
            <Link to={step.href} className={buttonClass()} aria-label={`${step.action}: ${step.title}`}>
              {step.action}
            </Link>
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** The path's steps in order, each saying whether it is done, next, or still ahead. */
export function PathStepList({ steps }: { steps: Step[] }) {
  return (
    <ol aria-label="Steps" className="space-y-3">
      {steps.map((step) => (
        <StepItem key={step.id} step={step} />
      ))}
    </ol>
  );
}
