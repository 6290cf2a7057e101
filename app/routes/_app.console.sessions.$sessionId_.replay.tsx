import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, SelectField, TextField } from "~/components/ui/field.tsx";
import { Card, Notice, PageHeader } from "~/components/ui/page.tsx";
import { DomainError } from "~/modules/auth/errors.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listReplayVideos } from "~/modules/library/replay-videos.server.ts";
import { getSessionReplay, setReplay } from "~/modules/sessions/replay.server.ts";
import { replayHref } from "~/modules/sessions/replay.ts";
import { isHttpsUrl } from "~/modules/sessions/session.schema.ts";
import { formatDateTime } from "~/utils/format.ts";
import { doneForm, invalidForm, parseForm, readFormData, refusedForm } from "~/utils/forms.server.ts";
import { doneMessage, useSchemaForm } from "~/utils/forms.ts";

const REPLAY_ERROR = "Enter the recording's https:// address, or leave it empty to remove the replay.";

const ReplayFormSchema = z.object({
  // conform turns empty fields into undefined: both empty removes the replay.
  replayContentId: z.string().trim().max(100).optional(),
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
    const [session, videos] = await Promise.all([getSessionReplay(user, params.sessionId ?? ""), listReplayVideos()]);
    return {
      videos,
      session: {
        id: session.id,
        title: session.title,
        replayUrl: session.replayUrl,
        replayContentId: session.replayContentId,
        replayVideo: session.replayContent
          ? { title: session.replayContent.title, published: session.replayContent.status === "PUBLISHED" }
          : null,
        replayHref: replayHref(session),
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
    const { replayUrl, replayContentId } = await setReplay(user, params.sessionId ?? "", {
      url: submission.value.replayUrl ?? null,
      contentId: submission.value.replayContentId ?? null,
    });
    return doneForm(
      INTENT,
      submission,
      replayUrl || replayContentId ? "Replay saved. Follow-up emails now link to it." : "Replay removed.",
    );
  } catch (error) {
    return refusedForm(INTENT, submission, error);
  }
}

export default function SessionReplay() {
  const { session, videos } = useLoaderData<typeof loader>();
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
              {session.replayVideo ? (
                <>
                  Current replay: the library video “{session.replayVideo.title}”
                  {session.replayVideo.published ? null : " — a draft: customers see it once it is published"}.
                </>
              ) : session.replayHref ? (
                <>
                  Current replay:{" "}
                  <a href={session.replayHref} className="break-all text-brand-700 underline underline-offset-4" rel="noreferrer noopener">
                    {session.replayHref}
                  </a>
                </>
              ) : (
                "No replay linked yet."
              )}
            </p>
            <SelectField
              label="Library video"
              name={fields.replayContentId.name}
              id="replay-content"
              defaultValue={session.replayContentId ?? ""}
              errors={fields.replayContentId.errors}
              hint="Upload the recording to the library, then choose it here: customers watch it signed in, and their viewing counts."
            >
              <option value="">No library video</option>
              {videos.map((video) => (
                <option key={video.id} value={video.id}>
                  {video.label}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Or an address elsewhere"
              name={fields.replayUrl.name}
              id="replay-url"
              type="url"
              inputMode="url"
              placeholder="https://"
              defaultValue={session.replayUrl ?? ""}
              errors={fields.replayUrl.errors}
              hint="An https:// link to the recording. Leave both empty and save to remove the replay."
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
