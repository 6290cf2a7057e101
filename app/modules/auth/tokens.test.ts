import { describe, expect, it } from "vitest";
import {
  generateSecureRandomString,
  generateSessionToken,
  hashSecret,
  hashToken,
  linkTokenHash,
  parseSessionToken,
  secretMatches,
} from "./tokens.ts";

describe("session tokens", () => {
  it("are id.secret with 160 bits in each half, different every time", () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    expect(a.token).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.secret).not.toBe(b.secret);
  });

  it("parse back into their parts and reject anything else", () => {
    const { id, secret, token } = generateSessionToken();
    expect(parseSessionToken(token)).toEqual({ id, secret });
    for (const bad of ["", "abc", `${id}.`, `.${secret}`, `${id}.${secret}.x`, `${id.toUpperCase()}.${secret}`, `${id}.${secret}!`]) {
      expect(parseSessionToken(bad), bad).toBeNull();
    }
  });

  it("match only the secret whose hash is stored", () => {
    const { secret } = generateSessionToken();
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(generateSessionToken().secret, stored)).toBe(false);
  });

  it("hash email tokens to a hex digest that never contains the token", () => {
    const token = "abcdefghijklmnopqrstuvwxyz234567";
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
    expect(hashToken(token)).toBe(hashToken(token));
  });
});

describe("link tokens", () => {
  it("are looked up by their hash when they have the shape we write, and not at all otherwise", () => {
    for (const token of [generateSecureRandomString(), generateSecureRandomString(24)]) expect(linkTokenHash(token)).toBe(hashToken(token));
    const token = generateSecureRandomString(24);
    for (const bad of ["", "abc", token.toUpperCase(), `${token}!`, `${token}/x`, "a".repeat(129), "😀".repeat(20), " ".repeat(32)]) {
      expect(linkTokenHash(bad), bad).toBeNull();
    }
  });
});
