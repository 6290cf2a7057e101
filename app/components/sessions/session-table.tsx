import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import type { SessionListRow } from "./types.ts";

const PHASE_TONES = { Draft: "slate", Scheduled: "brand", "Live now": "green", Ended: "slate", Cancelled: "red" } as const;

export function PhaseBadge({ phase }: { phase: SessionListRow["phase"] }) {
  return <Badge tone={PHASE_TONES[phase]}>{phase}</Badge>;
}

export function SessionTable({ caption, sessions }: { caption: string; sessions: SessionListRow[] }) {
  return (
    <Table caption={caption} head={["Session", "Kind", "Starts (your time)", "Seats taken", "Waitlist", "Status"]}>
      {sessions.map((session) => (
        <tr key={session.id}>
          <th scope="row" className="px-4 py-3 text-left align-top font-normal">
            <Link to={`/console/sessions/${session.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
              {session.title}
            </Link>
            {session.hosts ? <span className="block text-xs text-slate-500">with {session.hosts}</span> : null}
          </th>
          <Td>
            {session.kindLabel}
            {session.inSeries ? <span className="block text-xs text-slate-500">Part of a series</span> : null}
          </Td>
          <Td className="whitespace-nowrap">
            {session.when}
            <span className="block text-xs text-slate-500">{session.duration}</span>
          </Td>
          <Td className="whitespace-nowrap tabular-nums">{session.seats}</Td>
          <Td className="tabular-nums">{session.waitlisted}</Td>
          <Td>
            <PhaseBadge phase={session.phase} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}
