import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import type { BookingPhase } from "~/modules/queue/brief.ts";
import type { BookingRow } from "~/modules/queue/brief.server.ts";

const PHASE_TONES: Record<BookingPhase, "slate" | "brand" | "green" | "amber" | "red"> = {
  upcoming: "brand",
  "in-progress": "brand",
  "to-close": "amber",
  completed: "green",
  "no-show": "red",
  cancelled: "slate",
};

export function PhaseBadge({ phase, label }: { phase: BookingPhase; label: string }) {
  return <Badge tone={PHASE_TONES[phase]}>{label}</Badge>;
}

/** Booked hours, each row opening its brief; the CSM column only when the viewer sees everyone's. */
export function BookingTable({ caption, rows, showCsm }: { caption: string; rows: BookingRow[]; showCsm: boolean }) {
  return (
    <Table caption={caption} head={["When", "Account", "Booked by", "What for", ...(showCsm ? ["CSM"] : []), "Status"]}>
      {rows.map((row) => (
        <tr key={row.id}>
          <th scope="row" className="px-4 py-3 text-left align-top font-normal">
            <Link to={`/console/bookings/${row.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
              {row.when}
            </Link>
            <span className="block text-xs text-slate-500">{row.relative}</span>
          </th>
          <Td>
            {row.account.name}
            <span className="block text-xs text-slate-500">{row.account.tierLabel}</span>
          </Td>
          <Td>{row.bookedBy}</Td>
          <Td className="max-w-sm">{row.purpose}</Td>
          {showCsm ? <Td>{row.csm.name}</Td> : null}
          <Td>
            <div className="flex flex-wrap gap-1 whitespace-nowrap">
              <PhaseBadge phase={row.phase} label={row.phaseLabel} />
              {row.followUpPending ? <Badge tone="amber">Follow-up not sent</Badge> : null}
            </div>
          </Td>
        </tr>
      ))}
    </Table>
  );
}
