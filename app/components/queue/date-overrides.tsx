import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ReplyNotice, type Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Card, EmptyState, Notice } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { FORM_RANGE_ROWS } from "~/modules/queue/availability-form.ts";
import { LIMITS, OverrideFormSchema } from "~/modules/queue/availability-form.schema.ts";
import type { AvailabilityPage } from "~/modules/queue/availability-page.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";
import { errorsUnder, RangeRows, rowValues, type TypedRow } from "./range-rows.tsx";

type Typed = Record<string, unknown> | null;

export function DateOverrides({
  reply,
  overrides,
  today,
  zoneLabel,
}: {
  reply: Reply;
  overrides: AvailabilityPage["overrides"];
  today: string;
  zoneLabel: string;
}) {
  const [form, fields] = useSchemaForm("add-override", OverrideFormSchema, reply);
  const refused = reply?.intent === "add-override" && !reply.done;
  const typed = refused ? ((reply.result.initialValue ?? null) as Typed) : null;
  const { messages, rows: invalidRows } = errorsUnder(form.allErrors, "ranges");
  const done = doneMessage(reply, "add-override");
  return (
    <Card title="Date overrides">
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          A holiday, a conference day, a late start: dates whose hours differ from the week, in {zoneLabel}.
        </p>
        <ReplyNotice reply={reply} intents={["remove-override"]} />
        {overrides.length ? (
          <Table
            caption="Upcoming date overrides"
            head={[
              "Date",
              "Hours",
              "Note",
              <span key="actions" className="sr-only">
                Actions
              </span>,
            ]}
          >
            {overrides.map((row) => (
              <tr key={row.id}>
                <Td className="whitespace-nowrap font-medium text-slate-900">{row.day}</Td>
                <Td>{row.hours ?? <span className="font-medium text-amber-800">Day off</span>}</Td>
                <Td>{row.note}</Td>
                <Td className="text-right">
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-override" />
                    <input type="hidden" name="id" value={row.id} />
                    <Button variant="secondary">
                      Remove<span className="sr-only"> the override for {row.day}</span>
                    </Button>
                  </Form>
                </Td>
              </tr>
            ))}
          </Table>
        ) : (
          <EmptyState title="No date overrides ahead">Every coming date follows the weekly hours.</EmptyState>
        )}
        <Form method="post" {...getFormProps(form)} className="space-y-4 border-t border-slate-100 pt-4" key={done ?? "form"}>
          <input type="hidden" name="intent" value="add-override" />
          <h3 className="text-sm font-semibold text-slate-900">Add a date</h3>
          {done ? <Notice tone="success">{done}</Notice> : null}
          <FormErrors errors={form.errors} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Date"
              name={fields.date.name}
              type="date"
              min={today}
              required
              defaultValue={typed ? String(typed.date ?? "") : ""}
              hint="Saving a date that already has an override replaces it."
              errors={fields.date.errors}
            />
            <TextField
              label="Note (optional)"
              name={fields.note.name}
              maxLength={LIMITS.noteLength}
              defaultValue={typed ? String(typed.note ?? "") : ""}
              placeholder="Public holiday"
              errors={fields.note.errors}
            />
          </div>
          <fieldset className="space-y-2" aria-describedby={messages.length ? "override-ranges-errors" : "override-ranges-hint"}>
            <legend className="text-sm font-medium text-slate-800">Hours that day</legend>
            <p id="override-ranges-hint" className="text-xs text-slate-500">
              Up to {FORM_RANGE_ROWS} ranges, or tick Day off.
            </p>
            <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
              <RangeRows
                idPrefix="override"
                name="ranges"
                labelPrefix="Override hours"
                rows={rowValues(FORM_RANGE_ROWS, [], typed ? ((Array.isArray(typed.ranges) ? typed.ranges : []) as TypedRow[]) : null)}
                invalidRows={invalidRows}
                describedBy="override-ranges-errors"
              />
              <label className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name={fields.dayOff.name}
                  defaultChecked={typed ? typed.dayOff === "on" : false}
                  className="size-4 rounded border-slate-300"
                />
                Day off
              </label>
            </div>
            {messages.length ? (
              <ul id="override-ranges-errors" className="text-sm text-red-700">
                {messages.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </fieldset>
          <Button>Save date</Button>
        </Form>
      </div>
    </Card>
  );
}
