import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { Card, Notice } from "~/components/ui/page.tsx";
import { FORM_RANGE_ROWS, MAX_RANGES_PER_DAY, WEEKDAY_LABELS, WEEKDAYS, type Weekday } from "~/modules/queue/availability-form.ts";
import { LIMITS, WeeklyHoursFormSchema } from "~/modules/queue/availability-form.schema.ts";
import type { AvailabilitySettings } from "~/modules/queue/availability.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";
import { errorsUnder, RangeRows, rowValues, type TypedRow } from "./range-rows.tsx";

type Typed = Record<string, unknown> | null;

function typedDay(typed: Typed, day: Weekday) {
  const value = typed?.[day] as { off?: unknown; ranges?: unknown } | undefined;
  return {
    off: value?.off === "on",
    ranges: Array.isArray(value?.ranges) ? (value.ranges as TypedRow[]) : [],
  };
}

function DayRow({
  day,
  stored,
  typed,
  allErrors,
  hydrated,
}: {
  day: Weekday;
  stored: AvailabilitySettings["weeklyHours"][Weekday];
  typed: Typed;
  allErrors: Record<string, string[]>;
  hydrated: boolean;
}) {
  const label = WEEKDAY_LABELS[day];
  const initiallyOff = typed ? typedDay(typed, day).off : stored.length === 0;
  const [off, setOff] = useState(initiallyOff);
  const rowCount = Math.min(MAX_RANGES_PER_DAY, Math.max(FORM_RANGE_ROWS, stored.length));
  const rows = rowValues(rowCount, stored, typed ? typedDay(typed, day).ranges : null);
  const { messages, rows: invalidRows } = errorsUnder(allErrors, day);
  const errorId = `weekly-${day}-errors`;
  return (
    <fieldset className="flow-root py-4" aria-describedby={messages.length ? errorId : undefined}>
      <legend className="float-left w-full pb-2 text-sm font-semibold text-slate-900 sm:w-32 sm:pb-0 sm:pt-1.5">{label}</legend>
      <div className="space-y-2 sm:ml-32">
        <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
          <RangeRows
            idPrefix={`weekly-${day}`}
            name={`${day}.ranges`}
            labelPrefix={label}
            rows={rows}
            invalidRows={invalidRows}
            describedBy={errorId}
            disabled={hydrated && off}
          />
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name={`${day}.off`}
              defaultChecked={initiallyOff}
              onChange={(event) => setOff(event.currentTarget.checked)}
              className="size-4 rounded border-slate-300"
            />
            <span>
              Not available<span className="sr-only"> on {label}</span>
            </span>
          </label>
        </div>
        {messages.length ? (
          <ul id={errorId} className="text-sm text-red-700">
            {messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </fieldset>
  );
}

function ErrorSummary({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-medium">Nothing was saved. Please fix:</p>
      <ul className="mt-1 list-disc pl-5">
        {errors.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The weekly hours and booking rules, in one form that works without JavaScript: three start/end pairs
 * per day (blank pairs are ignored), a "Not available" box per day, and the rules below. With
 * JavaScript, ticking "Not available" greys out that day's times.
 */
export function WeeklyHoursEditor({
  reply,
  settings,
  timeZones,
  weeklyHoursTotal,
}: {
  reply: Reply;
  settings: AvailabilitySettings;
  timeZones: string[];
  weeklyHoursTotal: number;
}) {
  const [form, fields] = useSchemaForm("weekly", WeeklyHoursFormSchema, reply);
  const busy = useNavigation().formData?.get("intent") === "weekly";
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const refused = reply?.intent === "weekly" && !reply.done;
  const typed = refused ? ((reply.result.initialValue ?? null) as Typed) : null;
  const text = (
    name: "timeZone" | "bufferBeforeMinutes" | "bufferAfterMinutes" | "minimumNoticeMinutes" | "maxHoursPerDay" | "horizonDays",
  ) => (typed ? String(typed[name] ?? "") : String(settings[name]));
  const allErrors = form.allErrors;
  const done = doneMessage(reply, "weekly");
  // Remount the inputs after a save so they show the stored (sorted, normalised) values.
  const version = refused ? "typed" : JSON.stringify(settings);

  return (
    <Form method="post" {...getFormProps(form)} className="space-y-6">
      <input type="hidden" name="intent" value="weekly" />
      {done ? <Notice tone="success">{done}</Notice> : null}
      <ErrorSummary errors={Object.values(allErrors).flat()} />
      <div key={version} className="space-y-6">
        <Card
          title="Weekly hours"
          actions={
            <span className="text-sm text-slate-600">
              {weeklyHoursTotal === 1 ? "1 hour" : `${weeklyHoursTotal.toLocaleString("en-US")} hours`} a week
            </span>
          }
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="Time zone of these hours"
              name={fields.timeZone.name}
              defaultValue={text("timeZone")}
              hint="Your hours and date overrides are wall-clock times in this zone; they keep their local time when the clocks change."
              errors={fields.timeZone.errors}
            >
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </SelectField>
          </div>
          <p className="mt-4 text-sm text-slate-600">
            Up to {FORM_RANGE_ROWS} ranges a day; leave a pair blank to skip it. To end at midnight, enter 00:00 (12:00 AM) as the end.
          </p>
          <div className="mt-2 divide-y divide-slate-100">
            {WEEKDAYS.map((day) => (
              <DayRow key={day} day={day} stored={settings.weeklyHours[day]} typed={typed} allErrors={allErrors} hydrated={hydrated} />
            ))}
          </div>
        </Card>

        <Card title="Booking rules">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <TextField
              label="Buffer before (minutes)"
              name={fields.bufferBeforeMinutes.name}
              type="number"
              min={0}
              max={LIMITS.bufferMinutes}
              step={5}
              required
              defaultValue={text("bufferBeforeMinutes")}
              hint="Free time kept before each booked hour."
              errors={fields.bufferBeforeMinutes.errors}
            />
            <TextField
              label="Buffer after (minutes)"
              name={fields.bufferAfterMinutes.name}
              type="number"
              min={0}
              max={LIMITS.bufferMinutes}
              step={5}
              required
              defaultValue={text("bufferAfterMinutes")}
              hint="Time for notes and the follow-up email."
              errors={fields.bufferAfterMinutes.errors}
            />
            <TextField
              label="Minimum notice (minutes)"
              name={fields.minimumNoticeMinutes.name}
              type="number"
              min={0}
              max={LIMITS.minimumNoticeMinutes}
              step={15}
              required
              defaultValue={text("minimumNoticeMinutes")}
              hint="How soon a customer may book: 240 is 4 hours, 1440 a day."
              errors={fields.minimumNoticeMinutes.errors}
            />
            <TextField
              label="Most hours a day"
              name={fields.maxHoursPerDay.name}
              type="number"
              min={1}
              max={LIMITS.maxHoursPerDay}
              required
              defaultValue={text("maxHoursPerDay")}
              hint={`Once this many hours are booked on a day, that day closes (1–${LIMITS.maxHoursPerDay}).`}
              errors={fields.maxHoursPerDay.errors}
            />
            <TextField
              label="Booking horizon (days)"
              name={fields.horizonDays.name}
              type="number"
              min={1}
              max={LIMITS.horizonDays}
              required
              defaultValue={text("horizonDays")}
              hint="How far ahead customers may book."
              errors={fields.horizonDays.errors}
            />
            <div className="flex items-start pt-7">
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name={fields.inPool.name}
                  defaultChecked={typed ? typed.inPool === "on" : settings.inPool}
                  aria-describedby="in-pool-hint"
                  className="mt-0.5 size-4 rounded border-slate-300"
                />
                <span>
                  Take bookings from the pool
                  <span id="in-pool-hint" className="block text-xs text-slate-500">
                    Untick to serve only the accounts you own.
                  </span>
                </span>
              </label>
            </div>
          </div>
        </Card>
      </div>
      <Button disabled={busy}>{busy ? "Saving…" : "Save weekly hours"}</Button>
    </Form>
  );
}
