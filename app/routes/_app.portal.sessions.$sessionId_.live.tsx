import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { AskQuestionForm, AttendeeQuestions } from "~/components/sessions/live/attendee-questions.tsx";
import { LiveRefresh } from "~/components/sessions/live/live-refresh.tsx";
import { PollResults } from "~/components/sessions/live/poll-results.tsx";
import { PollVoteForm } from "~/components/sessions/live/poll-vote-form.tsx";
import { Badge, Card, EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getLiveAttendeePage, handleLiveAttendeeAction } from "~/modules/sessions/live.server.ts";
import { readFormData } from "~/utils/forms.server.ts";
import { doneMessage } from "~/utils/forms.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Q&A · ${data?.session.title ?? "Session"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.register");
  return getLiveAttendeePage(user, params.sessionId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.register");
  return handleLiveAttendeeAction(user, params.sessionId ?? "", await readFormData(request));
}

export default function LiveAttendeePage() {
  const { session, questionsClosedReason, questions, openPoll, closedPolls } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const live = session.phase !== "ended" && session.phase !== "cancelled";
  const asked = doneMessage(reply, "ask");
  const voted = doneMessage(reply, "vote");
  const voteErrors =
    reply?.intent === "vote" && !voted ? Object.values(reply.result.error ?? {}).flatMap((messages) => messages ?? []) : null;
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to={`/portal/sessions/${session.id}`} className="font-medium text-brand-700 underline underline-offset-4">
          ← Back to the session
        </Link>
      </p>
      <PageHeader
        title={`Q&A and polls: ${session.title}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={session.phase === "live" ? "green" : "slate"}>{session.phaseLabel}</Badge>
            <span>{session.when}</span>
          </span>
        }
        actions={<LiveRefresh enabled={live} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <ReplyNotice reply={reply} intents={["upvote"]} />
          <Card title={`Questions · ${questions.length}`}>
            <div className="space-y-6">
              {questionsClosedReason ? <Notice>{questionsClosedReason}</Notice> : <AskQuestionForm reply={reply} />}
              {asked ? <Notice tone="success">{asked}</Notice> : null}
              <AttendeeQuestions questions={questions} canVote={!questionsClosedReason} />
            </div>
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Poll">
            {openPoll ? (
              openPoll.myOptionId ? (
                <div className="space-y-3">
                  <p className="font-medium text-slate-900">{openPoll.question}</p>
                  {voted ? <Notice tone="success">{voted}</Notice> : null}
                  <PollResults poll={openPoll} />
                </div>
              ) : (
                <PollVoteForm poll={openPoll} errors={voteErrors} />
              )
            ) : (
              <>
                {voteErrors?.length ? <Notice tone="warning">{voteErrors[0]}</Notice> : null}
                <EmptyState title="No poll is open">When a host opens a poll, it appears here.</EmptyState>
              </>
            )}
          </Card>
          {closedPolls.length ? (
            <Card title="Earlier polls">
              <div className="space-y-6">
                {closedPolls.map((poll) => (
                  <div key={poll.id} className="space-y-3">
                    <p className="font-medium text-slate-900">{poll.question}</p>
                    <PollResults poll={poll} />
                  </div>
                ))}
              </div>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
