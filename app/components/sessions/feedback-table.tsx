import { EmptyState } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { PersonCell } from "./person-cell.tsx";
import type { HostSheet } from "./types.ts";

export function FeedbackSummary({ summary }: { summary: HostSheet["feedbackSummary"] }) {
  const parts = [
    summary.csatCount ? `CSAT ${summary.csatAverage} / 5 from ${summary.csatCount}` : null,
    summary.npsCount ? `NPS ${summary.nps} from ${summary.npsCount}` : null,
  ].filter(Boolean);
  return parts.length ? <p className="mb-3 text-sm text-slate-700">{parts.join(" · ")}</p> : null;
}

export function FeedbackTable({ title, feedback }: { title: string; feedback: HostSheet["feedback"] }) {
  if (!feedback.length) return <EmptyState title="No feedback yet">Attendees are asked for it after the session.</EmptyState>;
  return (
    <Table caption={`Feedback on ${title}, newest first`} head={["From", "Score", "Comment", "Given"]}>
      {feedback.map((row) => (
        <tr key={row.id}>
          <PersonCell name={row.name} email={row.email} account={row.account} />
          <Td className="whitespace-nowrap tabular-nums">
            {row.score} <span className="text-xs text-slate-500">{row.kind === "CSAT" ? "of 5 (CSAT)" : "of 10 (NPS)"}</span>
          </Td>
          <Td className="whitespace-pre-line">{row.comment || <span className="text-slate-400">No comment</span>}</Td>
          <Td className="whitespace-nowrap">{row.given}</Td>
        </tr>
      ))}
    </Table>
  );
}
