import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useLiveRefresh } from "~/components/sessions/live/live-refresh.tsx";
import { ReplyNotice, type Reply } from "~/components/accounts/reply-notice.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Check, Fieldset, FormErrors, SelectField, TextField } from "~/components/ui/field.tsx";
import { Card, Notice } from "~/components/ui/page.tsx";
import type { SendPage } from "~/modules/newsletters/send.server.ts";
import { SendFormSchema } from "~/modules/newsletters/send.schema.ts";
import { newsletterStatusLabel } from "~/modules/newsletters/status.ts";
import { Figure } from "./report-figures.tsx";
import { useSchemaForm } from "~/utils/forms.ts";

const REFRESH_MS = 2_000;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** Send now, at an instant in the publisher's zone, or at a local hour in each recipient's zone. */
export function SendForm({ page, reply }: { page: SendPage; reply: Reply }) {
  const [form, fields] = useSchemaForm("send", SendFormSchema, reply);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "send";
  const typed = (reply?.intent === "send" ? reply.result.initialValue : undefined) as Record<string, string> | undefined;
  const when = typed?.when ?? "now";
  return (
    <Card title="Send" className="max-w-3xl">
      {page.problems.length > 0 ? (
        <div className="mb-5">
          <Notice tone="warning">
            <p className="font-medium">Fix these in the editor before sending:</p>
            <ul className="mt-1 list-disc pl-5">
              {page.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <input type="hidden" name="intent" value="send" />
        <FormErrors errors={form.errors} />
        <Fieldset legend="When" errors={fields.when.errors}>
          <Check type="radio" name={fields.when.name} value="now" label="Send now" checked={when === "now"} />
          <Check
            type="radio"
            name={fields.when.name}
            value="at"
            label="At a date and time"
            detail={`Everyone receives it at once. Time in your zone (${page.viewerTimeZone}).`}
            checked={when === "at"}
          />
          <Check
            type="radio"
            name={fields.when.name}
            value="local"
            label="At a local hour in each recipient's zone"
            detail="Sent in waves as the hour arrives in each zone; a zone where it has already passed gets it at once."
            checked={when === "local"}
          />
        </Fieldset>
        <TextField
          label="Date and time (for “At a date and time”)"
          type="datetime-local"
          name={fields.at.name}
          defaultValue={typed?.at ?? ""}
          hint={`In ${page.viewerTimeZone}.`}
          errors={fields.at.errors}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Day (for “At a local hour”)"
            type="date"
            name={fields.localDate.name}
            defaultValue={typed?.localDate ?? ""}
            errors={fields.localDate.errors}
          />
          <SelectField
            label="Hour in the recipient's zone"
            name={fields.localHour.name}
            defaultValue={typed?.localHour ?? "9"}
            errors={fields.localHour.errors}
          >
            {HOURS.map((hour) => (
              <option key={hour} value={hour}>
                {`${String(hour).padStart(2, "0")}:00`}
              </option>
            ))}
          </SelectField>
        </div>
        <p className="text-sm text-slate-600">
          The recipients are fixed when you send: everyone subscribed to the topic
          {page.newsletter.segmentName ? ` and in “${page.newsletter.segmentName}”` : ""}, minus opt-outs and suppressed addresses. Each is
          checked again just before their email goes.
        </p>
        <Button disabled={busy}>{busy ? "Starting…" : "Send"}</Button>
      </Form>
    </Card>
  );
}

/** The bar and the controls; refreshes itself every 2 s while a send is under way (a meta refresh without JS). */
export function SendProgress({ page, reply }: { page: SendPage; reply: Reply }) {
  const { newsletter, progress } = page;
  const active = newsletter.status === "SENDING" || newsletter.status === "SCHEDULED";
  useLiveRefresh(active, REFRESH_MS);
  const done = progress.sent + progress.skipped + progress.failed + progress.cancelled;
  const summary = `${newsletterStatusLabel(newsletter.status)}: ${progress.sent} of ${progress.total} sent`;
  return (
    <div className="max-w-3xl space-y-6">
      {active ? (
        // Without JavaScript the browser reloads the page; with it, the noscript is inert and the hook above refreshes.
        <noscript>
          <meta httpEquiv="refresh" content="3" />
        </noscript>
      ) : null}
      <ReplyNotice reply={reply} intents={["send", "pause", "resume", "cancel"]} />
      <Card title="Progress">
        <div className="space-y-4">
          <p role="status" aria-live="polite" className="text-base font-medium text-slate-900">
            {summary}
            {newsletter.status === "SENT" && newsletter.completedAt ? ` (${newsletter.completedAt})` : ""}
          </p>
          <progress
            className="h-3 w-full overflow-hidden rounded-full accent-brand-600"
            value={progress.sent}
            max={Math.max(progress.total, 1)}
            aria-label="Sent"
          >
            {progress.sent} of {progress.total}
          </progress>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
            <Figure label="Recipients" value={progress.total} />
            <Figure label="Sent" value={progress.sent} />
            <Figure label="Waiting" value={progress.pending} />
            <Figure label="Skipped" value={progress.skipped} hint="Unsubscribed, opted out or suppressed since the send started" />
            <Figure label="Failed" value={progress.failed} />
          </dl>
          {progress.cancelled > 0 ? (
            <p className="text-sm text-slate-600">{progress.cancelled} were not sent because of the cancel.</p>
          ) : null}
          {newsletter.scheduleKind === "AT" && newsletter.scheduledAt ? (
            <p className="text-sm text-slate-600">Scheduled for {newsletter.scheduledAt}.</p>
          ) : null}
          {newsletter.scheduleKind === "LOCAL_HOUR" ? (
            <p className="text-sm text-slate-600">
              {`At ${String(newsletter.localHour).padStart(2, "0")}:00 on ${newsletter.localDate} in each recipient's zone.`}
              {progress.nextWaveAt ? ` Next wave: ${progress.nextWaveAt}.` : ""}
            </p>
          ) : null}
          {done < progress.total && active ? <p className="text-xs text-slate-500">This page updates itself while sending.</p> : null}
        </div>
      </Card>
      <Controls status={newsletter.status} />
      <p className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        {newsletter.status === "DRAFT" ? null : (
          <Link to={`/console/newsletters/${newsletter.id}/report`} className="font-medium text-brand-700 underline underline-offset-4">
            Report: deliveries, opens and clicks
          </Link>
        )}
        <Link to={`/console/newsletters/${newsletter.id}`} className="font-medium text-brand-700 underline underline-offset-4">
          What it says
        </Link>
        <Link to="/console/newsletters" className="font-medium text-brand-700 underline underline-offset-4">
          All newsletters
        </Link>
      </p>
    </div>
  );
}

function Controls({ status }: { status: string }) {
  const canPause = status === "SCHEDULED" || status === "SENDING";
  const canCancel = canPause || status === "PAUSED";
  if (!canCancel) return null;
  return (
    <div className="flex flex-wrap gap-3">
      {canPause ? (
        <Form method="post">
          <input type="hidden" name="intent" value="pause" />
          <Button variant="secondary">Pause</Button>
        </Form>
      ) : null}
      {status === "PAUSED" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="resume" />
          <Button>Resume</Button>
        </Form>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="cancel" />
        <Button variant="danger">Cancel the send</Button>
      </Form>
    </div>
  );
}
