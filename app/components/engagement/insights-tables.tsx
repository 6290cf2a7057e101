import type { ReactNode } from "react";
import { Table, Td } from "~/components/ui/table.tsx";
import { formatPercent, type ContentRow, type FunnelRow, type NewsletterRow, type ReachRow } from "~/modules/engagement/insights.ts";

const num = "text-right tabular-nums";

function Share({ part, whole, share }: { part: number; whole: number; share: number | null }) {
  return (
    <>
      {part.toLocaleString("en-US")} / {whole.toLocaleString("en-US")} <span className="text-slate-500">({formatPercent(share)})</span>
    </>
  );
}

export function ReachTable({ rows, days }: { rows: ReachRow[]; days: number }) {
  return (
    <Table caption={`Reach by tier, last ${days} days`} head={["Tier", "Accounts touched", "People touched"]}>
      {rows.map((row) => (
        <tr key={row.label} className={row.label === "All tiers" ? "bg-slate-50 font-medium" : undefined}>
          <Td>{row.label}</Td>
          <Td>
            <Share part={row.accountsTouched} whole={row.accountsTotal} share={row.accountsShare} />
          </Td>
          <Td>
            <Share part={row.peopleTouched} whole={row.peopleTotal} share={row.peopleShare} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}

export function FunnelTable({ rows, days }: { rows: FunnelRow[]; days: number }) {
  return (
    <Table
      caption={`Registrations to attendance, last ${days} days`}
      head={["Sessions", "Registered", "Attended", "No-show", "Attended of registered", "No-show rate"]}
    >
      {rows.map((row) => (
        <tr key={row.sessionKind} className={row.sessionKind === "ALL" ? "bg-slate-50 font-medium" : undefined}>
          <Td>{row.label}</Td>
          <Td className={num}>{row.registered}</Td>
          <Td className={num}>{row.attended}</Td>
          <Td className={num}>{row.noShow}</Td>
          <Td className={num}>{formatPercent(row.attendanceRate)}</Td>
          <Td className={num}>{formatPercent(row.noShowRate)}</Td>
        </tr>
      ))}
    </Table>
  );
}

const dash = (value: ReactNode) => (value === null || value === undefined ? "–" : value);

export function ContentTable({ rows, days }: { rows: ContentRow[]; days: number }) {
  return (
    <Table
      caption={`Content performance, last ${days} days`}
      head={["Item", "Format", "Views", "Unique viewers", "Completion rate", "Opens", "Downloads"]}
    >
      {rows.map((row) => (
        <tr key={row.key}>
          <Td className="font-medium text-slate-900">{row.title}</Td>
          <Td>{row.format}</Td>
          <Td className={num}>{row.views}</Td>
          <Td className={num}>{row.uniqueViewers}</Td>
          <Td className={num}>{row.format === "Video" ? `${formatPercent(row.completionRate)} (${row.completions})` : "–"}</Td>
          <Td className={num}>{dash(row.opens)}</Td>
          <Td className={num}>{dash(row.downloads)}</Td>
        </tr>
      ))}
    </Table>
  );
}

export function NewsletterTable({ rows, days }: { rows: NewsletterRow[]; days: number }) {
  return (
    <Table
      caption={`Newsletter performance, last ${days} days`}
      head={["Newsletter", "Opens", "Unique openers", "Clicks", "Unique clickers", "Click-to-open"]}
    >
      {rows.map((row) => (
        <tr key={row.key}>
          <Td className="font-medium text-slate-900">{row.title}</Td>
          <Td className={num}>{row.opens}</Td>
          <Td className={num}>{row.uniqueOpeners}</Td>
          <Td className={num}>{row.clicks}</Td>
          <Td className={num}>{row.uniqueClickers}</Td>
          <Td className={num}>{formatPercent(row.clickToOpen)}</Td>
        </tr>
      ))}
    </Table>
  );
}

export function CsvLink({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} download className="text-sm font-medium text-brand-700 underline underline-offset-4">
      {label}
    </a>
  );
}

/** A section with a heading, its CSV link and its content. */
export function InsightSection({ id, title, csv, children }: { id: string; title: string; csv?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {csv ? <CsvLink href={csv} label={`Download ${title.toLowerCase()} as CSV`} /> : null}
      </div>
      {children}
    </section>
  );
}
