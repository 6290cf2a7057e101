import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ReplyNotice, type Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Card, EmptyState, Notice } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { LIMITS, TimeOffFormSchema } from "~/modules/queue/availability-form.schema.ts";
import type { AvailabilityPage } from "~/modules/queue/availability-page.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

type Typed = Record<string, unknown> | null;

export function TimeOff({
  reply,
  timeOff,
  zoneLabel,
  viewerZoneLabel,
}: {
  reply: Reply;
  timeOff: AvailabilityPage["timeOff"];
  zoneLabel: string;
  viewerZoneLabel: string | null;
}) {
  const [form, fields] = useSchemaForm("add-time-off", TimeOffFormSchema, reply);
  const refused = reply?.intent === "add-time-off" && !reply.done;
  const typed = refused ? ((reply.result.initialValue ?? null) as Typed) : null;
  const done = doneMessage(reply, "add-time-off");
  return (
    <Card title="Time off">
      <div className="space-y-4">
        <p className="text-sm text-slate-600">Holidays, training, an afternoon out: no bookings start or run into these times.</p>
        <ReplyNotice reply={reply} intents={["remove-time-off"]} />
        {timeOff.length ? (
          <Table
            caption="Current and upcoming time off"
            head={[
              `When (${zoneLabel})`,
              "Reason",
              <span key="actions" className="sr-only">
                Actions
              </span>,
            ]}
          >
            {timeOff.map((row) => (
              <tr key={row.id}>
                <Td>
                  <span className="font-medium text-slate-900">{row.inOwnerZone}</span>
                  {viewerZoneLabel && row.inViewerZone ? (
                    <span className="mt-0.5 block text-xs text-slate-500">
                      {row.inViewerZone} in your zone ({viewerZoneLabel})
                    </span>
                  ) : null}
                </Td>
                <Td>{row.reason}</Td>
                <Td className="text-right">
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-time-off" />
                    <input type="hidden" name="id" value={row.id} />
                    <Button variant="secondary">
                      Remove<span className="sr-only"> time off from {row.inOwnerZone}</span>
                    </Button>
                  </Form>
                </Td>
              </tr>
            ))}
          </Table>
        ) : (
          <EmptyState title="No time off ahead" />
        )}
        <Form method="post" {...getFormProps(form)} className="space-y-4 border-t border-slate-100 pt-4" key={done ?? "form"}>
          <input type="hidden" name="intent" value="add-time-off" />
          <h3 className="text-sm font-semibold text-slate-900">Add time off</h3>
          {done ? <Notice tone="success">{done}</Notice> : null}
          <FormErrors errors={form.errors} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Starts"
              name={fields.startsAt.name}
              type="datetime-local"
              required
              defaultValue={typed ? String(typed.startsAt ?? "") : ""}
              hint={`Local time in ${zoneLabel}.`}
              errors={fields.startsAt.errors}
            />
            <TextField
              label="Ends"
              name={fields.endsAt.name}
              type="datetime-local"
              required
              defaultValue={typed ? String(typed.endsAt ?? "") : ""}
              hint={`Local time in ${zoneLabel}.`}
              errors={fields.endsAt.errors}
            />
            <div className="sm:col-span-2">
              <TextField
                label="Reason (optional)"
                name={fields.reason.name}
                maxLength={LIMITS.noteLength}
                defaultValue={typed ? String(typed.reason ?? "") : ""}
                placeholder="Vacation"
                hint="Only staff see it."
                errors={fields.reason.errors}
              />
            </div>
          </div>
          <Button>Add time off</Button>
        </Form>
      </div>
    </Card>
  );
}
