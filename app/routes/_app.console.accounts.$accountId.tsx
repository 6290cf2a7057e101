import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountFacts } from "~/components/accounts/account-facts.tsx";
import { EntitlementList } from "~/components/accounts/entitlement-list.tsx";
import { InviteForm } from "~/components/accounts/invite-form.tsx";
import { PendingInvites } from "~/components/accounts/pending-invites.tsx";
import { PeopleTable } from "~/components/accounts/people-table.tsx";
import { AccountTimeline } from "~/components/engagement/account-timeline.tsx";
import { AccountHours } from "~/components/queue/account-hours.tsx";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { HealthPanel } from "~/components/engagement/health-panel.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { buttonClass } from "~/components/ui/button.tsx";
import { Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { getAccountPage } from "~/modules/accounts/account-page.server.ts";
import { assertCan, getAccount } from "~/modules/accounts/accounts.server.ts";
import { intentOf } from "~/modules/accounts/form-action.server.ts";
import { handlePeopleAction } from "~/modules/accounts/people-actions.server.ts";
import { can, CUSTOMER_ROLES } from "~/modules/auth/permissions.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { getAccountTimeline } from "~/modules/engagement/timeline.server.ts";
import { getHealthPanel } from "~/modules/engagement/health-panel.server.ts";
import { getAccountHours } from "~/modules/queue/hours-view.server.ts";
import { handleTopUp, TOP_UP_INTENT } from "~/modules/queue/ledger-actions.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.account.name ?? "Account"} · Lyceum` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "accounts.view");
  const page = await getAccountPage(user, params.accountId ?? "");
  const timeline = await getAccountTimeline(user, page.account.id, new URL(request.url).searchParams);
  const health = await getHealthPanel(user, page.account.id);
  return { ...page, hours: await getAccountHours(user, page.account.id), canSeeBookings: can(user, "queue.brief"), timeline, health };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "accounts.view");
  const formData = await readFormData(request);
  if (intentOf(formData) === TOP_UP_INTENT) return handleTopUp(user, params.accountId ?? "", formData);
  assertCan(user, "accounts.manage");
  const account = await getAccount(user, params.accountId ?? "");
  return handlePeopleAction(user, formData, { inviteAccountId: account.id, allowed: ["invite", "revoke-invite"] });
}

const linkClass = "text-sm font-medium text-brand-700 underline underline-offset-4";

export default function AccountPage() {
  const { account, people, invites, entitlements, canManage, viewerId, hours, canSeeBookings, timeline, health } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title={account.name}
        description={`Customer since ${account.created}. ${account.peopleTotal} ${account.peopleTotal === 1 ? "person" : "people"} with a login.`}
        actions={
          <>
            {canSeeBookings ? (
              <Link to={`/console/bookings?account=${account.id}`} className={buttonClass("secondary")}>
                Booked hours
              </Link>
            ) : null}
            {canManage ? (
              <Link to={`/admin/accounts/${account.id}/edit`} className={buttonClass("secondary")}>
                Edit account
              </Link>
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card title="Facts">
            <AccountFacts account={account} />
          </Card>
          <Card
            title="Entitlements"
            actions={
              canManage ? (
                <Link to="/admin/tiers" className={linkClass}>
                  Manage
                </Link>
              ) : null
            }
          >
            {entitlements ? <EntitlementList entitlements={entitlements} /> : null}
          </Card>
        </div>
        <div className="space-y-6 lg:col-span-2">
          <HealthPanel panel={health} />
          <Card
            title="People"
            actions={
              canManage ? (
                <Link to={`/admin/people?accountId=${account.id}`} className={linkClass}>
                  Manage access
                </Link>
              ) : null
            }
          >
            {people.length ? (
              <PeopleTable caption={`People at ${account.name}`} people={people} viewerId={viewerId} canManage={false} />
            ) : (
              <EmptyState title="Nobody from this account has a login yet" />
            )}
            {account.peopleTotal > people.length ? (
              <p className="mt-2 text-sm text-slate-600">
                Showing {people.length} of {account.peopleTotal}.
              </p>
            ) : null}
          </Card>
          <AccountHours hours={hours} reply={reply} />
          <Card title="Pending invitations">
            <div className="space-y-4">
              <ReplyNotice reply={reply} intents={["revoke-invite"]} />
              <PendingInvites invites={invites} canRevoke={canManage} caption={`Pending invitations to ${account.name}`} />
            </div>
          </Card>
          {canManage ? (
            <Card title="Invite a person">
              <InviteForm reply={reply} roles={CUSTOMER_ROLES} hint="They get an email with a link to set their password." />
            </Card>
          ) : null}
          <AccountTimeline timeline={timeline} />
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
