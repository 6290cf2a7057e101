import { prisma } from "~/utils/db.server.ts";
import { DomainError } from "./errors.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";

export async function getProfile(userId: string) {
  return prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { name: true, email: true, timeZone: true, locale: true, password: { select: { updatedAt: true } } },
  });
}

export async function updateProfile(userId: string, input: { name: string; timeZone: string; locale: string }) {
  await prisma.user.update({ where: { id: userId }, data: input });
}

/** A new password ends every other session: whoever knew the old one is signed out. */
export async function changePassword(userId: string, currentSessionId: string, input: { currentPassword?: string; password: string }) {
  const row = await prisma.password.findUnique({ where: { userId }, select: { hash: true } });
  if (row && !(input.currentPassword && (await verifyPassword(row.hash, input.currentPassword)))) {
    throw new DomainError(400, "That is not your current password.", "currentPassword");
  }
  const hash = await hashPassword(input.password);
  await prisma.$transaction([
    prisma.password.upsert({ where: { userId }, create: { userId, hash }, update: { hash } }),
    prisma.session.deleteMany({ where: { userId, id: { not: currentSessionId } } }),
  ]);
}

export async function listSessions(userId: string) {
  return prisma.session.findMany({
    where: { userId, absoluteExpiresAt: { gt: new Date() }, idleExpiresAt: { gt: new Date() } },
    orderBy: { lastActiveAt: "desc" },
    select: { id: true, createdAt: true, lastActiveAt: true, userAgent: true, ipAddress: true },
  });
}

/** Scoped by user: one cannot end somebody else's session by guessing its id. */
export async function revokeSession(userId: string, sessionId: string) {
  const result = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
  if (result.count === 0) throw new DomainError(404, "That session was already signed out.");
}
