import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { Card } from "~/components/ui/page.tsx";
import type { HealthPanelData } from "~/modules/engagement/health-panel.server.ts";
import { HEALTH_LABELS } from "~/modules/engagement/scoring.ts";
import { HealthBadge } from "./health-badge.tsx";
import { HealthCallForm } from "./health-call-form.tsx";

function Meter({ label, value }: { label: string; value: number }) {
  return (
    <div
      className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
    >
      <div className="h-full rounded-full bg-brand-600" style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
    </div>
  );
}

/** Score, its five parts, health with reasons, and the CSM's call, on the console account page. */
export function HealthPanel({ panel }: { panel: HealthPanelData | null }) {
  if (!panel) return null;
  return (
    <Card title="Health" actions={<HealthBadge health={panel.health} />}>
      <div className="space-y-5">
        <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
          <p className="text-sm text-slate-700">
            <span className="text-2xl font-semibold text-slate-900" data-testid="engagement-score">
              {panel.score}
            </span>{" "}
            / 100 engagement
          </p>
          <p className="text-sm text-slate-700">
            Health: <strong data-testid="health-label">{HEALTH_LABELS[panel.health]}</strong>
          </p>
          <p className="text-xs text-slate-500">
            Green at {panel.bands.greenAt}, red below {panel.bands.redBelow}; activity halves in weight every {panel.bands.halfLifeDays}{" "}
            days.
          </p>
        </div>
        <section aria-labelledby="health-reasons">
          <h3 id="health-reasons" className="text-sm font-semibold text-slate-900">
            Why
          </h3>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-700">
            {panel.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="score-breakdown">
          <h3 id="score-breakdown" className="text-sm font-semibold text-slate-900">
            Score breakdown
          </h3>
          <ul className="mt-2 space-y-3">
            {panel.parts.map((part) => (
              <li key={part.name}>
                <div className="flex justify-between text-sm">
                  <span className="font-medium text-slate-800">
                    {part.label} <span className="font-normal text-slate-500">· weight {part.weightPercent}%</span>
                  </span>
                  <span className="tabular-nums text-slate-900">{part.value}</span>
                </div>
                <Meter label={`${part.label} ${part.value} of 100`} value={part.value} />
                <p className="mt-0.5 text-xs text-slate-500">{part.hint}</p>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm text-slate-700">
            Product usage: {panel.productUsage === null ? "not reported" : `${Math.round(panel.productUsage)} / 100`} · Latest feedback:{" "}
            {panel.feedback === null ? "none" : `${Math.round(panel.feedback)} / 100`}
          </p>
          <p className="mt-1 text-xs text-slate-500">{panel.computed}.</p>
        </section>
        <section aria-labelledby="health-call" className="space-y-3 border-t border-slate-100 pt-4">
          <h3 id="health-call" className="text-sm font-semibold text-slate-900">
            CSM call
          </h3>
          {panel.call ? (
            <div className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
              <p>
                <HealthBadge health={panel.call.health} /> until {panel.call.until} — {panel.call.reason}
                <span className="block text-xs text-slate-500">
                  Made by {panel.call.by} on {panel.call.made}.
                </span>
              </p>
              {panel.canCall ? (
                <Form method="post" action={`/console/accounts/${panel.accountId}/health`}>
                  <input type="hidden" name="intent" value="clear-call" />
                  <Button variant="danger">Clear call</Button>
                </Form>
              ) : null}
            </div>
          ) : (
            <p className="text-sm text-slate-600">No call: the health follows the numbers.</p>
          )}
          {panel.canCall ? (
            <HealthCallForm accountId={panel.accountId} days={panel.callDays} />
          ) : (
            <p className="text-xs text-slate-500">The account&apos;s CSM or an admin can make a call.</p>
          )}
        </section>
      </div>
    </Card>
  );
}
