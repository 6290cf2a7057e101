import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { HealthBadge } from "./health-badge.tsx";
import type { SignalRow } from "~/modules/engagement/signals.server.ts";

export type AtRiskRow = SignalRow & { nextSession: { id: string; title: string; when: string } | null; invitedText: string | null };

function AccountCell({ row, showOwner }: { row: SignalRow; showOwner: boolean }) {
  return (
    <>
      <Link to={`/console/accounts/${row.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
        {row.name}
      </Link>
      <p className="text-xs text-slate-500">
        {row.tierLabel}
        {showOwner ? ` · ${row.owner ?? "No CSM"}` : null}
      </p>
    </>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  return (
    <ul className="list-disc space-y-0.5 pl-4">
      {reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}

function InviteForm({ row }: { row: AtRiskRow }) {
  if (!row.nextSession) {
    return (
      <Button type="button" variant="secondary" className="disabled:opacity-60" disabled>
        No upcoming expert session for {row.tierLabel.toLowerCase()} accounts
      </Button>
    );
  }
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="invite" />
      <input type="hidden" name="accountId" value={row.id} />
      <Button variant="secondary">
        Invite to {row.nextSession.title} ({row.nextSession.when})
      </Button>
      {row.invitedText ? <p className="mt-1 text-xs text-slate-500">{row.invitedText}</p> : null}
    </Form>
  );
}

const HEAD = ["Account", "Health", "Score", "ARR", "Renewal", "Why"];

/** The cells both lists share; the at-risk list adds its invite form after them. */
function SignalCells({ row, showOwner }: { row: SignalRow; showOwner: boolean }) {
  return (
    <>
      <Td>
        <AccountCell row={row} showOwner={showOwner} />
      </Td>
      <Td>
        <HealthBadge health={row.health} />
      </Td>
      <Td>{row.score ?? "—"}</Td>
      <Td className="whitespace-nowrap">{row.arr}</Td>
      <Td className="whitespace-nowrap">{row.renewal ?? "—"}</Td>
      <Td>
        <Reasons reasons={row.reasons} />
      </Td>
    </>
  );
}

export function AtRiskTable({ rows, showOwner, canInvite }: { rows: AtRiskRow[]; showOwner: boolean; canInvite: boolean }) {
  return (
    <Table caption="Accounts at risk" head={canInvite ? [...HEAD, "Invite"] : HEAD}>
      {rows.map((row) => (
        <tr key={row.id}>
          <SignalCells row={row} showOwner={showOwner} />
          {canInvite ? (
            <Td>
              <InviteForm row={row} />
            </Td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

export function ExpandTable({ rows, showOwner }: { rows: SignalRow[]; showOwner: boolean }) {
  return (
    <Table caption="Accounts ready to expand" head={HEAD}>
      {rows.map((row) => (
        <tr key={row.id}>
          <SignalCells row={row} showOwner={showOwner} />
        </tr>
      ))}
    </Table>
  );
}
