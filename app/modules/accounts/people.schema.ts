import { z } from "zod";
import { EmailSchema, NameSchema } from "~/modules/auth/auth.schema.ts";
import { ALL_ROLES } from "~/modules/auth/permissions.ts";

export const RoleSchema = z.enum(ALL_ROLES, { error: "Choose a role" });
const IdSchema = z.string({ error: "Missing id. Reload the page and try again." }).trim().min(1).max(40);

export const PEOPLE_STATUSES = ["active", "deactivated"] as const;

export const PeopleQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: RoleSchema.optional().catch(undefined),
  accountId: z.string().trim().max(40).optional().catch(undefined),
  status: z.enum(PEOPLE_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type PeopleQuery = z.output<typeof PeopleQuerySchema>;

export const ChangeRoleSchema = z.object({ userId: IdSchema, role: RoleSchema });
export const UserTargetSchema = z.object({ userId: IdSchema });
export const RevokeInviteSchema = z.object({ inviteId: IdSchema });

export const InvitePersonSchema = z.object({
  email: EmailSchema,
  name: NameSchema.optional(),
  role: RoleSchema,
});
