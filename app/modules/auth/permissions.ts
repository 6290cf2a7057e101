import type { Role } from "~/generated/prisma/enums.ts";

export const CUSTOMER_ROLES = ["MEMBER", "ACCOUNT_ADMIN"] as const satisfies readonly Role[];
export const STAFF_ROLES = ["CSM", "PUBLISHER", "ADMIN"] as const satisfies readonly Role[];
export const ALL_ROLES = [...CUSTOMER_ROLES, ...STAFF_ROLES] as const;

export const ROLE_LABELS: Record<Role, string> = {
  MEMBER: "Member",
  ACCOUNT_ADMIN: "Account admin",
  CSM: "CSM",
  PUBLISHER: "Publisher",
  ADMIN: "Admin",
};

export function isStaffRole(role: Role): boolean {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}

/** Everything a user may do is named here; routes ask `can`, never compare roles themselves. */
const GRANTS = {
  "portal.view": ["MEMBER", "ACCOUNT_ADMIN"],
  "team.view": ["MEMBER", "ACCOUNT_ADMIN"],
  "team.manage": ["ACCOUNT_ADMIN"],
  "console.view": ["CSM", "PUBLISHER", "ADMIN"],
  "accounts.view": ["CSM", "PUBLISHER", "ADMIN"],
  "accounts.manage": ["ADMIN"],
  "people.manage": ["ADMIN"],
  "staff.invite": ["ADMIN"],
  "tiers.manage": ["ADMIN"],
  // Top-ups and take-backs of an account's CSM hours, beside its entitlement.
  "hours.manage": ["ADMIN"],
  "import.run": ["ADMIN"],
  "outbox.view": ["ADMIN"],
  "sessions.register": ["MEMBER", "ACCOUNT_ADMIN"],
  "sessions.view": ["CSM", "PUBLISHER", "ADMIN"],
  "sessions.manage": ["PUBLISHER", "ADMIN"],
  "jobs.view": ["ADMIN"],
  "library.view": ["MEMBER", "ACCOUNT_ADMIN"],
  "library.manage": ["PUBLISHER", "ADMIN"],
  "routing.manage": ["ADMIN"],
  "queue.book": ["MEMBER", "ACCOUNT_ADMIN"],
  "availability.manage_own": ["CSM", "ADMIN"],
  "availability.manage_all": ["ADMIN"],
  // The queue's capacity view: read-only figures for everyone on the team.
  "queue.capacity": ["CSM", "PUBLISHER", "ADMIN"],
  // Booked hours and their briefs: a CSM their own, admins everyone's.
  "queue.brief": ["CSM", "ADMIN"],
  "queue.brief_all": ["ADMIN"],
  // At-risk and ready-to-expand accounts: a CSM their own, the one-to-many team and admins every account's.
  "signals.view": ["CSM", "PUBLISHER", "ADMIN"],
  "signals.view_all": ["PUBLISHER", "ADMIN"],
  // The one-click invitation to the next expert session (a CSM only for their own accounts).
  "signals.invite": ["CSM", "PUBLISHER", "ADMIN"],
  "signals.send_digests": ["ADMIN"],
  // Keys for the product-usage API (POST /api/v1/events).
  "api_keys.manage": ["ADMIN"],
  // The one-to-many team's engagement dashboard (reach, attendance, content, newsletters); CSMs may read it.
  "insights.view": ["CSM", "PUBLISHER", "ADMIN"],
  // The CSM's book of accounts with health and renewals: a CSM their own, admins any CSM's.
  "portfolio.view": ["CSM", "ADMIN"],
  "portfolio.view_all": ["ADMIN"],
  // Score weights, half-life and health bands per tier.
  "scoring.manage": ["ADMIN"],
  // A CSM's own red/yellow/green call on an account: the owner CSM (checked per account) and admins.
  "health.call": ["CSM", "ADMIN"],
  "health.call_all": ["ADMIN"],
  // Newsletters: compose, segments, topics, sending and their reports (the one-to-many team).
  "newsletters.manage": ["PUBLISHER", "ADMIN"],
  // The suppression list (bounces, complaints, addresses added by hand).
  "suppressions.manage": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;
export const PERMISSIONS = Object.keys(GRANTS) as Permission[];

export type Actor = { id: string; role: Role; accountId: string | null };

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  return (GRANTS[permission] as readonly Role[]).includes(actor.role);
}

/** Staff may read any account; a customer only their own. */
export function canReadAccount(actor: Actor, accountId: string): boolean {
  if (isStaffRole(actor.role)) return can(actor, "accounts.view");
  return actor.accountId === accountId;
}

/** Which roles an actor may hand out in an invite, and for which account. */
export function invitableRoles(actor: Actor, target: { accountId: string | null }): Role[] {
  if (actor.role === "ADMIN") return target.accountId ? [...CUSTOMER_ROLES] : [...STAFF_ROLES];
  if (actor.role === "ACCOUNT_ADMIN" && target.accountId === actor.accountId) return [...CUSTOMER_ROLES];
  return [];
}

export function homePathFor(role: Role): string {
  return isStaffRole(role) ? "/console" : "/portal";
}
