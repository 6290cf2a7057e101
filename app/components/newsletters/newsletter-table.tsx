import { Link } from "@remix-run/react";
import { Table, Td } from "~/components/ui/table.tsx";
import { NewsletterStatusBadge } from "./status-badge.tsx";

export type NewsletterRow = {
  id: string;
  subject: string;
  topic: string;
  audience: string;
  status: string;
  statusLabel: string;
  sent: number;
  total: number;
  created: string;
  sentOn: string | null;
};

export function NewsletterTable({ rows }: { rows: NewsletterRow[] }) {
  return (
    <Table caption="Newsletters" head={["Subject", "Topic", "Audience", "Status", "Progress", "Created", "Sent"]}>
      {rows.map((row) => (
        <tr key={row.id}>
          <Td>
            <Link to={`/console/newsletters/${row.id}`} className="text-brand-700 font-medium underline-offset-4 hover:underline">
              {row.subject}
            </Link>
          </Td>
          <Td>{row.topic}</Td>
          <Td>{row.audience}</Td>
          <Td>
            <NewsletterStatusBadge status={row.status} />
          </Td>
          <Td className="min-w-36">
            {row.total ? (
              <>
                <progress
                  value={row.sent}
                  max={row.total}
                  aria-label={`${row.sent} of ${row.total} sent`}
                  className="accent-brand-600 h-2 w-full"
                />
                <span className="text-xs text-slate-600">
                  {row.sent.toLocaleString("en-US")} / {row.total.toLocaleString("en-US")}
                </span>
              </>
            ) : (
              <span className="text-xs text-slate-500">Not sent</span>
            )}
          </Td>
          <Td className="whitespace-nowrap">{row.created}</Td>
          <Td className="whitespace-nowrap">{row.sentOn ?? "—"}</Td>
        </tr>
      ))}
    </Table>
  );
}
