import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AccountTable } from "~/components/accounts/account-table.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { getConsoleOverview } from "~/modules/accounts/accounts.server.ts";
import { TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { presentAccountRow } from "~/modules/accounts/present.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { formatMoney } from "~/utils/format.ts";

export const meta: MetaFunction = () => [{ title: "Overview · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "console.view");
  const overview = await getConsoleOverview(user);
  return {
    firstName: user.name.split(" ")[0] ?? user.name,
    tiers: overview.tiers.map((tier) => ({
      tier: tier.tier,
      label: TIER_LABELS[tier.tier],
      accounts: tier.accounts,
      arr: tier.arr.map((total) => formatMoney(total.cents, total.currency, user.locale)),
    })),
    renewals: overview.renewals.map((row) => presentAccountRow(row, user)),
    renewalsTotal: overview.renewalsTotal,
    mine: overview.mine?.map((row) => presentAccountRow(row, user)) ?? null,
  };
}

const linkClass = "font-medium text-brand-700 underline underline-offset-4";

export default function ConsoleOverview() {
  const { firstName, tiers, renewals, renewalsTotal, mine } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={`Hello, ${firstName}`}
        description="The customer book at a glance: accounts and ARR per tier, and who renews soon."
      />
      <section aria-labelledby="tiers-title" className="mb-8">
        <h2 id="tiers-title" className="sr-only">
          Accounts by tier
        </h2>
        <ul className="grid gap-4 sm:grid-cols-3">
          {tiers.map((tier) => (
            <li key={tier.tier} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
              <p className="text-sm font-medium text-slate-600">{tier.label}</p>
              <p className="mt-1 text-2xl font-semibold text-slate-900">
                {tier.accounts} <span className="text-base font-normal text-slate-600">account{tier.accounts === 1 ? "" : "s"}</span>
              </p>
              <p className="mt-1 text-sm text-slate-700">
                <span className="sr-only">ARR: </span>
                {tier.arr.length ? tier.arr.join(" + ") : "No ARR yet"}{" "}
                {tier.arr.length ? <span className="text-slate-500">ARR</span> : null}
              </p>
              <Link to={`/console/accounts?tier=${tier.tier}`} className={`${linkClass} mt-3 inline-block text-sm`}>
                See {tier.label.toLowerCase()} accounts
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <div className="space-y-8">
        {mine ? (
          <Card
            title="Your accounts"
            actions={
              <Link to="/console/accounts?owner=mine" className={`${linkClass} text-sm`}>
                Filter the list
              </Link>
            }
          >
            {mine.length ? (
              <AccountTable caption="Accounts you own, by renewal date" rows={mine} />
            ) : (
              <EmptyState title="No accounts are assigned to you yet">An admin sets the owner CSM on each account.</EmptyState>
            )}
          </Card>
        ) : null}
        <Card title="Renewals in the next 90 days">
          {renewals.length ? (
            <>
              <AccountTable caption="Accounts renewing in the next 90 days, soonest first" rows={renewals} />
              {renewalsTotal > renewals.length ? (
                <p className="mt-3 text-sm">
                  Showing the first {renewals.length} of {renewalsTotal}.{" "}
                  <Link to="/console/accounts?renewalWithinDays=90&sort=renewal" className={linkClass}>
                    See them all
                  </Link>
                </p>
              ) : null}
            </>
          ) : (
            <EmptyState title="No renewals in the next 90 days" />
          )}
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
