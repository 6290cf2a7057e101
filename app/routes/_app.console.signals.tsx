import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { AtRiskTable, ExpandTable } from "~/components/engagement/signal-tables.tsx";
import { Button, buttonClass } from "~/components/ui/button.tsx";
import { FormErrors, SelectField } from "~/components/ui/field.tsx";
import { EmptyState, Notice, PageHeader } from "~/components/ui/page.tsx";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { handleSignalsAction } from "~/modules/engagement/signals-actions.server.ts";
import { getSignalsPage } from "~/modules/engagement/signals.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Signals · Lyceum" }];

// `?csm=<userId>` narrows the lists for those who see every account; a CSM always sees their own.
const csmParam = (request: Request) => new URL(request.url).searchParams.get("csm")?.trim().slice(0, 40) || null;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "signals.view");
  return getSignalsPage(user, { csmId: csmParam(request) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "signals.view");
  return handleSignalsAction(user, await readFormData(request));
}

function Section({ id, title, hint, csv, children }: { id: string; title: string; hint: string; csv: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={id} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{hint}</p>
        </div>
        <a href={csv} download className={buttonClass("secondary")}>
          Download CSV
        </a>
      </div>
      {children}
    </section>
  );
}

export default function Signals() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const done = reply && "done" in reply ? reply.done : null;
  const refused = reply && !done ? [...(reply.result.error?.[""] ?? []), ...(reply.result.error?.accountId ?? [])] : null;
  const query = page.filters.csmId ? `?csm=${encodeURIComponent(page.filters.csmId)}` : "";
  return (
    <>
      <PageHeader
        title="Signals"
        description={
          page.everyone
            ? "Accounts slipping before renewal, and accounts ready to grow."
            : "Your accounts slipping before renewal, and those ready to grow."
        }
        actions={
          page.canSendDigests ? (
            <Form method="post">
              <input type="hidden" name="intent" value="send-digests" />
              <Button variant="secondary">Send digests now</Button>
            </Form>
          ) : null
        }
      />
      <div className="space-y-8">
        {done ? <Notice tone="success">{done}</Notice> : null}
        <FormErrors errors={refused} />
        {page.everyone ? (
          <Form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter signals">
            <div className="min-w-64">
              <SelectField label="CSM" name="csm" defaultValue={page.filters.csmId ?? ""}>
                <option value="">Every CSM</option>
                {page.csmOptions.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </SelectField>
            </div>
            <Button variant="secondary">Show</Button>
          </Form>
        ) : null}
        <Section
          id="at-risk"
          title={`At risk (${page.atRisk.length})`}
          hint="Red, or a score that fell 15 points or more in 30 days, with the renewal within 90 days. Highest ARR first."
          csv={`/console/signals/export/at-risk${query}`}
        >
          {page.atRisk.length ? (
            <AtRiskTable rows={page.atRisk} showOwner={page.everyone} canInvite={page.canInvite} />
          ) : (
            <EmptyState title="No account is at risk">Nothing red or falling fast renews in the next 90 days.</EmptyState>
          )}
        </Section>
        <Section
          id="ready-to-expand"
          title={`Ready to expand (${page.readyToExpand.length})`}
          hint="Strong engagement (the tier's green band, or the top quarter of accounts) and an expert session attended in the last 90 days."
          csv={`/console/signals/export/ready-to-expand${query}`}
        >
          {page.readyToExpand.length ? (
            <ExpandTable rows={page.readyToExpand} showOwner={page.everyone} />
          ) : (
            <EmptyState title="No account shows expansion signals yet">
              They appear once a strongly engaged account attends an expert session.
            </EmptyState>
          )}
        </Section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
