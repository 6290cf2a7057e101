import { createInvite, INVITE_TTL_DAYS, revokeInvite } from "~/modules/auth/invites.server.ts";
import { ROLE_LABELS } from "~/modules/auth/permissions.ts";
import type { SessionUser } from "~/modules/auth/session.server.ts";
import { intentOf, runForm, unknownIntent } from "./form-action.server.ts";
import { ChangeRoleSchema, InvitePersonSchema, RevokeInviteSchema, UserTargetSchema } from "./people.schema.ts";
import { changeRole, deactivate, reactivate } from "./people.server.ts";

export const PEOPLE_INTENTS = ["change-role", "deactivate", "reactivate", "invite", "revoke-invite"] as const;
export type PeopleIntent = (typeof PEOPLE_INTENTS)[number];

/** Intents that send or withdraw invitations; the rest change existing people. */
export function isInviteIntent(intent: string) {
  return intent === "invite" || intent === "revoke-invite";
}

/**
 * The people forms shared by /admin/people, /portal/team and the account page. The route checks the
 * permission; the module functions scope every target to the actor again.
 */
export async function handlePeopleAction(
  actor: SessionUser,
  formData: FormData,
  options: { inviteAccountId: string | null; allowed?: readonly PeopleIntent[] },
) {
  const intent = intentOf(formData);
  if (!(options.allowed ?? PEOPLE_INTENTS).includes(intent as PeopleIntent)) unknownIntent();
  switch (intent as PeopleIntent) {
    case "change-role":
      return runForm(formData, "change-role", ChangeRoleSchema, async ({ userId, role }) => {
        const person = await changeRole(actor, userId, role);
        return `${person.name} is now ${ROLE_LABELS[role]}.`;
      });
    case "deactivate":
      return runForm(formData, "deactivate", UserTargetSchema, async ({ userId }) => {
        const person = await deactivate(actor, userId);
        return `${person.name} is deactivated and signed out everywhere.`;
      });
    case "reactivate":
      return runForm(formData, "reactivate", UserTargetSchema, async ({ userId }) => {
        const person = await reactivate(actor, userId);
        return `${person.name} can sign in again.`;
      });
    case "invite":
      return runForm(formData, "invite", InvitePersonSchema, async (value) => {
        await createInvite(actor, { email: value.email, name: value.name ?? null, role: value.role, accountId: options.inviteAccountId });
        return `Invitation sent to ${value.email}. It works for ${INVITE_TTL_DAYS} days.`;
      });
    case "revoke-invite":
      return runForm(formData, "revoke-invite", RevokeInviteSchema, async ({ inviteId }) => {
        await revokeInvite(actor, inviteId);
        return "Invitation revoked; its link no longer works.";
      });
  }
}
