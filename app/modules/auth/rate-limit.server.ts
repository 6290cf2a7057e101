import { prisma, isUniqueViolation } from "~/utils/db.server.ts";

export type RateLimitRule = { name: string; limit: number; windowMs: number };

export const RATE_LIMITS = {
  signInPerEmail: { name: "sign-in:email", limit: 10, windowMs: 15 * 60_000 },
  signInPerClient: { name: "sign-in:client", limit: 30, windowMs: 15 * 60_000 },
  emailLinkPerEmail: { name: "email-link:email", limit: 3, windowMs: 15 * 60_000 },
  emailLinkPerClient: { name: "email-link:client", limit: 10, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Fixed-window counter kept in the database, so every app node shares it. The key carries the
 * window number; the increment is a single conditional write, so concurrent attempts all count.
 */
export async function consumeRateLimit(rule: RateLimitRule, subject: string, now = new Date()): Promise<RateLimitResult> {
  const window = Math.floor(now.getTime() / rule.windowMs);
  const key = `${rule.name}:${subject.toLowerCase()}:${window}`;
  const windowEnds = (window + 1) * rule.windowMs;
  let count: number;
  try {
    const row = await prisma.rateLimit.upsert({
      where: { key },
      create: { key, count: 1, windowStartAt: new Date(window * rule.windowMs) },
      update: { count: { increment: 1 } },
      select: { count: true },
    });
    count = row.count;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await prisma.rateLimit.update({ where: { key }, data: { count: { increment: 1 } }, select: { count: true } });
    count = row.count;
  }
  return {
    allowed: count <= rule.limit,
    remaining: Math.max(0, rule.limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000)),
  };
}

/** Checks several limits; the first refusal wins. All are counted, so a refused client keeps paying. */
export async function consumeRateLimits(checks: Array<[RateLimitRule, string]>, now = new Date()) {
  const results = await Promise.all(checks.map(([rule, subject]) => consumeRateLimit(rule, subject, now)));
  return results.find((result) => !result.allowed) ?? { allowed: true, remaining: 0, retryAfterSeconds: 0 };
}

/**
 * Gives back what consumeRateLimits took, in the same window: for attempts that turned out legitimate
 * (a correct password), so only failures use up a person's or a network's budget.
 */
export async function refundRateLimits(checks: Array<[RateLimitRule, string]>, now = new Date()) {
  await Promise.all(
    checks.map(([rule, subject]) => {
      const window = Math.floor(now.getTime() / rule.windowMs);
      const key = `${rule.name}:${subject.toLowerCase()}:${window}`;
      return prisma.rateLimit.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
    }),
  );
}

export async function pruneRateLimits(now = new Date()) {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60_000);
  await prisma.rateLimit.deleteMany({ where: { windowStartAt: { lt: dayAgo } } });
}
