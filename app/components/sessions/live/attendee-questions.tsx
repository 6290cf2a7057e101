import { getFormProps, getTextareaProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { FormErrors, TextAreaField } from "~/components/ui/field.tsx";
import { Badge, EmptyState } from "~/components/ui/page.tsx";
import { AskQuestionSchema, QUESTION_MAX } from "~/modules/sessions/live.schema.ts";
import type { Reply } from "~/components/accounts/reply-notice.tsx";
import { useSchemaForm } from "~/utils/forms.ts";

export type AttendeeQuestion = {
  id: string;
  body: string;
  mine: boolean;
  answered: boolean;
  votes: number;
  votedByMe: boolean;
  asked: string;
};

export function AskQuestionForm({ reply }: { reply: Reply }) {
  const [form, fields] = useSchemaForm("ask", AskQuestionSchema, reply);
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <input type="hidden" name="intent" value="ask" />
      <FormErrors errors={form.errors} />
      <TextAreaField
        label="Ask a question"
        hint={`Other attendees see your question without your name. Up to ${QUESTION_MAX} characters.`}
        rows={3}
        errors={fields.body.errors}
        {...getTextareaProps(fields.body)}
        key={fields.body.key}
      />
      <Button disabled={busy}>Ask</Button>
    </Form>
  );
}

function votesLabel(votes: number) {
  return `${votes} ${votes === 1 ? "vote" : "votes"}`;
}

export function AttendeeQuestions({ questions, canVote }: { questions: AttendeeQuestion[]; canVote: boolean }) {
  if (questions.length === 0) {
    return <EmptyState title="No questions yet">Be the first to ask: the hosts answer the most upvoted questions first.</EmptyState>;
  }
  return (
    <ol className="divide-y divide-slate-100" aria-label="Questions, most upvoted first">
      {questions.map((question) => (
        <li key={question.id} className="flex items-start gap-4 py-3">
          <div className="w-16 shrink-0 text-center">
            <p className="text-lg font-semibold text-slate-900 tabular-nums">{question.votes}</p>
            <p className="text-xs text-slate-500">{question.votes === 1 ? "vote" : "votes"}</p>
          </div>
          <div className="min-w-0 flex-1">
            <p className="break-words whitespace-pre-line text-slate-900">{question.body}</p>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <span>{question.asked}</span>
              {question.mine ? <Badge tone="brand">Your question</Badge> : null}
              {question.answered ? <Badge tone="green">Answered</Badge> : null}
            </p>
          </div>
          {question.votedByMe ? (
            <span className="shrink-0 text-sm text-slate-600">Upvoted</span>
          ) : canVote && !question.answered ? (
            <Form method="post" className="shrink-0">
              <input type="hidden" name="intent" value="upvote" />
              <input type="hidden" name="questionId" value={question.id} />
              <Button variant="secondary" aria-label={`Upvote: ${question.body.slice(0, 80)} (${votesLabel(question.votes)})`}>
                ▲ Upvote
              </Button>
            </Form>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
