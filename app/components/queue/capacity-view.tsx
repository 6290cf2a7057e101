import type { ReactNode } from "react";
import { Badge, Card, Notice } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import { formatHours, formatUtilisation, type Figures } from "~/modules/queue/capacity.ts";
import type { CapacityPage } from "~/modules/queue/capacity.server.ts";

function Stats({ label, items }: { label: string; items: Array<{ term: string; value: ReactNode; note?: ReactNode }> }) {
  return (
    <dl aria-label={label} className="grid gap-4 sm:grid-cols-3">
      {items.map((item) => (
        <div key={item.term} className="rounded-lg bg-slate-50 px-4 py-3">
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{item.term}</dt>
          <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{item.value}</dd>
          {item.note ? <dd className="mt-0.5 text-xs text-slate-600">{item.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

/** The first free hour a new request could book, and who is already waiting for one. */
export function WaitCard({ page }: { page: CapacityPage }) {
  const { wait, queue } = page;
  const queued = queue.waiting + queue.offered;
  return (
    <Card title="The wait for a new request">
      <div className="space-y-3 text-sm text-slate-700">
        <p className="text-base text-slate-900">
          {wait.nextFree ? (
            <>
              Next free hour: <strong>{wait.nextFree.when}</strong> ({wait.nextFree.wait})
            </>
          ) : (
            <>
              <strong>No free hour</strong> in the next {wait.horizonDays} days, as far ahead as any CSM takes bookings: a new request joins
              the queue.
            </>
          )}
        </p>
        <p>
          {queued === 0 ? (
            "Nobody is waiting in the queue."
          ) : (
            <>
              Queue: <strong>{queue.waiting} waiting</strong>
              {queue.oldestWaiting ? ` (the oldest for ${queue.oldestWaiting})` : ""}
              {queue.offered ? `, ${queue.offered} with a freed hour on offer` : ""}. Hours that come free are offered to them first, so a
              new request that finds no free hour waits behind {queued === 1 ? "this one" : `these ${queued}`}.
            </>
          )}
        </p>
      </div>
    </Card>
  );
}

export function PeriodCard({ period, page }: { period: CapacityPage["periods"][number]; page: CapacityPage }) {
  const { entitlement } = period;
  const { highTouch } = page;
  const hours = (value: number) => formatHours(value, page.locale);
  return (
    <Card title={`This period: ${period.name}`} actions={<span className="text-xs text-slate-500">{period.dates}</span>}>
      <div className="space-y-4">
        <Stats
          label={`Hours in ${period.name}`}
          items={[
            { term: "Offered", value: hours(period.offeredHours), note: `${hours(period.freeHours)} still free from now` },
            { term: "Entitled", value: hours(entitlement.grantedHours), note: `${entitlement.accounts} accounts drawing from the pool` },
            {
              term: "Booked",
              value: hours(period.bookedHours),
              note: `${hours(entitlement.usedHours)} drawn from entitlements, ${hours(entitlement.leftHours)} left`,
            },
          ]}
        />
        <Notice tone={period.reading.tone}>{period.reading.sentences.join(" ")}</Notice>
        {highTouch.accounts ? (
          <p className="text-xs text-slate-500">
            {highTouch.accounts} high-touch {highTouch.accounts === 1 ? "account books" : "accounts book"} their own CSM and{" "}
            {highTouch.accounts === 1 ? "is" : "are"} not counted in entitled hours; their bookings with pool CSMs use the same time and
            count as booked ({hours(highTouch.bookedHours)} in the weeks below).
          </p>
        ) : null}
      </div>
    </Card>
  );
}

function Utilisation({ figures, locale }: { figures: Figures; locale: string }) {
  const tone = figures.utilisation === null ? "slate" : figures.utilisation >= 0.9 ? "red" : figures.utilisation >= 0.7 ? "amber" : "green";
  return <Badge tone={tone}>{formatUtilisation(figures.utilisation, locale)}</Badge>;
}

export function WeeksTable({ page }: { page: CapacityPage }) {
  return (
    <Table caption="The pool week by week" head={["Week", "Offered", "Booked", "Free from now", "Utilisation"]}>
      {page.weeks.map((week) => (
        <tr key={week.firstDay}>
          <Td>
            {week.label}
            {week.current ? <span className="ml-2 text-xs text-slate-500">this week</span> : null}
          </Td>
          <Td>{formatHours(week.offeredHours, page.locale)}</Td>
          <Td>{formatHours(week.bookedHours, page.locale)}</Td>
          <Td>{formatHours(week.freeHours, page.locale)}</Td>
          <Td>
            <Utilisation figures={week} locale={page.locale} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}

export function CsmTable({ page }: { page: CapacityPage }) {
  return (
    <Table caption="Each CSM, booked of offered hours per week" head={["CSM", "Next free hour", ...page.weeks.map((week) => week.label)]}>
      {page.csms.map((csm) => (
        <tr key={csm.id}>
          <Td>
            <span className="font-medium text-slate-900">{csm.name}</span>
            <span className="block text-xs text-slate-500">{csm.timeZone.replaceAll("_", " ")}</span>
          </Td>
          <Td>
            {csm.nextFree ? (
              <>
                {csm.nextFree.when}
                <span className="block text-xs text-slate-500">{csm.nextFree.wait}</span>
              </>
            ) : (
              <span className="text-slate-500">None in their horizon</span>
            )}
          </Td>
          {csm.weeks.map((figures, index) => (
            <Td key={page.weeks[index]!.firstDay} className="whitespace-nowrap">
              {formatHours(figures.bookedHours, page.locale)} of {formatHours(figures.offeredHours, page.locale)}
              <span className="mt-1 block">
                <Utilisation figures={figures} locale={page.locale} />
              </span>
            </Td>
          ))}
        </tr>
      ))}
    </Table>
  );
}
