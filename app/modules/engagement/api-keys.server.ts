import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { bearerKey, generateApiKey, hashApiKey, lastUsedIsStale } from "./api-keys.ts";

/** Makes a key and hands back its secret: the only time it exists outside the caller's hands. */
export async function createApiKey(actor: Actor, name: string) {
  const { secret, prefix, keyHash } = generateApiKey();
  const key = await prisma.apiKey.create({
    data: { name, prefix, keyHash, createdById: actor.id },
    select: { id: true, name: true, prefix: true },
  });
  return { ...key, secret };
}

export function listApiKeys() {
  return prisma.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { name: true } },
    },
  });
}

/** One conditional write: of two admins revoking at once, one wins and the other hears 409. */
export async function revokeApiKey(_actor: Actor, keyId: string, now = new Date()) {
  const { count } = await prisma.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: now } });
  const key = await prisma.apiKey.findUnique({ where: { id: keyId }, select: { name: true } });
  if (!key) throw new DomainError(404, "This key does not exist.");
  if (count === 0) throw new DomainError(409, `“${key.name}” was already revoked.`);
  return key.name;
}

export type ApiCaller = { keyId: string };

/**
 * The live key named in the Authorization header, or null. The lookup is by the SHA-256 of what was
 * sent, through a unique index: the stored value is never compared byte by byte with the secret, so
 * timing tells a caller nothing about it.
 */
export async function authenticateApiKey(request: Request, now = new Date()): Promise<ApiCaller | null> {
  const secret = bearerKey(request.headers.get("Authorization"));
  if (!secret) return null;
  const key = await prisma.apiKey.findUnique({
    where: { keyHash: hashApiKey(secret) },
    select: { id: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) return null;
  if (lastUsedIsStale(key.lastUsedAt, now)) {
    const staleBefore = new Date(now.getTime() - 60_000);
    await prisma.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { keyId: key.id };
}
