import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { Badge, EmptyState } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { PersonCell } from "./person-cell.tsx";
import type { HostSheet } from "./types.ts";

const TONES = { ATTENDED: "green", NO_SHOW: "red", UNKNOWN: "slate" } as const;

function MarkButton({
  registrationId,
  attendance,
  label,
  name,
}: {
  registrationId: string;
  attendance: string;
  label: string;
  name: string;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="attendance" />
      <input type="hidden" name="registrationId" value={registrationId} />
      <input type="hidden" name="attendance" value={attendance} />
      <Button variant="secondary" aria-label={`${label}: ${name}`}>
        {label}
      </Button>
    </Form>
  );
}

export function AttendanceTable({ title, attendance, canMark }: { title: string; attendance: HostSheet["attendance"]; canMark: boolean }) {
  if (!attendance.length) return <EmptyState title="No confirmed registrants" />;
  return (
    <Table caption={`Attendance at ${title}`} head={["Registrant", "Attendance", "Joined", "Minutes", ...(canMark ? ["Mark"] : [])]}>
      {attendance.map((row) => (
        <tr key={row.id}>
          <PersonCell name={row.name} email={row.email} account={row.account} />
          <Td>
            <Badge tone={TONES[row.attendance]}>{row.attendanceLabel}</Badge>
          </Td>
          <Td className="whitespace-nowrap">{row.joined ?? <span className="text-slate-400">—</span>}</Td>
          <Td className="tabular-nums">{row.minutes ?? <span className="text-slate-400">—</span>}</Td>
          {canMark ? (
            <Td>
              <div className="flex flex-wrap gap-2">
                {row.attendance !== "ATTENDED" ? (
                  <MarkButton registrationId={row.id} attendance="ATTENDED" label="Mark attended" name={row.name} />
                ) : null}
                {row.attendance !== "NO_SHOW" ? (
                  <MarkButton registrationId={row.id} attendance="NO_SHOW" label="Mark no-show" name={row.name} />
                ) : null}
              </div>
            </Td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}
