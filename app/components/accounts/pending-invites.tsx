import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { EmptyState } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import type { InviteRow } from "~/modules/accounts/present.ts";

export function PendingInvites({
  invites,
  canRevoke,
  caption = "Pending invitations",
}: {
  invites: InviteRow[];
  canRevoke: boolean;
  caption?: string;
}) {
  if (invites.length === 0) return <EmptyState title="No pending invitations" />;
  return (
    <Table caption={caption} head={["Email", "Role", "Expires", ...(canRevoke ? ["Action"] : [])]}>
      {invites.map((invite) => (
        <tr key={invite.id}>
          <Td>
            {invite.email}
            {invite.name ? <span className="block text-xs text-slate-500">{invite.name}</span> : null}
          </Td>
          <Td>{invite.roleLabel}</Td>
          <Td className="whitespace-nowrap">{invite.expires}</Td>
          {canRevoke ? (
            <Td>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke-invite" />
                <input type="hidden" name="inviteId" value={invite.id} />
                <Button variant="danger" aria-label={`Revoke the invitation for ${invite.email}`}>
                  Revoke
                </Button>
              </Form>
            </Td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}
