import { Link } from "@remix-run/react";
import { Table, Td } from "~/components/ui/table.tsx";
import { PathStatusBadge } from "./path-status.tsx";

export type PathTableRow = {
  id: string;
  title: string;
  slug: string;
  status: "DRAFT" | "PUBLISHED";
  audience: string;
  fromFile: string | null;
  steps: number;
  completions: number;
};

export function PathTable({ rows }: { rows: PathTableRow[] }) {
  return (
    <Table caption="Learning paths" head={["Path", "Audience", "Steps", "Completions", "Status"]}>
      {rows.map((row) => (
        <tr key={row.id}>
          <th scope="row" className="px-4 py-3 text-left align-top font-normal">
            <Link to={`/console/paths/${row.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
              {row.title}
            </Link>
            <span className="block text-xs text-slate-500">
              /portal/paths/{row.slug}
              {row.fromFile ? ` · from ${row.fromFile}` : ""}
            </span>
          </th>
          <Td>{row.audience}</Td>
          <Td className="tabular-nums">{row.steps}</Td>
          <Td className="tabular-nums">{row.completions}</Td>
          <Td>
            <PathStatusBadge status={row.status} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}
