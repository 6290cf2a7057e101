import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { controlClass, FormErrors, SelectField, TextField } from "~/components/ui/field.tsx";
import { Badge, EmptyState, Notice } from "~/components/ui/page.tsx";
import { NOTE_MAX } from "~/modules/library/paths.schema.ts";
import type { EditorStep } from "~/modules/library/paths.server.ts";

type Option = { value: string; label: string };
export type StepOptions = { items: Option[]; upcomingSessions: Option[]; pastSessions: Option[] };

function fieldErrors(reply: Reply, intent: string, field: string) {
  return reply?.intent === intent ? (reply.result.error?.[field] ?? null) : null;
}

function formErrors(reply: Reply, intent: string) {
  return reply?.intent === intent ? (reply.result.error?.[""] ?? null) : null;
}

/** A one-button form: a step action that works without JavaScript. */
function StepButton({
  stepId,
  intent,
  disabled,
  variant = "ghost",
  label,
  children,
}: {
  stepId: string;
  intent: string;
  disabled?: boolean;
  variant?: "ghost" | "danger";
  /** The button's full name for screen readers; it contains the visible word. */
  label: string;
  children: ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="stepId" value={stepId} />
      <Button
        variant={variant}
        name="intent"
        value={intent}
        disabled={disabled}
        aria-label={label}
        className="px-2.5 py-1.5 disabled:opacity-40"
      >
        {children}
      </Button>
    </Form>
  );
}

function StepRow({ step, last, reply }: { step: EditorStep; last: boolean; reply: Reply }) {
  const noteId = `note-${step.id}`;
  const noteErrors =
    reply?.intent === "save-note" && reply.result.initialValue?.stepId === step.id ? (reply.result.error?.note ?? null) : null;
  const name = `step ${step.number}, ${step.title}`;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-start gap-3">
        <span
          aria-hidden="true"
          className="flex size-7 shrink-0 items-center justify-center rounded-full bg-slate-100 text-sm font-semibold text-slate-700"
        >
          {step.number}
        </span>
        <div className="min-w-0 grow">
          <p className="font-medium text-slate-900">
            <span className="sr-only">Step {step.number}: </span>
            {step.href ? (
              <Link to={step.href} className="text-brand-700 underline-offset-4 hover:underline">
                {step.title}
              </Link>
            ) : (
              step.title
            )}{" "}
            <Badge tone={step.kind === "session" ? "brand" : "slate"}>{step.kind === "session" ? "Live session" : "Library item"}</Badge>
          </p>
          <p className="text-xs text-slate-600">{step.detail}</p>
          {step.warning ? <p className="mt-1 text-xs font-medium text-amber-800">{step.warning}</p> : null}
        </div>
        <div className="flex shrink-0 gap-1">
          <StepButton stepId={step.id} intent="move-up" disabled={step.number === 1} label={`Move ${name} up`}>
            <span aria-hidden="true">↑</span> Up
          </StepButton>
          <StepButton stepId={step.id} intent="move-down" disabled={last} label={`Move ${name} down`}>
            <span aria-hidden="true">↓</span> Down
          </StepButton>
          <StepButton stepId={step.id} intent="remove-step" variant="danger" label={`Remove ${name}`}>
            Remove
          </StepButton>
        </div>
      </div>
      <Form method="post" className="mt-3 flex flex-wrap items-end gap-2 sm:pl-10">
        <input type="hidden" name="stepId" value={step.id} />
        <div className="min-w-48 grow space-y-1">
          <label htmlFor={noteId} className="block text-xs font-medium text-slate-700">
            Note<span className="sr-only"> for {name}</span> (optional, shown above the step)
          </label>
          <input
            id={noteId}
            name="note"
            defaultValue={step.note}
            maxLength={NOTE_MAX}
            className={controlClass}
            aria-invalid={noteErrors?.length ? true : undefined}
            aria-describedby={noteErrors?.length ? `${noteId}-error` : undefined}
          />
          {noteErrors?.length ? (
            <p id={`${noteId}-error`} className="text-sm text-red-700">
              {noteErrors.join(" ")}
            </p>
          ) : null}
        </div>
        <Button variant="secondary" name="intent" value="save-note" aria-label={`Save note for ${name}`}>
          Save note
        </Button>
      </Form>
    </li>
  );
}

/** The path's steps in order, each with its own small forms, and the form that adds one. */
export function PathStepsEditor({
  steps,
  options,
  maxSteps,
  reply,
}: {
  steps: EditorStep[];
  options: StepOptions;
  maxSteps: number;
  reply: Reply;
}) {
  const added = reply?.intent === "add-step" ? (reply.done ?? null) : null;
  const nothingToAdd = !options.items.length && !options.upcomingSessions.length && !options.pastSessions.length;
  return (
    <div className="space-y-6">
      {steps.length ? (
        <ol aria-label="Steps in order" className="space-y-3">
          {steps.map((step, index) => (
            <StepRow key={step.id} step={step} last={index === steps.length - 1} reply={reply} />
          ))}
        </ol>
      ) : (
        <EmptyState title="No steps yet">
          Add a library item or a live session below. A path needs at least one step to be published.
        </EmptyState>
      )}

      <Form method="post" className="space-y-4 rounded-lg border border-dashed border-slate-300 p-4">
        <h3 className="text-sm font-semibold text-slate-900">Add a step</h3>
        <input type="hidden" name="intent" value="add-step" />
        {added ? <Notice tone="success">{added}</Notice> : null}
        <FormErrors errors={formErrors(reply, "add-step")} />
        {steps.length >= maxSteps ? (
          <p className="text-sm text-slate-600">This path has the most steps a path can hold ({maxSteps}).</p>
        ) : nothingToAdd ? (
          <p className="text-sm text-slate-600">There is no library item or session left to add.</p>
        ) : (
          <>
            <div className="grid gap-4 md:grid-cols-2">
              <SelectField
                label="Library item or live session"
                name="item"
                defaultValue=""
                hint="Drafts can be added; customers see them once they are published. A session step is done by attending any occurrence of its series."
                errors={fieldErrors(reply, "add-step", "item")}
              >
                <option value="">Choose…</option>
                {options.items.length ? (
                  <optgroup label="Library">
                    {options.items.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {options.upcomingSessions.length ? (
                  <optgroup label="Upcoming sessions">
                    {options.upcomingSessions.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                {options.pastSessions.length ? (
                  <optgroup label="Past sessions">
                    {options.pastSessions.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </SelectField>
              <TextField
                label="Note (optional)"
                name="note"
                maxLength={NOTE_MAX}
                hint="Shown above the step: why it is here."
                errors={fieldErrors(reply, "add-step", "note")}
              />
            </div>
            <Button>Add step</Button>
          </>
        )}
      </Form>
    </div>
  );
}
