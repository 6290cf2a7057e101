import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";

// Unsubscribe, preference and click links work signed-out for as long as the email is kept, so they
// carry an HMAC instead of a stored token. The key is made on first use and kept in the database, so
// every app node signs and checks alike and `npm start` needs no configuration.

const KEY_NAME = "newsletter-link-key";
let cachedKey: Buffer | undefined;

export async function linkSigningKey(): Promise<Buffer> {
  if (cachedKey) return cachedKey;
  await prisma.$executeRaw`INSERT INTO "AppSecret" ("name", "value", "createdAt") VALUES (${KEY_NAME}, ${randomBytes(32).toString("base64url")}, ${new Date()}) ON CONFLICT ("name") DO NOTHING`;
  const row = await prisma.appSecret.findUniqueOrThrow({ where: { name: KEY_NAME }, select: { value: true } });
  cachedKey = Buffer.from(row.value, "base64url");
  return cachedKey;
}

/** For tests that swap databases. */
export function forgetLinkSigningKey() {
  cachedKey = undefined;
}

const SAFE_PART = /^[A-Za-z0-9_-]{1,64}$/;

/** `purpose.part1.part2.signature`; parts must be ids (letters, digits, _ and -). */
export function signLinkToken(key: Buffer, purpose: string, parts: string[]): string {
  for (const part of [purpose, ...parts]) if (!SAFE_PART.test(part)) throw new Error(`Cannot sign link part "${part}"`);
  const body = [purpose, ...parts].join(".");
  return `${body}.${mac(key, body)}`;
}

/** The parts of a token signed for this purpose, or null for anything forged, altered or malformed. */
export function verifyLinkToken(key: Buffer, purpose: string, token: string): string[] | null {
  if (token.length > 400) return null;
  const pieces = token.split(".");
  if (pieces.length < 3 || pieces[0] !== purpose) return null;
  const signature = pieces.pop()!;
  if (!pieces.every((piece) => SAFE_PART.test(piece))) return null;
  const expected = Buffer.from(mac(key, pieces.join(".")));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return pieces.slice(1);
}

function mac(key: Buffer, body: string) {
  return createHmac("sha256", key).update(body).digest("base64url").slice(0, 32);
}

export type RecipientLinks = { unsubscribeUrl: string; preferencesUrl: string; recipientToken: string };

/** The signed-out links in one recipient's copy of a newsletter. */
export async function recipientLinks(input: { userId: string; topicId: string; recipientId: string }): Promise<RecipientLinks> {
  const key = await linkSigningKey();
  const app = getEnv().APP_URL;
  return {
    unsubscribeUrl: `${app}/email/unsubscribe/${signLinkToken(key, "unsub", [input.userId, input.topicId])}`,
    preferencesUrl: `${app}/email/preferences/${signLinkToken(key, "prefs", [input.userId])}`,
    recipientToken: signLinkToken(key, "click", [input.recipientId]),
  };
}

/** RFC 8058: mail clients show an unsubscribe button that POSTs `List-Unsubscribe=One-Click` to the URL. */
export function listUnsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
