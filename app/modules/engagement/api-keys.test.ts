import { describe, expect, it } from "vitest";
import { bearerKey, generateApiKey, hashApiKey, lastUsedIsStale } from "./api-keys.ts";

describe("API keys", () => {
  it("are lyc_ and 32 random bytes, stored as a SHA-256 fingerprint and a short prefix", () => {
    const key = generateApiKey(() => Buffer.alloc(32, 7));
    expect(key.secret).toBe(`lyc_${Buffer.alloc(32, 7).toString("base64url")}`);
    expect(key.prefix).toBe(key.secret.slice(0, 12));
    expect(key.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.keyHash).toBe(hashApiKey(key.secret));
    expect(key.keyHash).not.toContain(key.secret.slice(4));
    expect(generateApiKey().secret).not.toBe(generateApiKey().secret);
  });

  it("are read from a Bearer header only", () => {
    expect(bearerKey("Bearer lyc_abc")).toBe("lyc_abc");
    expect(bearerKey("bearer   lyc_abc ")).toBe("lyc_abc");
    expect(bearerKey(null)).toBeNull();
    expect(bearerKey("Basic lyc_abc")).toBeNull();
    expect(bearerKey("Bearer sk_live_abc")).toBeNull();
    expect(bearerKey(`Bearer lyc_${"a".repeat(300)}`)).toBeNull();
  });

  it("record their last use at most once a minute", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(lastUsedIsStale(null, now)).toBe(true);
    expect(lastUsedIsStale(new Date("2026-03-01T11:59:30Z"), now)).toBe(false);
    expect(lastUsedIsStale(new Date("2026-03-01T11:59:00Z"), now)).toBe(true);
  });
});
