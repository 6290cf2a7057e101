import { Table, Td } from "~/components/ui/table.tsx";
import { Badge } from "~/components/ui/page.tsx";
import type { PresentedLine } from "~/modules/queue/ledger.ts";

const TONES = { GRANT: "brand", TOPUP: "amber", DRAW: "slate", REFUND: "green", FORFEIT: "red" } as const;

/** Ledger lines: when, what and the hours they added or took; staff also see each line's period and who. */
export function LedgerTable({ lines, caption, staff = false }: { lines: PresentedLine[]; caption: string; staff?: boolean }) {
  const head = ["When", "What", "Hours", ...(staff ? ["By"] : [])];
  return (
    <Table caption={caption} head={head}>
      {lines.map((line) => (
        <tr key={line.id}>
          <Td className="w-44">
            {line.when}
            {staff ? <span className="block text-xs text-slate-500">{line.period}</span> : null}
          </Td>
          <Td>
            <span className="mr-2 inline-block">
              <Badge tone={TONES[line.kind]}>{line.kindLabel}</Badge>
            </span>
            {line.description}
          </Td>
          <Td className={`text-right font-medium tabular-nums ${line.hours < 0 ? "text-slate-900" : "text-emerald-700"}`}>
            <span className="sr-only">{line.hours < 0 ? "minus " : line.hours > 0 ? "plus " : ""}</span>
            <span aria-hidden="true">{line.signedHours}</span>
            <span className="sr-only">{Math.abs(line.hours)}</span>
          </Td>
          {staff ? <Td>{line.by ?? "—"}</Td> : null}
        </tr>
      ))}
    </Table>
  );
}
