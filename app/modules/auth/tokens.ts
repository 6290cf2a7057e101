import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** 20 random bytes = 160 bits, base32 (32 characters, [a-z2-7]). */
export function generateSecureRandomString(bytes = 20): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** For single-use email tokens (magic links, invites): only this hex digest is stored. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(hashSecret(token));
}

const LINK_TOKEN = /^[a-z2-7]{16,128}$/;

/**
 * The stored hash to look a link's token up by (a booking's manage link, a queue offer's claim link),
 * or null when the value cannot be one of ours: empty, too long, or not base32 as
 * generateSecureRandomString writes it. Junk from a URL answers "unknown" without being hashed.
 */
export function linkTokenHash(token: string): string | null {
  return LINK_TOKEN.test(token) ? hashToken(token) : null;
}

export type SessionToken = { id: string; secret: string; token: string };

/**
 * A session token is `<id>.<secret>`. The id finds the row; the secret is only stored hashed and is
 * compared in constant time, so a leaked database cannot be replayed as cookies and a timing attack
 * on the lookup learns nothing about the secret.
 */
export function generateSessionToken(): SessionToken {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  return { id, secret, token: `${id}.${secret}` };
}

const TOKEN_PART = /^[a-z2-7]{32}$/;

export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const [id, secret, extra] = token.split(".");
  if (extra !== undefined || !id || !secret || !TOKEN_PART.test(id) || !TOKEN_PART.test(secret)) return null;
  return { id, secret };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), storedHash);
}
