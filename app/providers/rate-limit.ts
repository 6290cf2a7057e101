/** The provider refused because of its rate limit; wait `retryAfterMs`, then send the same request again. */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterMs: number,
    message = `Rate limited: retry in ${retryAfterMs} ms`,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

/** Used when a 429 carries no usable header. */
export const DEFAULT_RETRY_MS = 1_000;

/**
 * How long a 429 asks us to wait. `retry-after` is seconds (or an HTTP date, per RFC 9110);
 * `ratelimit-reset` is seconds until the window resets (IETF RateLimit headers, which Resend sends).
 * The longer of the two wins; nothing usable means DEFAULT_RETRY_MS.
 */
export function retryWaitMs(headers: Record<string, string> | null | undefined, now: Date = new Date()): number {
  const lower = Object.fromEntries(Object.entries(headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  const waits = [secondsOrDate(lower["retry-after"], now), secondsOrDate(lower["ratelimit-reset"], now, false)].filter(
    (wait): wait is number => wait !== null,
  );
  return waits.length > 0 ? Math.max(...waits) : DEFAULT_RETRY_MS;
}

function secondsOrDate(value: string | undefined, now: Date, allowDate = true): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  if (!allowDate) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
