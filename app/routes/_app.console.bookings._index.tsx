import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { BookingTable } from "~/components/queue/booking-table.tsx";
import { Button } from "~/components/ui/button.tsx";
import { SelectField } from "~/components/ui/field.tsx";
import { EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { listBookedHours } from "~/modules/queue/brief.server.ts";

export const meta: MetaFunction = () => [{ title: "Booked hours · Lyceum" }];

// `?csm=<userId>` (admins only) and `?account=<accountId>` narrow the list; a CSM always sees their own.
const param = (url: URL, name: string) => url.searchParams.get(name)?.trim().slice(0, 40) || null;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "queue.brief");
  const url = new URL(request.url);
  return listBookedHours(user, { csmId: param(url, "csm"), accountId: param(url, "account") });
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${title}-heading`.replace(/\W+/g, "-")} className="space-y-3">
      <div>
        <h2 id={`${title}-heading`.replace(/\W+/g, "-")} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {hint ? <p className="text-sm text-slate-600">{hint}</p> : null}
      </div>
      {children}
    </section>
  );
}

export default function BookedHours() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Booked hours"
        description={`${page.everyone ? "Hours customers booked with the CSM team" : "Hours customers booked with you"}. Open one for its brief: the account, what they wrote, and what they did lately. Times are in ${page.zoneLabel}.`}
      />
      <div className="space-y-8">
        {page.everyone ? (
          <Form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter booked hours">
            {page.filters.accountId ? <input type="hidden" name="account" value={page.filters.accountId} /> : null}
            <div className="min-w-64">
              <SelectField label="CSM" name="csm" defaultValue={page.filters.csmId ?? ""}>
                <option value="">Every CSM</option>
                {page.csmOptions.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.label}
                  </option>
                ))}
              </SelectField>
            </div>
            <Button variant="secondary">Show</Button>
          </Form>
        ) : null}
        {page.account ? (
          <Notice>
            Showing hours booked by {page.account.name}.{" "}
            <Link to="/console/bookings" className="font-medium underline underline-offset-4">
              Show every account
            </Link>
          </Notice>
        ) : null}

        <Section title="Upcoming">
          {page.upcoming.length ? (
            <BookingTable caption="Upcoming booked hours, soonest first" rows={page.upcoming} showCsm={page.everyone} />
          ) : (
            <EmptyState title={`No upcoming hours${page.everyone ? "" : " booked with you"}`}>
              New bookings appear here as customers make them.
            </EmptyState>
          )}
        </Section>

        <Section title="To close" hint="These hours are over and still need an outcome: mark each completed or a no-show.">
          {page.toClose.length ? (
            <BookingTable caption="Past hours waiting for an outcome, newest first" rows={page.toClose} showCsm={page.everyone} />
          ) : (
            <EmptyState title="Nothing to close">Every past hour has an outcome.</EmptyState>
          )}
        </Section>

        <Section title="Recently closed" hint={`Outcomes of the last ${page.recentDays} days, with any follow-up still to send.`}>
          {page.recent.length ? (
            <BookingTable caption="Recently closed hours, newest first" rows={page.recent} showCsm={page.everyone} />
          ) : (
            <EmptyState title={`No hours closed in the last ${page.recentDays} days`} />
          )}
        </Section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
