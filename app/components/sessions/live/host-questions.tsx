import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { Badge, EmptyState } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";

export type HostQuestion = { id: string; body: string; answered: boolean; votes: number; askedBy: string; asked: string };

export function HostQuestions({ questions, canRun }: { questions: HostQuestion[]; canRun: boolean }) {
  if (questions.length === 0) {
    return <EmptyState title="No questions yet">Registrants can ask from the moment they register until the session ends.</EmptyState>;
  }
  return (
    <Table caption="Questions, most upvoted first" head={["Votes", "Question", "Asked by", "Status", ...(canRun ? ["Action"] : [])]}>
      {questions.map((question) => (
        <tr key={question.id} className={question.answered ? "bg-slate-50/60" : undefined}>
          <Td className="font-semibold text-slate-900 tabular-nums">{question.votes}</Td>
          <Td className="max-w-xl">
            <p className="break-words whitespace-pre-line text-slate-900">{question.body}</p>
          </Td>
          <Td>
            <p>{question.askedBy}</p>
            <p className="text-xs text-slate-500">{question.asked}</p>
          </Td>
          <Td>{question.answered ? <Badge tone="green">Answered</Badge> : <Badge tone="amber">Open</Badge>}</Td>
          {canRun ? (
            <Td>
              <Form method="post">
                <input type="hidden" name="intent" value={question.answered ? "reopen" : "answer"} />
                <input type="hidden" name="questionId" value={question.id} />
                <Button variant={question.answered ? "ghost" : "secondary"}>{question.answered ? "Reopen" : "Mark answered"}</Button>
              </Form>
            </Td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}
