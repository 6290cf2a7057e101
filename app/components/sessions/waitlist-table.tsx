import { EmptyState } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { PersonCell } from "./person-cell.tsx";
import type { HostSheet } from "./types.ts";

/** In the order a freed seat will be offered. */
export function WaitlistTable({ title, waitlist }: { title: string; waitlist: HostSheet["waitlist"] }) {
  if (!waitlist.length) return <EmptyState title="Nobody is waiting for a seat" />;
  return (
    <Table caption={`Waitlist of ${title}, next in line first`} head={["Position", "Waiting", "Since"]}>
      {waitlist.map((row) => (
        <tr key={row.id}>
          <Td className="tabular-nums">{row.position}</Td>
          <PersonCell name={row.name} email={row.email} account={row.account} />
          <Td className="whitespace-nowrap">{row.since}</Td>
        </tr>
      ))}
    </Table>
  );
}
