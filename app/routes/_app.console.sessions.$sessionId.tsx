import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { AttendanceTable } from "~/components/sessions/attendance-table.tsx";
import { FeedbackSummary, FeedbackTable } from "~/components/sessions/feedback-table.tsx";
import { RegistrantsTable } from "~/components/sessions/registrants-table.tsx";
import { SessionDetails } from "~/components/sessions/session-details.tsx";
import { PhaseBadge } from "~/components/sessions/session-table.tsx";
import { WaitlistTable } from "~/components/sessions/waitlist-table.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { Badge, Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getHostSheet } from "~/modules/sessions/host-sheet.server.ts";
import { handleHostSheetAction } from "~/modules/sessions/host-sheet-actions.server.ts";
import { HOST_SHEET_INTENTS } from "~/modules/sessions/session.schema.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.title ?? "Session"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  return getHostSheet(user, params.sessionId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  return handleHostSheetAction(user, params.sessionId ?? "", await readFormData(request));
}

const linkClass = "text-sm font-medium text-brand-700 underline underline-offset-4";

function ExportLink({ id, kind, label }: { id: string; kind: string; label: string }) {
  return (
    <a href={`/console/sessions/${id}/export/${kind}`} className={linkClass} download>
      {label}
    </a>
  );
}

export default function HostSheet() {
  const sheet = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { session, permissions } = sheet;
  const open = session.status !== "CANCELLED";
  const confirmingCancel = permissions.canManage && open && params.get("confirm") === "cancel";
  return (
    <>
      <PageHeader
        title={session.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="brand">{session.kindLabel}</Badge>
            <PhaseBadge phase={session.phase} />
            <span>{session.when}</span>
          </span>
        }
        actions={
          <>
            <Link to={`/console/sessions/${session.id}/live`} className={buttonClass("secondary")}>
              Live Q&amp;A and polls
            </Link>
            <Link to={`/console/sessions/${session.id}/attendance`} className={buttonClass("secondary")}>
              Import attendance
            </Link>
            {permissions.canManage ? (
              <Link to={`/console/sessions/${session.id}/replay`} className={buttonClass("secondary")}>
                Replay
              </Link>
            ) : null}
            {permissions.canManage && open ? (
              <>
                <Link to={`/console/sessions/${session.id}/edit`} className={buttonClass("secondary")}>
                  Edit
                </Link>
                {session.status === "DRAFT" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="publish" />
                    <Button>Publish</Button>
                  </Form>
                ) : null}
                {session.phase !== "Ended" ? (
                  <Link to="?confirm=cancel" className={buttonClass("danger")}>
                    Cancel session…
                  </Link>
                ) : null}
              </>
            ) : null}
          </>
        }
      />
      <div className="space-y-6">
        <ReplyNotice reply={reply} intents={HOST_SHEET_INTENTS} />
        {confirmingCancel ? (
          <Card title="Cancel this session?">
            <p className="text-sm text-slate-700">
              Everyone registered ({sheet.registrants.length}) and waiting ({sheet.waitlist.length}) is emailed a cancellation with an
              updated calendar entry, and their reminders are dropped. This cannot be undone.
            </p>
            <Form method="post" action={`/console/sessions/${session.id}`} className="mt-4 flex gap-3">
              <input type="hidden" name="intent" value="cancel" />
              <Button variant="danger">Yes, cancel the session</Button>
              <Link to="." className={buttonClass("secondary")}>
                Keep it
              </Link>
            </Form>
          </Card>
        ) : null}
        {session.status === "DRAFT" ? (
          <Notice tone="info">
            This is a draft: customers cannot see it until it is published.
            {permissions.canManage && session.seriesDrafts > 0 ? (
              <Form method="post" className="mt-2">
                <input type="hidden" name="intent" value="publish-series" />
                <Button variant="secondary">Publish all drafts in this series ({session.seriesDrafts + 1})</Button>
              </Form>
            ) : null}
          </Notice>
        ) : null}
        {session.status === "CANCELLED" ? <Notice tone="warning">This session was cancelled on {session.cancelled}.</Notice> : null}
        <Card title="Details">
          <SessionDetails session={session} />
        </Card>
        <Card
          title={`Preparation sheet · ${sheet.registrants.length} registered`}
          actions={<ExportLink id={session.id} kind="registrants" label="Download CSV" />}
        >
          <RegistrantsTable title={session.title} registrants={sheet.registrants} />
          {sheet.cancelledCount ? (
            <p className="mt-2 text-sm text-slate-600">{sheet.cancelledCount} cancelled their registration.</p>
          ) : null}
        </Card>
        <div className="grid gap-6 xl:grid-cols-2">
          <Card title={`Waitlist · ${sheet.waitlist.length}`} actions={<ExportLink id={session.id} kind="waitlist" label="Download CSV" />}>
            <WaitlistTable title={session.title} waitlist={sheet.waitlist} />
          </Card>
          <Card title="Feedback" actions={<ExportLink id={session.id} kind="feedback" label="Download CSV" />}>
            <FeedbackSummary summary={sheet.feedbackSummary} />
            <FeedbackTable title={session.title} feedback={sheet.feedback} />
          </Card>
        </div>
        <Card
          title={`Attendance · ${sheet.accountsPresent.present} of ${sheet.accountsPresent.registered} accounts present`}
          actions={<ExportLink id={session.id} kind="attendance" label="Download CSV" />}
        >
          {!session.started ? <p className="mb-3 text-sm text-slate-600">Attendance can be marked once the session has started.</p> : null}
          <AttendanceTable title={session.title} attendance={sheet.attendance} canMark={permissions.canMark && session.started && open} />
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
