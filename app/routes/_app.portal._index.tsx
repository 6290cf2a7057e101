import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TierBadge } from "~/components/accounts/account-table.tsx";
import { EntitlementList } from "~/components/accounts/entitlement-list.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { RecommendedForYou } from "~/components/engagement/recommended-for-you.tsx";
import { ContinueWatching } from "~/components/library/continue-watching.tsx";
import { HoursCard } from "~/components/queue/hours-card.tsx";
import { Card, PageHeader } from "~/components/ui/page.tsx";
import { getCustomerHome } from "~/modules/accounts/accounts.server.ts";
import { hasPersonalCsm, TIER_LABELS } from "~/modules/accounts/entitlements.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getRecommendations } from "~/modules/engagement/recommendations.server.ts";
import { listContinueWatching } from "~/modules/library/progress.server.ts";
import { getMyHours } from "~/modules/queue/hours-view.server.ts";
import { formatDateTime } from "~/utils/format.ts";

export const meta: MetaFunction = () => [{ title: "Home · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "portal.view");
  const [home, continueWatching, hours, recommended] = await Promise.all([
    getCustomerHome(user),
    listContinueWatching(user, { take: 4 }),
    getMyHours(user),
    getRecommendations(user),
  ]);
  return {
    firstName: user.name.split(" ")[0] ?? user.name,
    account: { ...home.account, tierLabel: TIER_LABELS[home.account.tier], personalCsm: hasPersonalCsm(home.account.tier) },
    csm: home.csm,
    entitlements: home.entitlements,
    continueWatching,
    hours,
    recommended: recommended.map((item) => ({
      key: item.key,
      type: item.type,
      title: item.title,
      href: item.href,
      when: item.startsAt ? formatDateTime(item.startsAt, user.timeZone, user.locale) : null,
      reason: item.reason.text,
    })),
  };
}

export default function PortalHome() {
  const { firstName, account, csm, entitlements, continueWatching, hours, recommended } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description={`You are signed in for ${account.name}.`} />
      <div className="grid gap-6 md:grid-cols-2">
        <RecommendedForYou items={recommended} className="md:col-span-2" />
        <ContinueWatching items={continueWatching} className="md:col-span-2" />
        <Card title="Your account">
          <dl className="space-y-3 text-sm">
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">Account</dt>
              <dd className="font-medium text-slate-900">{account.name}</dd>
            </div>
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600">Service level</dt>
              <dd>
                <TierBadge tier={account.tier} label={account.tierLabel} />
              </dd>
            </div>
          </dl>
        </Card>
        {account.personalCsm ? (
          <Card title="Your customer success manager">
            {csm ? (
              <p className="text-sm text-slate-700">
                <span className="block font-medium text-slate-900">{csm.name}</span>
                <a href={`mailto:${csm.email}`} className="font-medium text-brand-700 underline underline-offset-4">
                  {csm.email}
                </a>
              </p>
            ) : (
              <p className="text-sm text-slate-700">Your CSM has not been assigned yet. We will introduce them as soon as they are.</p>
            )}
          </Card>
        ) : null}
        <HoursCard summary={hours} csmName={csm?.name ?? null} className={account.personalCsm ? "md:col-span-2" : ""} />
        <Card title="What your plan includes" className="md:col-span-2">
          {entitlements ? <EntitlementList entitlements={entitlements} showSource={false} /> : null}
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
