import type { Prisma } from "~/generated/prisma/client.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { isStaffRole, type Actor } from "~/modules/auth/permissions.ts";
import { invalidateAllSessions } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { PAGE_SIZE, pageCount } from "./accounts.ts";
import type { PeopleQuery } from "./people.schema.ts";

/**
 * Whose users the actor may see: an admin everybody, a customer their own account. Everyone else
 * is refused. Targets outside the scope answer 404, so ids from other accounts reveal nothing.
 */
function scopeOf(actor: Actor): Prisma.UserWhereInput {
  if (actor.role === "ADMIN") return {};
  if (!isStaffRole(actor.role) && actor.accountId) return { accountId: actor.accountId };
  // A Response, not a DomainError: loaders call this too, and this is a 403 page, not a form message.
  throw new Response("You do not have access to these people.", { status: 403 });
}

function assertManager(actor: Actor) {
  if (actor.role !== "ADMIN" && actor.role !== "ACCOUNT_ADMIN") throw new DomainError(403, "Only admins change people's access.");
}

export async function listPeople(actor: Actor, query: Partial<PeopleQuery>) {
  const scope = scopeOf(actor);
  const q = query.q?.trim();
  const where: Prisma.UserWhereInput = {
    AND: [
      scope,
      q ? { OR: [{ name: { contains: q } }, { email: { contains: q.toLowerCase() } }] } : {},
      query.role ? { role: query.role } : {},
      query.accountId ? { accountId: query.accountId } : {},
      query.status === "active" ? { deactivatedAt: null } : query.status === "deactivated" ? { deactivatedAt: { not: null } } : {},
    ],
  };
  const total = await prisma.user.count({ where });
  const pages = pageCount(total);
  const page = Math.min(query.page ?? 1, pages);
  const people = await prisma.user.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      deactivatedAt: true,
      lastSignInAt: true,
      account: { select: { id: true, name: true } },
    },
  });
  return { people, total, page, pageCount: pages };
}

async function findTarget(actor: Actor, userId: string) {
  const target = await prisma.user.findFirst({
    where: { AND: [scopeOf(actor), { id: userId }] },
    select: { id: true, name: true, role: true, deactivatedAt: true },
  });
  if (!target) throw new DomainError(404, "That person was not found. They may have been removed.");
  return target;
}

export async function changeRole(actor: Actor, userId: string, role: Role) {
  assertManager(actor);
  const target = await findTarget(actor, userId);
  // Nobody edits their own access: it keeps at least one admin around and stops accidental lock-outs.
  if (target.id === actor.id) throw new DomainError(409, "You cannot change your own role. Ask another admin to do it.", "role");
  if (isStaffRole(target.role) !== isStaffRole(role)) {
    throw new DomainError(
      400,
      isStaffRole(target.role)
        ? "Staff keep a staff role (CSM, Publisher or Admin). To give someone customer access, invite their customer email."
        : "Customers keep a customer role (Member or Account admin). To make someone staff, invite them from People.",
      "role",
    );
  }
  await prisma.user.update({ where: { id: target.id }, data: { role } });
  return target;
}

/** Deactivated users cannot sign in; their open sessions end now, not at their next expiry. */
export async function deactivate(actor: Actor, userId: string) {
  assertManager(actor);
  const target = await findTarget(actor, userId);
  if (target.id === actor.id) throw new DomainError(409, "You cannot deactivate yourself. Ask another admin to do it.");
  await prisma.user.updateMany({ where: { id: target.id, deactivatedAt: null }, data: { deactivatedAt: new Date() } });
  await invalidateAllSessions(target.id);
  return target;
}

export async function reactivate(actor: Actor, userId: string) {
  assertManager(actor);
  const target = await findTarget(actor, userId);
  await prisma.user.update({ where: { id: target.id }, data: { deactivatedAt: null } });
  return target;
}
