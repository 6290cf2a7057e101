import { createHash, randomBytes } from "node:crypto";

// Product-usage API keys: `lyc_` and 32 random bytes. Only the SHA-256 of the whole secret is stored
// (with a short prefix so admins can tell keys apart); the secret is shown once, when it is made.
export const API_KEY_PREFIX = "lyc_";
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function generateApiKey(random: (size: number) => Buffer = randomBytes) {
  const secret = `${API_KEY_PREFIX}${random(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashApiKey(secret) };
}

/** The key in `Authorization: Bearer <key>`, or null when the header is missing or not a Lyceum key. */
export function bearerKey(header: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const key = match?.[1];
  if (!key || !key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  return key;
}

/** lastUsedAt is a hint for admins, not an audit log: refresh it at most once a minute per key. */
export const LAST_USED_EVERY_MS = 60_000;
export function lastUsedIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_EVERY_MS;
}
