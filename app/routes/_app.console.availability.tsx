import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { DateOverrides } from "~/components/queue/date-overrides.tsx";
import { TimeOff } from "~/components/queue/time-off.tsx";
import { WeeklyHoursEditor } from "~/components/queue/weekly-hours-editor.tsx";
import { Button } from "~/components/ui/button.tsx";
import { SelectField } from "~/components/ui/field.tsx";
import { Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleAvailabilityAction } from "~/modules/queue/availability-actions.server.ts";
import { getAvailabilityPage } from "~/modules/queue/availability-page.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.owner.self === false ? `${data.owner.name}'s availability` : "My availability"} · Lyceum` },
];

// `?csm=<userId>` opens another CSM's availability; only admins (availability.manage_all) may.
const target = (request: Request) => ({ csmId: new URL(request.url).searchParams.get("csm") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "availability.manage_own");
  return getAvailabilityPage(user, target(request));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "availability.manage_own");
  return handleAvailabilityAction(user, await readFormData(request), target(request));
}

export default function Availability() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { owner } = page;
  return (
    <>
      <PageHeader
        title={owner.self ? "My availability" : `${owner.name}'s availability`}
        description={`When customers can book an hour with ${owner.self ? "you" : owner.name}. Hours, dates and time off are in ${page.zoneLabel}.`}
      />
      <div className="space-y-6">
        {page.owners.length ? (
          <Form method="get" className="flex flex-wrap items-end gap-3" aria-label="Choose whose availability to edit">
            <div className="min-w-64">
              <SelectField label="Whose availability" name="csm" defaultValue={owner.id}>
                {page.owners.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.label}
                  </option>
                ))}
              </SelectField>
            </div>
            <Button variant="secondary">Open</Button>
          </Form>
        ) : null}
        {page.saved ? null : (
          <Notice tone="info">
            {owner.self ? "You have" : `${owner.name} has`} not saved any hours yet: these are suggested defaults. Save them to start taking
            bookings.
          </Notice>
        )}
        <WeeklyHoursEditor reply={reply} settings={page.settings} timeZones={page.timeZones} weeklyHoursTotal={page.weeklyHoursTotal} />
        <div className="grid gap-6 xl:grid-cols-2">
          <DateOverrides reply={reply} overrides={page.overrides} today={page.today} zoneLabel={page.zoneLabel} />
          <TimeOff reply={reply} timeOff={page.timeOff} zoneLabel={page.zoneLabel} viewerZoneLabel={page.viewerZoneLabel} />
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
