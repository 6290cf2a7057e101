import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { AudienceField } from "~/components/accounts/audience-field.tsx";
import { Check, controlClass, Fieldset, FormErrors, SelectField, TextAreaField, TextField } from "~/components/ui/field.tsx";
import { Card } from "~/components/ui/page.tsx";
import { KIND_LABELS, SESSION_KINDS } from "~/modules/sessions/catalogue.schema.ts";
import { FEEDBACK_KIND_HINTS, FEEDBACK_KIND_LABELS, FEEDBACK_KINDS } from "~/modules/sessions/feedback.schema.ts";
import {
  BUILT_IN_QUESTION,
  MAX_EXTRA_QUESTIONS,
  SessionFormSchema,
  type SessionEditorDefaults,
} from "~/modules/sessions/session.schema.ts";
import { initialList, useSchemaForm } from "~/utils/forms.ts";

type Options = { staff: { id: string; name: string; email: string; roleLabel: string }[]; timeZones: string[] };
type Typed = Record<string, unknown> | undefined;

const KIND_HINTS = {
  WEBINAR: "A host presents a topic, then answers questions. Seats are optional.",
  EXPERT: "Interactive: attendees describe their situation first, and seats are capped so everyone can ask.",
} as const;

/**
 * Create and edit share this form; the route decides what saving means. Every field is visible at
 * once so it works without JavaScript; the kind-specific rules are spelled out in the hints.
 */
export function SessionEditor({
  reply,
  defaults,
  options,
  submitLabel,
  cancelTo,
  allowRepeat,
  notice,
}: {
  reply: Reply;
  defaults: SessionEditorDefaults;
  options: Options;
  submitLabel: string;
  cancelTo: string;
  allowRepeat: boolean;
  notice?: ReactNode;
}) {
  const [form, fields] = useSchemaForm("session", SessionFormSchema, reply);
  const busy = useNavigation().state === "submitting";
  // After a refused submit, show what was typed rather than the stored values.
  const typed = (reply?.intent === "session" ? reply.result.initialValue : undefined) as Typed;
  const text = (name: Exclude<keyof SessionEditorDefaults, "hostIds" | "audienceTiers" | "questions">) =>
    typed ? String(typed[name] ?? "") : defaults[name];
  const hostIds = typed ? initialList(typed.hostIds) : defaults.hostIds;
  const tiers = typed ? initialList(typed.audienceTiers) : defaults.audienceTiers;
  const typedQuestions = typed && Array.isArray(typed.questions) ? (typed.questions as (Record<string, unknown> | null)[]) : null;
  const questionRows = Array.from({ length: MAX_EXTRA_QUESTIONS }, (_, index) => {
    if (typedQuestions) {
      const row = typedQuestions[index] ?? {};
      return { id: String(row.id ?? ""), label: String(row.label ?? ""), required: row.required === "on" };
    }
    return defaults.questions[index] ?? { id: "", label: "", required: false };
  });
  const questionErrors = (index: number) => form.allErrors[`questions[${index}].label`];

  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      {notice}
      <FormErrors errors={form.errors} />
      <Card title="What">
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Fieldset legend="Kind" errors={fields.kind.errors}>
              <div className="grid gap-3 sm:grid-cols-2">
                {SESSION_KINDS.map((kind) => (
                  <div key={kind} className="rounded-lg border border-slate-200 p-3">
                    <Check
                      type="radio"
                      name={fields.kind.name}
                      value={kind}
                      label={<span className="font-medium">{KIND_LABELS[kind]}</span>}
                      detail={KIND_HINTS[kind]}
                      checked={text("kind") === kind}
                    />
                  </div>
                ))}
              </div>
            </Fieldset>
          </div>
          <div className="sm:col-span-2">
            <TextField
              label="Title"
              name={fields.title.name}
              required
              maxLength={200}
              defaultValue={text("title")}
              errors={fields.title.errors}
            />
          </div>
          <div className="sm:col-span-2">
            <TextAreaField
              label="Description"
              name={fields.description.name}
              rows={8}
              defaultValue={text("description")}
              hint="Markdown: **bold**, lists, links. Shown on the session page and in emails."
              errors={fields.description.errors}
            />
          </div>
          <div className="sm:col-span-2">
            <TextField
              label="Topics"
              name={fields.topics.name}
              defaultValue={text("topics")}
              hint="Comma-separated, like onboarding, reporting. Customers filter the catalogue by these."
              errors={fields.topics.errors}
            />
          </div>
        </div>
      </Card>

      <Card title="When and where">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            label="Start date"
            name={fields.startDate.name}
            type="date"
            required
            defaultValue={text("startDate")}
            errors={fields.startDate.errors}
          />
          <TextField
            label="Start time"
            name={fields.startTime.name}
            type="time"
            required
            defaultValue={text("startTime")}
            hint="Local time in the time zone on the right."
            errors={fields.startTime.errors}
          />
          <SelectField label="Time zone" name={fields.timeZone.name} defaultValue={text("timeZone")} errors={fields.timeZone.errors}>
            {options.timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Duration (minutes)"
            name={fields.durationMinutes.name}
            type="number"
            min={15}
            max={480}
            step={5}
            required
            defaultValue={text("durationMinutes")}
            hint="15 to 480."
            errors={fields.durationMinutes.errors}
          />
          <div className="sm:col-span-2">
            <TextField
              label="Meeting link"
              name={fields.meetingUrl.name}
              type="url"
              required
              placeholder="https://zoom.us/j/…"
              defaultValue={text("meetingUrl")}
              hint="The Zoom, Meet or Teams link. Registrants get their own join link that forwards here."
              errors={fields.meetingUrl.errors}
            />
          </div>
        </div>
        {allowRepeat ? (
          <div className="mt-5 grid gap-4 border-t border-slate-100 pt-5 sm:grid-cols-3">
            <div className="sm:col-span-3">
              <Check
                name={fields.repeat.name}
                label="Repeat this session"
                detail="Creates one session per occurrence, each with its own seats and registrations, at the same local time."
                checked={typed ? typed.repeat === "on" : false}
              />
            </div>
            <TextField
              label="Every how many weeks"
              name={fields.repeatEveryWeeks.name}
              type="number"
              min={1}
              max={8}
              defaultValue={typed ? String(typed.repeatEveryWeeks ?? "") : "1"}
              hint="1 for weekly, up to 8."
              errors={fields.repeatEveryWeeks.errors}
            />
            <TextField
              label="Occurrences"
              name={fields.occurrences.name}
              type="number"
              min={2}
              max={26}
              defaultValue={typed ? String(typed.occurrences ?? "") : "4"}
              hint="2 to 26, counting the first."
              errors={fields.occurrences.errors}
            />
          </div>
        ) : null}
      </Card>

      <Card title="Who">
        <div className="grid gap-6 sm:grid-cols-2">
          <Fieldset legend="Hosts" hint="At least one. Hosts see the preparation sheet and mark attendance." errors={fields.hostIds.errors}>
            <div className="max-h-64 space-y-2 overflow-y-auto rounded-lg border border-slate-200 p-3">
              {options.staff.map((person) => (
                <Check
                  key={person.id}
                  name={fields.hostIds.name}
                  value={person.id}
                  label={person.name}
                  detail={`${person.roleLabel} · ${person.email}`}
                  checked={hostIds.includes(person.id)}
                />
              ))}
            </div>
          </Fieldset>
          <AudienceField
            legend="Audience"
            hint="Leave all unticked to open the session to every tier."
            name={fields.audienceTiers.name}
            tiers={tiers}
            errors={fields.audienceTiers.errors}
          />
          <TextField
            label="Seat cap"
            name={fields.seatCap.name}
            type="number"
            min={1}
            max={10000}
            defaultValue={text("seatCap")}
            hint="Required for expert sessions; leave empty for an uncapped webinar. Once full, people join the waitlist."
            errors={fields.seatCap.errors}
          />
          <TextField
            label="Seats per account"
            name={fields.perAccountCap.name}
            type="number"
            min={1}
            max={10000}
            defaultValue={text("perAccountCap")}
            hint="Expert sessions only, optional: so one customer cannot fill the room."
            errors={fields.perAccountCap.errors}
          />
        </div>
      </Card>

      <Card title="Registration questions">
        <p className="mb-4 text-sm text-slate-600">
          Expert sessions always ask first: <q className="font-medium text-slate-800">{BUILT_IN_QUESTION}</q> (a long answer, required). Add
          up to {MAX_EXTRA_QUESTIONS} questions of your own; clear a row to remove it.
        </p>
        <ol className="space-y-3">
          {questionRows.map((row, index) => {
            const id = `question-${index}`;
            const errors = questionErrors(index);
            return (
              <li key={index} className="grid items-end gap-3 sm:grid-cols-[1fr_auto]">
                <input type="hidden" name={`questions[${index}].id`} value={row.id} />
                <div className="space-y-1.5">
                  <label htmlFor={id} className="block text-sm font-medium text-slate-800">
                    Question {index + 1}
                  </label>
                  <input
                    id={id}
                    name={`questions[${index}].label`}
                    defaultValue={row.label}
                    maxLength={300}
                    className={controlClass}
                    aria-invalid={errors?.length ? true : undefined}
                    aria-describedby={errors?.length ? `${id}-error` : undefined}
                  />
                  {errors?.length ? (
                    <p id={`${id}-error`} className="text-sm text-red-700">
                      {errors.join(" ")}
                    </p>
                  ) : null}
                </div>
                <div className="pb-2">
                  <Check
                    name={`questions[${index}].required`}
                    label={
                      <>
                        Required<span className="sr-only"> (question {index + 1})</span>
                      </>
                    }
                    checked={row.required}
                  />
                </div>
              </li>
            );
          })}
        </ol>
      </Card>

      <Card title="Feedback">
        <Fieldset
          legend="After the session, ask for"
          hint="Attendees answer from the link in the follow-up email. Answers already given keep the scale they were given on."
          errors={fields.feedbackKind.errors}
        >
          <div className="grid gap-3 sm:grid-cols-2">
            {FEEDBACK_KINDS.map((kind) => (
              <div key={kind} className="rounded-lg border border-slate-200 p-3">
                <Check
                  type="radio"
                  name={fields.feedbackKind.name}
                  value={kind}
                  label={<span className="font-medium">{FEEDBACK_KIND_LABELS[kind]}</span>}
                  detail={FEEDBACK_KIND_HINTS[kind]}
                  checked={text("feedbackKind") === kind}
                />
              </div>
            ))}
          </div>
        </Fieldset>
      </Card>

      <div className="flex gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        <Link to={cancelTo} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </Form>
  );
}
