import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import type { AccountRow } from "~/modules/accounts/present.ts";

const TIER_TONES = { HIGH: "brand", LOW: "green", TECH: "slate" } as const;

export function TierBadge({ tier, label }: { tier: keyof typeof TIER_TONES; label: string }) {
  return <Badge tone={TIER_TONES[tier]}>{label}</Badge>;
}

export function AccountTable({ caption, rows }: { caption: string; rows: AccountRow[] }) {
  const withPeople = rows.some((row) => row.people !== null);
  return (
    <Table caption={caption} head={["Account", "Tier", "Plan", "ARR", "Renewal", "Owner", ...(withPeople ? ["People"] : [])]}>
      {rows.map((row) => (
        <tr key={row.id}>
          <th scope="row" className="px-4 py-3 text-left align-top font-normal">
            <Link to={`/console/accounts/${row.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
              {row.name}
            </Link>
          </th>
          <Td>
            <TierBadge tier={row.tier} label={row.tierLabel} />
          </Td>
          <Td>{row.plan}</Td>
          <Td className="whitespace-nowrap tabular-nums">{row.arr}</Td>
          <Td className="whitespace-nowrap">{row.renewal ?? <span className="text-slate-500">Not set</span>}</Td>
          <Td>{row.owner ?? <span className="text-slate-500">No owner</span>}</Td>
          {withPeople ? <Td className="tabular-nums">{row.people}</Td> : null}
        </tr>
      ))}
    </Table>
  );
}
