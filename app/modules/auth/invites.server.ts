import type { Role } from "~/generated/prisma/enums.ts";
import { queueEmail } from "~/modules/email/send-email.server.ts";
import { isUniqueViolation, prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { DomainError } from "./errors.ts";
import { hashPassword } from "./password.server.ts";
import { invitableRoles, ROLE_LABELS, type Actor } from "./permissions.ts";
import { generateSecureRandomString, hashToken } from "./tokens.ts";

export const INVITE_TTL_DAYS = 7;

export async function createInvite(
  actor: Actor & { name: string },
  input: { email: string; name?: string | null; role: Role; accountId: string | null },
) {
  if (!invitableRoles(actor, { accountId: input.accountId }).includes(input.role)) {
    throw new DomainError(403, "You cannot invite people with that role here.", "role");
  }
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    throw new DomainError(409, "This person already has a Lyceum login. Ask them to sign in, or change their role instead.", "email");
  }
  const account = input.accountId
    ? await prisma.account.findUnique({ where: { id: input.accountId }, select: { id: true, name: true } })
    : null;
  if (input.accountId && !account) throw new DomainError(404, "That account does not exist.");

  const token = generateSecureRandomString();
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    // A new invite replaces any pending one for the same person.
    await tx.invite.updateMany({ where: { email: input.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const invite = await tx.invite.create({
      data: {
        email: input.email,
        name: input.name ?? null,
        role: input.role,
        accountId: input.accountId,
        invitedById: actor.id,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + INVITE_TTL_DAYS * 24 * 60 * 60_000),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await queueEmail(tx, {
      template: "invite",
      to: input.email,
      props: {
        inviterName: actor.name,
        accountName: account?.name ?? null,
        roleLabel: ROLE_LABELS[input.role],
        url: new URL(`/invite/${token}`, getEnv().APP_URL).toString(),
        expiresInDays: INVITE_TTL_DAYS,
      },
      idempotencyKey: `invite:${invite.id}`,
    });
    return invite;
  });
}

export async function findInvite(token: string, now = new Date()) {
  const invite = await prisma.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      account: { select: { name: true } },
    },
  });
  if (!invite) return null;
  const state = invite.acceptedAt ? "accepted" : invite.revokedAt ? "revoked" : invite.expiresAt <= now ? "expired" : "open";
  return { ...invite, state } as const;
}

/** Claims the invite and creates the user in one transaction: one click, one user. */
export async function acceptInvite(token: string, input: { name: string; password: string; timeZone?: string }, now = new Date()) {
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(token);
  try {
    return await prisma.$transaction(async (tx) => {
      const claimed = await tx.invite.updateMany({
        where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1) throw new DomainError(410, "This invitation has expired or was already used. Ask for a new one.");
      const invite = await tx.invite.findUniqueOrThrow({
        where: { tokenHash },
        select: { email: true, role: true, accountId: true, account: { select: { timeZone: true } } },
      });
      const user = await tx.user.create({
        data: {
          email: invite.email,
          name: input.name,
          role: invite.role,
          accountId: invite.accountId,
          timeZone: input.timeZone ?? invite.account?.timeZone ?? getEnv().DEFAULT_TIME_ZONE,
          emailVerifiedAt: now,
          password: { create: { hash: passwordHash } },
        },
        select: { id: true, role: true },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(409, "This email already has a Lyceum login. Sign in instead.");
    throw error;
  }
}

export async function listPendingInvites(scope: { accountId: string | null }) {
  return prisma.invite.findMany({
    where: { accountId: scope.accountId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, name: true, role: true, expiresAt: true, createdAt: true },
  });
}

export async function revokeInvite(actor: Actor, inviteId: string) {
  const scope = actor.role === "ADMIN" ? {} : { accountId: actor.accountId ?? "-" };
  const result = await prisma.invite.updateMany({
    where: { id: inviteId, acceptedAt: null, revokedAt: null, ...scope },
    data: { revokedAt: new Date() },
  });
  if (result.count !== 1) throw new DomainError(404, "That invitation was not found or is no longer pending.");
}
