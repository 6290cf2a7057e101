import { queueEmail } from "~/modules/email/send-email.server.ts";
import { isUniqueViolation, prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { DomainError } from "./errors.ts";
import { hashPassword } from "./password.server.ts";
import { consumeRateLimits, RATE_LIMITS } from "./rate-limit.server.ts";
import { requestMagicLink, type EmailLinkResult } from "./sign-in.server.ts";
import { generateSecureRandomString, hashToken } from "./tokens.ts";

export const SIGN_UP_TTL_MINUTES = 60;

export function emailDomain(email: string) {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * Self sign-up proves the email first: the link goes to the inbox, and only an address on one of an
 * account's domains can join that account. The page answers the same whatever the outcome.
 */
export async function requestSignUp(input: { email: string; clientId: string }): Promise<EmailLinkResult> {
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return requestMagicLink({ email: input.email, clientId: input.clientId });

  const limit = await consumeRateLimits([
    [RATE_LIMITS.emailLinkPerEmail, input.email],
    [RATE_LIMITS.emailLinkPerClient, input.clientId],
  ]);
  if (!limit.allowed) return { ok: false, reason: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds };

  const domain = await prisma.accountDomain.findUnique({
    where: { domain: emailDomain(input.email) },
    select: { account: { select: { id: true, name: true } } },
  });
  const token = generateSecureRandomString();
  await prisma.$transaction(async (tx) => {
    let url: string | null = null;
    let key = `verify-email:none:${input.email}:${Math.floor(Date.now() / 3_600_000)}`;
    if (domain) {
      const row = await tx.emailToken.create({
        data: {
          purpose: "SIGNUP",
          email: input.email,
          accountId: domain.account.id,
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + SIGN_UP_TTL_MINUTES * 60_000),
        },
        select: { id: true },
      });
      url = new URL(`/signup/${token}`, getEnv().APP_URL).toString();
      key = `verify-email:${row.id}`;
    }
    await queueEmail(tx, {
      template: "verify-email",
      to: input.email,
      props: { url, accountName: domain?.account.name ?? null },
      idempotencyKey: key,
    });
  });
  return { ok: true };
}

export async function findSignUpToken(token: string, now = new Date()) {
  const row = await prisma.emailToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { purpose: true, email: true, usedAt: true, expiresAt: true, accountId: true },
  });
  if (!row || row.purpose !== "SIGNUP" || !row.accountId) return null;
  const account = await prisma.account.findUnique({ where: { id: row.accountId }, select: { name: true } });
  const state = row.usedAt ? "used" : row.expiresAt <= now ? "expired" : "open";
  return { email: row.email, accountName: account?.name ?? "", state } as const;
}

export async function completeSignUp(token: string, input: { name: string; password: string; timeZone?: string }, now = new Date()) {
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(token);
  try {
    return await prisma.$transaction(async (tx) => {
      const claimed = await tx.emailToken.updateMany({
        where: { tokenHash, purpose: "SIGNUP", usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw new DomainError(410, "This link has expired or was already used. Start again to get a new one.");
      const row = await tx.emailToken.findUniqueOrThrow({ where: { tokenHash }, select: { email: true, accountId: true } });
      const account = row.accountId ? await tx.account.findUnique({ where: { id: row.accountId }, select: { timeZone: true } }) : null;
      return tx.user.create({
        data: {
          email: row.email,
          name: input.name,
          role: "MEMBER",
          accountId: row.accountId,
          timeZone: input.timeZone ?? account?.timeZone ?? getEnv().DEFAULT_TIME_ZONE,
          emailVerifiedAt: now,
          password: { create: { hash: passwordHash } },
        },
        select: { id: true, role: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(409, "This email already has a Lyceum login. Sign in instead.");
    throw error;
  }
}
