import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Card, EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { getAttendanceTarget, importAttendance, type AttendanceImportResult } from "~/modules/sessions/attendance-import.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { invalidForm, parseForm, readFormData, refusedForm, type FormReply } from "~/utils/forms.server.ts";
import { useSchemaForm } from "~/utils/forms.ts";

// Kept here rather than in attendance-import.ts so the browser bundle of the form skips the CSV parser.
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const TOO_LARGE = "The file is larger than 2 MB. Export only this meeting's participant report.";

const AttendanceUploadSchema = z.object({
  // conform turns an empty file input (and a 0-byte file) into undefined.
  file: z
    .instanceof(File, { error: "Choose the participant report (a CSV file that is not empty)" })
    .refine((file) => file.size <= MAX_FILE_BYTES, { error: TOO_LARGE })
    .refine((file) => /\.csv$/i.test(file.name), { error: "Choose a .csv file exported from Zoom, Google Meet or Teams" }),
  markRestNoShow: z.boolean().optional(),
});

const INTENT = "attendance";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Import attendance: ${data?.session.title ?? "session"} · Lyceum` },
];

async function targetOrThrow(user: Actor, sessionId: string) {
  try {
    return await getAttendanceTarget(user, sessionId);
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  const session = await targetOrThrow(user, params.sessionId ?? "");
  return {
    session: {
      id: session.id,
      title: session.title,
      cancelled: session.status === "CANCELLED",
      started: session.startsAt <= new Date(),
      starts: formatDateTime(session.startsAt, user.timeZone, user.locale),
    },
  };
}

// Room for the multipart envelope around a file right at the limit.
const MAX_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;

type AttendanceReply = FormReply<typeof INTENT> & { summary?: AttendanceImportResult };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  const sessionId = params.sessionId ?? "";
  // Rights first, and size before reading: a refused or oversized upload is never buffered.
  await targetOrThrow(user, sessionId);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return data({ intent: INTENT, result: { status: "error", error: { file: [TOO_LARGE] } } } satisfies AttendanceReply, { status: 400 });
  }
  const submission = parseForm(await readFormData(request), AttendanceUploadSchema);
  if (submission.status !== "success") return invalidForm(INTENT, submission);
  try {
    const csv = await submission.value.file.text();
    const summary = await importAttendance(user, sessionId, { csv, markRestNoShow: submission.value.markRestNoShow ?? false });
    return {
      intent: INTENT,
      result: submission.reply({ resetForm: true }),
      done: `Attendance imported: ${summary.matched.length} registrant${summary.matched.length === 1 ? "" : "s"} marked as attended.`,
      summary,
    } satisfies AttendanceReply;
  } catch (error) {
    return refusedForm(INTENT, submission, error);
  }
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;

function Summary({ summary }: { summary: AttendanceImportResult }) {
  return (
    <div className="space-y-6">
      <dl className="grid gap-4 sm:grid-cols-4">
        {[
          ["Marked as attended", summary.matched.length],
          ["Not registered", summary.notRegistered.length],
          ["Marked as no-show", summary.markedNoShow],
          ["Rows skipped (no email)", summary.skippedRows],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-xs font-medium text-slate-500">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold text-slate-900">{Number(value).toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      {summary.matched.length ? (
        <Table caption="Registrants marked as attended" head={["Name", "Email", "Minutes attended"]}>
          {summary.matched.map((row) => (
            <tr key={row.registrationId}>
              <Td className="font-medium text-slate-900">{row.name}</Td>
              <Td>{row.email}</Td>
              <Td>{row.minutes}</Td>
            </tr>
          ))}
        </Table>
      ) : (
        <EmptyState title="Nobody in the report is registered">
          No email address in the file matched a confirmed registration. Check that this is the report of this session.
        </EmptyState>
      )}
      {summary.notRegistered.length ? (
        <Table caption="In the report but not registered (not added)" head={["Email", "Minutes in the meeting"]}>
          {summary.notRegistered.map((row) => (
            <tr key={row.email}>
              <Td>{row.email}</Td>
              <Td>{row.minutes}</Td>
            </tr>
          ))}
        </Table>
      ) : null}
      <p className="text-sm text-slate-600">
        The file had {plural(summary.totalRows, "row", "rows")}; people who rejoined appear on several rows and are counted once, with their
        minutes added up.
        {summary.skippedRows
          ? ` ${plural(summary.skippedRows, "row had", "rows had")} no email address (guests or dial-ins) and ${summary.skippedRows === 1 ? "was" : "were"} skipped.`
          : ""}
      </p>
    </div>
  );
}

export default function ImportAttendance() {
  const { session } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(INTENT, AttendanceUploadSchema, reply);
  const success = reply && "summary" in reply ? reply : undefined;
  return (
    <>
      <PageHeader
        title={`Import attendance: ${session.title}`}
        description={`Started ${session.starts}. Upload the participant report from Zoom, Google Meet or Teams to mark who came and for how long.`}
        actions={
          <Link to={`/console/sessions/${session.id}`} className="text-sm font-medium text-brand-700 underline underline-offset-4">
            Back to the session
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card title="Upload the participant report">
          {session.cancelled ? (
            <Notice tone="warning">This session was cancelled, so there is no attendance to import.</Notice>
          ) : !session.started ? (
            <Notice tone="warning">This session has not started yet. Come back once it has taken place.</Notice>
          ) : (
            <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-5">
              <FormErrors errors={form.errors} />
              <TextField
                label="Participant report (CSV)"
                name={fields.file.name}
                id="attendance-file"
                type="file"
                accept=".csv,text/csv"
                required
                errors={fields.file.errors}
                hint="Up to 2 MB. Needs an email column; join and leave times and durations are read when present. Times without a zone are read in the session's time zone."
              />
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input type="checkbox" name={fields.markRestNoShow.name} value="on" className="mt-0.5 size-4 rounded border-slate-300" />
                <span>
                  Mark the rest as no-show
                  <span className="block text-xs text-slate-500">
                    Confirmed registrants missing from the report become no-shows. Anyone already marked as attended keeps that mark.
                  </span>
                </span>
              </label>
              <Button disabled={busy}>{busy ? "Reading the report…" : "Import attendance"}</Button>
            </Form>
          )}
        </Card>
        <Card title="Result">
          {success ? (
            <div className="space-y-4">
              <Notice tone="success">{success.done}</Notice>
              <Summary summary={success.summary} />
            </div>
          ) : (
            <EmptyState title="No report imported yet">
              The result appears here: who was marked as attended, who joined without registering, and rows that were skipped. Importing the
              same report again changes nothing.
            </EmptyState>
          )}
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
