import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { InviteForm } from "~/components/accounts/invite-form.tsx";
import { PendingInvites } from "~/components/accounts/pending-invites.tsx";
import { PeopleTable } from "~/components/accounts/people-table.tsx";
import { ReplyNotice } from "~/components/accounts/reply-notice.tsx";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { Pagination } from "~/components/pagination.tsx";
import { Button } from "~/components/ui/button.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { Card, EmptyState, PageHeader } from "~/components/ui/page.tsx";
import { readQuery } from "~/modules/accounts/accounts.schema.ts";
import { handlePeopleAction } from "~/modules/accounts/people-actions.server.ts";
import { PeopleQuerySchema } from "~/modules/accounts/people.schema.ts";
import { listPeople } from "~/modules/accounts/people.server.ts";
import { presentInvite, presentPerson } from "~/modules/accounts/present.ts";
import { listPendingInvites } from "~/modules/auth/invites.server.ts";
import { can, CUSTOMER_ROLES } from "~/modules/auth/permissions.ts";
import { requirePermission } from "~/modules/auth/session.server.ts";
import { readFormData } from "~/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "My team · Lyceum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "team.view");
  const query = readQuery(PeopleQuerySchema, new URL(request.url).searchParams);
  // Only the search and the page come from the URL: the account is always the viewer's own.
  const result = await listPeople(user, { q: query.q, page: query.page, accountId: user.accountId ?? "-" });
  const canManage = can(user, "team.manage");
  const invites = canManage ? await listPendingInvites({ accountId: user.accountId }) : [];
  return {
    q: query.q ?? "",
    viewerId: user.id,
    canManage,
    ...result,
    people: result.people.map((person) => presentPerson(person, user)),
    invites: invites.map((invite) => presentInvite(invite, user)),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "team.manage");
  return handlePeopleAction(user, await readFormData(request), { inviteAccountId: user.accountId });
}

export default function Team() {
  const { q, viewerId, canManage, people, total, page, pageCount, invites } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="My team"
        description={
          canManage
            ? "Everyone from your company with a Lyceum login. Invite colleagues, change roles and remove access."
            : "Everyone from your company with a Lyceum login. Your account admins manage access."
        }
      />
      <Form method="get" role="search" aria-label="Search your team" className="mb-6 flex items-end gap-2">
        <div className="w-80">
          <TextField label="Search name or email" name="q" type="search" defaultValue={q} />
        </div>
        <Button variant="secondary">Search</Button>
      </Form>
      <div className="space-y-4">
        <ReplyNotice reply={reply} intents={["change-role", "deactivate", "reactivate"]} />
        {people.length ? (
          <>
            <PeopleTable caption="Your team" people={people} viewerId={viewerId} canManage={canManage} />
            <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? "person" : "people"} />
          </>
        ) : (
          <EmptyState title="Nobody matches that search" />
        )}
      </div>
      {canManage ? (
        <div className="mt-8 grid gap-6 lg:grid-cols-2">
          <Card title="Invite a colleague">
            <InviteForm reply={reply} roles={CUSTOMER_ROLES} hint="Account admins can invite and manage the team; members use Lyceum." />
          </Card>
          <Card title="Pending invitations">
            <div className="space-y-4">
              <ReplyNotice reply={reply} intents={["revoke-invite"]} />
              <PendingInvites invites={invites} canRevoke caption="Pending invitations to your team" />
            </div>
          </Card>
        </div>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
