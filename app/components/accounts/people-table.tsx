import { Form, Link } from "@remix-run/react";
import type { Role } from "~/generated/prisma/enums.ts";
import { Button } from "~/components/ui/button.tsx";
import { controlClass } from "~/components/ui/field.tsx";
import { Badge } from "~/components/ui/page.tsx";
import { Table, Td } from "~/components/ui/table.tsx";
import type { PersonRow } from "~/modules/accounts/present.ts";
import { CUSTOMER_ROLES, isStaffRole, ROLE_LABELS, STAFF_ROLES } from "~/modules/auth/permissions.ts";

/** Roles never cross between staff and customers, so each row only offers its own side. */
function choicesFor(role: Role): readonly Role[] {
  return isStaffRole(role) ? STAFF_ROLES : CUSTOMER_ROLES;
}

export function PeopleTable({
  caption,
  people,
  viewerId,
  canManage,
  showAccount = false,
}: {
  caption: string;
  people: PersonRow[];
  viewerId: string;
  canManage: boolean;
  showAccount?: boolean;
}) {
  const head = ["Name", ...(showAccount ? ["Account"] : []), "Role", "Status", "Last sign-in", ...(canManage ? ["Access"] : [])];
  return (
    <Table caption={caption} head={head}>
      {people.map((person) => {
        const editable = canManage && person.id !== viewerId;
        return (
          <tr key={person.id}>
            <th scope="row" className="px-4 py-3 text-left align-top font-normal text-slate-700">
              <span className="font-medium text-slate-900">{person.name}</span>
              {person.id === viewerId ? <span className="text-slate-500"> (you)</span> : null}
              <span className="block text-xs text-slate-500">{person.email}</span>
            </th>
            {showAccount ? (
              <Td>
                {person.account ? (
                  <Link to={`/console/accounts/${person.account.id}`} className="text-brand-700 underline-offset-4 hover:underline">
                    {person.account.name}
                  </Link>
                ) : (
                  <span className="text-slate-500">Staff</span>
                )}
              </Td>
            ) : null}
            <Td>
              {editable ? (
                <Form method="post" className="flex items-center gap-2">
                  <input type="hidden" name="intent" value="change-role" />
                  <input type="hidden" name="userId" value={person.id} />
                  <label htmlFor={`role-${person.id}`} className="sr-only">
                    Role for {person.name}
                  </label>
                  <select id={`role-${person.id}`} name="role" defaultValue={person.role} className={`${controlClass} w-40`}>
                    {choicesFor(person.role).map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                  <Button variant="secondary" aria-label={`Save role for ${person.name}`}>
                    Save
                  </Button>
                </Form>
              ) : (
                person.roleLabel
              )}
            </Td>
            <Td>{person.deactivated ? <Badge tone="red">Deactivated</Badge> : <Badge tone="green">Active</Badge>}</Td>
            <Td className="whitespace-nowrap">{person.lastSignIn ?? <span className="text-slate-500">Never</span>}</Td>
            {canManage ? (
              <Td>
                {editable ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value={person.deactivated ? "reactivate" : "deactivate"} />
                    <input type="hidden" name="userId" value={person.id} />
                    <Button
                      variant={person.deactivated ? "secondary" : "danger"}
                      aria-label={`${person.deactivated ? "Reactivate" : "Deactivate"} ${person.name}`}
                    >
                      {person.deactivated ? "Reactivate" : "Deactivate"}
                    </Button>
                  </Form>
                ) : null}
              </Td>
            ) : null}
          </tr>
        );
      })}
    </Table>
  );
}
