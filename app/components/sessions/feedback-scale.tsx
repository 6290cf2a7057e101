import type { FeedbackKind } from "~/generated/prisma/enums.ts";
import type { FeedbackChoice } from "~/modules/sessions/feedback.schema.ts";

const choiceClass =
  "flex cursor-pointer flex-col items-center gap-1 rounded-lg border border-slate-200 text-center text-xs text-slate-700 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600";

/**
 * The rating as native radio buttons in a fieldset, so arrow keys move between answers and it works
 * without JavaScript. CSAT shows each answer's words; NPS shows the numbers 0–10 with the two ends
 * named (inside their labels for screen readers, under the row for the eye).
 */
export function FeedbackScale({
  kind,
  legend,
  choices,
  name,
  checked,
  errors,
}: {
  kind: FeedbackKind;
  legend: string;
  choices: FeedbackChoice[];
  name: string;
  checked: number | null;
  errors?: string[];
}) {
  const errorId = `${name}-error`;
  const invalid = Boolean(errors?.length);
  const nps = kind === "NPS";
  return (
    <fieldset aria-describedby={invalid ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className={nps ? "mt-2 grid grid-cols-6 gap-1 sm:grid-cols-11" : "mt-2 grid grid-cols-5 gap-2"}>
        {choices.map((choice) => (
          <label key={choice.value} className={`${choiceClass} ${nps ? "px-0.5 py-1.5" : "p-2"}`}>
            <input type="radio" name={name} value={choice.value} defaultChecked={checked === choice.value} required />
            <span className="text-base font-semibold tabular-nums">{choice.value}</span>{" "}
            {choice.label ? <span className={nps ? "sr-only" : undefined}>{choice.label}</span> : null}
          </label>
        ))}
      </div>
      {nps ? (
        <div aria-hidden="true" className="mt-1 flex justify-between text-xs text-slate-500">
          <span>
            {choices[0]?.value}: {choices[0]?.label}
          </span>
          <span>
            {choices.at(-1)?.value}: {choices.at(-1)?.label}
          </span>
        </div>
      ) : null}
      {invalid ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {errors?.[0]}
        </p>
      ) : null}
    </fieldset>
  );
}
