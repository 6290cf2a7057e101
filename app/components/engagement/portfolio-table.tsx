import { Link } from "@remix-run/react";
import { Table, Td } from "~/components/ui/table.tsx";
import type { Health } from "~/generated/prisma/enums.ts";
import { HealthBadge } from "./health-badge.tsx";

export function Sparkline({ points, summary }: { points: string; summary: string }) {
  return (
    <svg role="img" aria-label={summary} width="120" height="32" viewBox="-2 -2 124 36" className="text-brand-600" data-sparkline>
      <title>{summary}</title>
      <line x1="0" y1="32" x2="120" y2="32" className="stroke-slate-200" strokeWidth="1" />
      {points ? (
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
      ) : null}
    </svg>
  );
}

export type PortfolioRow = {
  id: string;
  name: string;
  tier: string;
  health: Health | null;
  score: number | null;
  sparkline: string;
  sparklineSummary: string;
  arr: string;
  renewal: string | null;
  renewalIn: string | null;
  renewalSoon: boolean;
  lastTouch: { label: string; date: string; ago: string } | null;
};

export function PortfolioTable({ rows, caption }: { rows: PortfolioRow[]; caption: string }) {
  return (
    <Table caption={caption} head={["Account", "Health", "Score", "Last 90 days", "ARR", "Renewal", "Last touch"]}>
      {rows.map((row) => (
        <tr key={row.id}>
          <Td>
            <Link to={`/console/accounts/${row.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
              {row.name}
            </Link>
            <span className="block text-xs text-slate-500">{row.tier}</span>
          </Td>
          <Td>
            <HealthBadge health={row.health} />
          </Td>
          <Td className="text-right tabular-nums">{row.score ?? "–"}</Td>
          <Td>
            <Sparkline points={row.sparkline} summary={row.sparklineSummary} />
          </Td>
          <Td className="text-right tabular-nums">{row.arr}</Td>
          <Td>
            {row.renewal ? (
              <>
                {row.renewal}
                <span className={`block text-xs ${row.renewalSoon ? "font-medium text-amber-800" : "text-slate-500"}`}>
                  {row.renewalIn}
                </span>
              </>
            ) : (
              <span className="text-slate-500">No date</span>
            )}
          </Td>
          <Td>
            {row.lastTouch ? (
              <>
                {row.lastTouch.label}
                <span className="block text-xs text-slate-500">
                  {row.lastTouch.date} ({row.lastTouch.ago})
                </span>
              </>
            ) : (
              <span className="text-slate-500">Never</span>
            )}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
