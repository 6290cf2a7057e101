import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InviteForm } from "~/components/accounts/invite-form.tsx";
import { PendingInvites } from "~/components/accounts/pending-invites.tsx";
import { PeopleTable } from "~/components/accounts/people-table.tsx";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { Button } from "~/components/ui/button.tsx";
import { SelectField, TextField } from "~/components/ui/field.tsx";
import { Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { readQuery } from "~/modules/accounts/accounts.schema.ts";
import { listAccountOptions } from "~/modules/accounts/accounts.server.ts";
import { handlePeopleAction, isInviteIntent } from "~/modules/accounts/people-actions.server.ts";
import { PeopleQuerySchema } from "~/modules/accounts/people.schema.ts";
import { listPeople } from "~/modules/accounts/people.server.ts";
import { presentInvite, presentPerson } from "~/modules/accounts/present.ts";
import { listPendingInvites } from "~/modules/auth/invites.server.ts";
import { ALL_ROLES, ROLE_LABELS, STAFF_ROLES } from "~/modules/auth/permissions.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "People · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "people.manage");
  const query = readQuery(PeopleQuerySchema, new URL(request.url).searchParams);
  const result = await listPeople(user, query);
  const invites = await listPendingInvites({ accountId: null });
  return {
    query,
    viewerId: user.id,
    accounts: await listAccountOptions(user),
    ...result,
    people: result.people.map((person) => presentPerson(person, user)),
    invites: invites.map((invite) => presentInvite(invite, user)),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const user = await requirePermission(request, isInviteIntent(String(formData.get("intent"))) ? "staff.invite" : "people.manage");
  return handlePeopleAction(user, formData, { inviteAccountId: null });
}

export default function People() {
  const { query, viewerId, accounts, people, total, page, pageCount, invites } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="People"
        description="Everyone with a Lyceum login, staff and customers. Change roles, deactivate and reactivate logins, and invite staff."
      />
      <Form method="get" role="search" aria-label="Filter people" className="mb-6 grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <TextField label="Search name or email" name="q" type="search" defaultValue={query.q ?? ""} />
        </div>
        <SelectField label="Role" name="role" defaultValue={query.role ?? ""}>
          <option value="">All roles</option>
          {ALL_ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Account" name="accountId" defaultValue={query.accountId ?? ""}>
          <option value="">All accounts</option>
          {accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" name="status" defaultValue={query.status ?? ""}>
          <option value="">Active and deactivated</option>
          <option value="active">Active</option>
          <option value="deactivated">Deactivated</option>
        </SelectField>
        <div className="sm:col-span-2 lg:col-span-5">
          <Button variant="secondary">Apply filters</Button>
        </div>
      </Form>
      <div className="space-y-4">
        <ReplyNotice reply={reply} intents={["change-role", "deactivate", "reactivate"]} />
        {people.length ? (
          <>
            <PeopleTable caption={`People, page ${page} of ${pageCount}`} people={people} viewerId={viewerId} canManage showAccount />
            <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? "person" : "people"} />
          </>
        ) : (
          <EmptyState title="Nobody matches these filters" />
        )}
      </div>
      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <Card title="Invite staff">
          <InviteForm reply={reply} roles={STAFF_ROLES} hint="Staff work across all accounts: CSMs, publishers and admins." />
        </Card>
        <Card title="Pending staff invitations">
          <div className="space-y-4">
            <ReplyNotice reply={reply} intents={["revoke-invite"]} />
            <PendingInvites invites={invites} canRevoke caption="Pending staff invitations" />
          </div>
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
