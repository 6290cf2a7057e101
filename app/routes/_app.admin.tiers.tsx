import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TierBadge } from "~/components/accounts/account-table.tsx";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { AddOverrideForm, OverrideForm, PolicyForm } from "~/components/accounts/tier-forms.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Button } from "~/components/ui/button.tsx";
import { Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { listAccountOptions } from "~/modules/accounts/accounts.server.ts";
import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { listOverrides, listPolicies } from "~/modules/accounts/entitlements.server.ts";
import { handleTiersAction, overrideFormId } from "~/modules/accounts/tiers-actions.server.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Tiers & entitlements · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "tiers.manage");
  const [policies, overrides, accounts] = [await listPolicies(), await listOverrides(), await listAccountOptions(user)];
  return {
    policies: policies.map((policy) => ({
      ...policy,
      updated: policy.updatedAt
        ? `${formatDateTime(policy.updatedAt, user.timeZone, user.locale)}${policy.updatedBy ? ` by ${policy.updatedBy}` : ""}`
        : null,
    })),
    overrides: overrides.map((override) => ({
      ...override,
      formId: overrideFormId(override.accountId),
      tierLabel: TIER_LABELS[override.account.tier],
    })),
    accounts,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "tiers.manage");
  return handleTiersAction(user, await readFormData(request));
}

export default function Tiers() {
  const { policies, overrides, accounts } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Tiers & entitlements"
        description="What each tier gets per period: hours with a CSM and seats in expert sessions. An account override replaces its tier's numbers for that account only."
      />
      <section aria-labelledby="policies-title" className="mb-10">
        <h2 id="policies-title" className="mb-4 text-lg font-semibold text-slate-900">
          Tier policies
        </h2>
        <div className="grid gap-6 lg:grid-cols-3">
          {policies.map((policy) => (
            <Card key={policy.tier} title={TIER_LABELS[policy.tier]}>
              <PolicyForm policy={policy} reply={reply} />
              <p className="mt-3 text-xs text-slate-500">
                {policy.saved ? `Last saved ${policy.updated}` : "Default values, not saved yet."}
              </p>
            </Card>
          ))}
        </div>
      </section>
      <section aria-labelledby="overrides-title" className="space-y-6">
        <h2 id="overrides-title" className="text-lg font-semibold text-slate-900">
          Account overrides
        </h2>
        <ReplyNotice reply={reply} intents={["clear-override"]} />
        {overrides.length ? (
          <ul className="space-y-4">
            {overrides.map((override) => (
              <li key={override.accountId} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
                  <h3 className="flex items-center gap-2 font-semibold text-slate-900">
                    <Link to={`/console/accounts/${override.accountId}`} className="text-brand-700 underline-offset-4 hover:underline">
                      {override.account.name}
                    </Link>
                    <TierBadge tier={override.account.tier} label={override.tierLabel} />
                  </h3>
                  <Form method="post">
                    <input type="hidden" name="intent" value="clear-override" />
                    <input type="hidden" name="accountId" value={override.accountId} />
                    <Button variant="danger" aria-label={`Remove the override for ${override.account.name}`}>
                      Remove override
                    </Button>
                  </Form>
                </div>
                <OverrideForm override={override} formId={override.formId} accountName={override.account.name} reply={reply} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No overrides">Every account follows its tier.</EmptyState>
        )}
        <Card title="Add an override">
          <AddOverrideForm accounts={accounts} reply={reply} />
        </Card>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
