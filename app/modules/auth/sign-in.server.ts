import { queueEmail } from "~/modules/email/send-email.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { burnPasswordCheck, verifyPassword } from "./password.server.ts";
import { consumeRateLimits, RATE_LIMITS, refundRateLimits, type RateLimitRule } from "./rate-limit.server.ts";
import { generateSecureRandomString, hashToken } from "./tokens.ts";

export const MAGIC_LINK_TTL_MINUTES = 10;

export type SignInResult =
  { ok: true; userId: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/**
 * Every attempt is counted before the password is checked (so parallel guesses all pay), and a correct
 * one is given back: only failures use up the per-address and per-client budgets, and an office behind
 * one address does not lock itself out by signing in.
 */
export async function signInWithPassword(input: { email: string; password: string; clientId: string }): Promise<SignInResult> {
  const now = new Date();
  const checks: Array<[RateLimitRule, string]> = [
    [RATE_LIMITS.signInPerEmail, input.email],
    [RATE_LIMITS.signInPerClient, input.clientId],
  ];
  const limit = await consumeRateLimits(checks, now);
  if (!limit.allowed) return { ok: false, reason: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds };

  const user = await prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, deactivatedAt: true, password: { select: { hash: true } } },
  });
  if (!user?.password || user.deactivatedAt) {
    await burnPasswordCheck(input.password);
    return { ok: false, reason: "invalid" };
  }
  const valid = await verifyPassword(user.password.hash, input.password);
  if (!valid) return { ok: false, reason: "invalid" };
  await refundRateLimits(checks, now);
  return { ok: true, userId: user.id };
}

export type EmailLinkResult = { ok: true } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/**
 * Sends a single-use sign-in link when the email belongs to an active user. The answer is the same
 * either way, so the form cannot be used to learn who has an account.
 */
export async function requestMagicLink(input: { email: string; clientId: string; redirectTo?: string }): Promise<EmailLinkResult> {
  const limit = await consumeRateLimits([
    [RATE_LIMITS.emailLinkPerEmail, input.email],
    [RATE_LIMITS.emailLinkPerClient, input.clientId],
  ]);
  if (!limit.allowed) return { ok: false, reason: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds };

  const user = await prisma.user.findUnique({ where: { email: input.email }, select: { name: true, deactivatedAt: true } });
  if (!user || user.deactivatedAt) return { ok: true };

  const token = generateSecureRandomString();
  const url = new URL("/login/magic", getEnv().APP_URL);
  url.searchParams.set("token", token);
  if (input.redirectTo) url.searchParams.set("redirectTo", input.redirectTo);

  await prisma.$transaction(async (tx) => {
    const row = await tx.emailToken.create({
      data: {
        purpose: "MAGIC_LINK",
        email: input.email,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + MAGIC_LINK_TTL_MINUTES * 60_000),
      },
      select: { id: true },
    });
    await queueEmail(tx, {
      template: "magic-link",
      to: input.email,
      props: { name: user.name, url: url.toString(), expiresInMinutes: MAGIC_LINK_TTL_MINUTES },
      idempotencyKey: `magic-link:${row.id}`,
    });
  });
  return { ok: true };
}

/** Marks the link used with one conditional write: of two concurrent clicks, exactly one signs in. */
export async function consumeMagicLink(token: string, now = new Date()): Promise<{ userId: string } | null> {
  const tokenHash = hashToken(token);
  const used = await prisma.emailToken.updateMany({
    where: { tokenHash, purpose: "MAGIC_LINK", usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (used.count !== 1) return null;
  const row = await prisma.emailToken.findUnique({ where: { tokenHash }, select: { email: true } });
  if (!row) return null;
  const user = await prisma.user.findUnique({
    where: { email: row.email },
    select: { id: true, deactivatedAt: true, emailVerifiedAt: true },
  });
  if (!user || user.deactivatedAt) return null;
  if (!user.emailVerifiedAt) await prisma.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } });
  return { userId: user.id };
}

/** Whether a not-yet-used, unexpired link exists; the confirm page shows this before the click. */
export async function isMagicLinkUsable(token: string, now = new Date()) {
  const row = await prisma.emailToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { purpose: true, usedAt: true, expiresAt: true },
  });
  return Boolean(row && row.purpose === "MAGIC_LINK" && !row.usedAt && row.expiresAt > now);
}
