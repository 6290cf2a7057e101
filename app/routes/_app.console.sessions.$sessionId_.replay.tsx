import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getSessionReplay, setReplayUrl } from "~/modules/sessions/replay.server.ts";
import { isHttpsUrl } from "~/modules/sessions/session.schema.ts";
import { formatDateTime } from "~/utils/format.ts";
import { doneForm, invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

const REPLAY_ERROR = "Enter the recording's https:// address, or leave it empty to remove the replay.";

const ReplayFormSchema = z.object({
  // conform turns an empty field into undefined: that removes the replay.
  replayUrl: z
    .string()
    .trim()
    .max(2_000, { error: "Use an address of at most 2,000 characters." })
    .refine(isHttpsUrl, { error: REPLAY_ERROR })
    .optional(),
});

const INTENT = "replay";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Replay: ${data?.session.title ?? "session"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.manage");
  try {
    const session = await getSessionReplay(user, params.sessionId ?? "");
    return {
      session: {
        id: session.id,
        title: session.title,
        replayUrl: session.replayUrl,
        cancelled: session.status === "CANCELLED",
        started: session.startsAt <= new Date(),
        starts: formatDateTime(session.startsAt, user.timeZone, user.locale),
      },
    };
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.manage");
  const submission = parseForm(await readFormData(request), ReplayFormSchema);
  if (submission.status !== "success") return invalidForm(INTENT, submission);
  try {
    const { replayUrl } = await setReplayUrl(user, params.sessionId ?? "", submission.value.replayUrl ?? null);
    return doneForm(INTENT, submission, replayUrl ? "Replay saved. Follow-up emails now link to it." : "Replay removed.");
  } catch (error) {
    return refusedForm(INTENT, submission, error);
  }
}

export default function SessionReplay() {
  const { session } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(INTENT, ReplayFormSchema, reply);
  const done = doneMessage(reply, INTENT);
  return (
    <>
      <PageHeader
        title={`Replay: ${session.title}`}
        description={`Started ${session.starts}. Link the session to its recording once it is available; the follow-up emails include the link.`}
        actions={
          <Link to={`/console/sessions/${session.id}`} className="text-sm font-medium text-brand-700 underline underline-offset-4">
            Back to the session
          </Link>
        }
      />
      <Card title="Recording" className="max-w-2xl">
        {session.cancelled ? (
          <Notice tone="warning">This session was cancelled, so it has no recording to link.</Notice>
        ) : !session.started ? (
          <Notice tone="warning">This session has not started yet. Add the replay once the recording exists.</Notice>
        ) : (
          <Form method="post" {...getFormProps(form)} className="space-y-5">
            {done ? <Notice tone="success">{done}</Notice> : null}
            <FormErrors errors={form.errors} />
            <p className="text-sm text-slate-600">
              {session.replayUrl ? (
                <>
                  Current replay:{" "}
                  <a href={session.replayUrl} className="break-all text-brand-700 underline underline-offset-4" rel="noreferrer noopener">
                    {session.replayUrl}
                  </a>
                </>
              ) : (
                "No replay linked yet."
              )}
            </p>
            <TextField
              label="Replay address"
              name={fields.replayUrl.name}
              id="replay-url"
              type="url"
              inputMode="url"
              placeholder="https://"
              defaultValue={session.replayUrl ?? ""}
              errors={fields.replayUrl.errors}
              hint="An https:// link to the recording. Leave empty and save to remove the replay."
            />
            <Button disabled={busy}>{busy ? "Saving…" : "Save replay"}</Button>
          </Form>
        )}
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
