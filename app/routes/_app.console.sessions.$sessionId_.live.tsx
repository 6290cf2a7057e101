import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { CreatePollForm } from "~/components/sessions/live/create-poll-form.tsx";
import { HostQuestions } from "~/components/sessions/live/host-questions.tsx";
import { LiveRefresh } from "~/components/sessions/live/live-refresh.tsx";
import { PollResults } from "~/components/sessions/live/poll-results.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Badge, Card, EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { HOST_INTENTS } from "~/modules/sessions/live.schema.ts";
import { getLiveHostPage, handleLiveHostAction } from "~/modules/sessions/live.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Live Q&A · ${data?.session.title ?? "Session"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  return getLiveHostPage(user, params.sessionId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sessions.view");
  return handleLiveHostAction(user, params.sessionId ?? "", await readFormData(request));
}

const STATUS_TONES = { DRAFT: "slate", OPEN: "green", CLOSED: "amber" } as const;
const STATUS_LABELS = { DRAFT: "Draft", OPEN: "Open", CLOSED: "Closed" } as const;

export default function LiveHostPage() {
  const { session, canRun, questions, polls } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const open = questions.filter((question) => !question.answered).length;
  return (
    <>
      <p className="mb-4 text-sm">
        <Link to={`/console/sessions/${session.id}`} className="font-medium text-brand-700 underline underline-offset-4">
          ← Back to the session
        </Link>
      </p>
      <PageHeader
        title={`Live Q&A and polls: ${session.title}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={session.phase === "live" ? "green" : "slate"}>{session.phaseLabel}</Badge>
            <span>{session.when}</span>
          </span>
        }
        actions={<LiveRefresh enabled={!session.cancelled} />}
      />
      <div className="space-y-6">
        <ReplyNotice reply={reply} intents={HOST_INTENTS} />
        {!canRun ? (
          <Notice>You can follow along here. Only the session&apos;s hosts and publishers can mark questions or run polls.</Notice>
        ) : null}
        <Card title={`Questions · ${open} open of ${questions.length}`}>
          <HostQuestions questions={questions} canRun={canRun && !session.cancelled} />
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Polls">
            {polls.length === 0 ? (
              <EmptyState title="No polls yet">Create one, then open it when you want attendees to vote.</EmptyState>
            ) : (
              <ul className="space-y-6">
                {polls.map((poll) => (
                  <li key={poll.id} className="space-y-3">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <p className="font-medium text-slate-900">{poll.question}</p>
                      <Badge tone={STATUS_TONES[poll.status]}>{STATUS_LABELS[poll.status]}</Badge>
                    </div>
                    <PollResults poll={poll} />
                    {canRun && !session.cancelled ? (
                      <Form method="post">
                        <input type="hidden" name="pollId" value={poll.id} />
                        {poll.status === "OPEN" ? (
                          <Button variant="secondary" name="intent" value="close-poll">
                            Close poll
                          </Button>
                        ) : (
                          <Button name="intent" value="open-poll">
                            {poll.status === "DRAFT" ? "Open poll" : "Reopen poll"}
                          </Button>
                        )}
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {canRun && !session.cancelled ? (
            <Card title="Create a poll">
              <CreatePollForm reply={reply} />
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
