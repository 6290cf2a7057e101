import { Badge, EmptyState } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { PersonCell } from "./person-cell.tsx";
import type { HostSheet } from "./types.ts";

/** The preparation sheet: who is coming and what they want solved, in their own words. */
export function RegistrantsTable({ title, registrants }: { title: string; registrants: HostSheet["registrants"] }) {
  if (!registrants.length) return <EmptyState title="Nobody has registered yet" />;
  return (
    <Table caption={`Registrants of ${title}, with their answers`} head={["Registrant", "Status", "Registered", "Answers"]}>
      {registrants.map((registrant) => (
        <tr key={registrant.id}>
          <PersonCell name={registrant.name} email={registrant.email} account={registrant.account} />
          <Td>
            <Badge tone={registrant.status === "OFFERED" ? "amber" : "green"}>{registrant.statusLabel}</Badge>
            {registrant.offerExpires ? <span className="block text-xs text-slate-500">until {registrant.offerExpires}</span> : null}
          </Td>
          <Td className="whitespace-nowrap">{registrant.registered}</Td>
          <Td className="min-w-72">
            {registrant.answers.length ? (
              <dl className="space-y-2">
                {registrant.answers.map((answer) => (
                  <div key={answer.questionId}>
                    <dt className="text-xs font-medium text-slate-500">{answer.label}</dt>
                    <dd className="whitespace-pre-line text-slate-800">
                      {answer.answer || <span className="text-slate-400">No answer</span>}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : (
              <span className="text-slate-500">No questions asked</span>
            )}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
