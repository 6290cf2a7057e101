export type RetryDelayOptions = {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
};

/**
 * How long to wait before retry number `attempt` (1 = after the first failure).
 *
 * Exponential with full jitter: a uniform pick in [0, min(maxMs, baseMs · 2^(attempt-1))). The
 * jitter spreads retries out, so jobs that failed together (a provider outage) don't come back in a
 * burst and fail together again.
 *
 * Worked example with the defaults: attempt 1 → under 5 s, 2 → under 10 s, 3 → under 20 s, …,
 * attempt 11 and later → under 1 h.
 */
export function retryDelayMs(attempt: number, { baseMs = 5000, maxMs = 3_600_000, random = Math.random }: RetryDelayOptions = {}): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2 ** exponent overflows to Infinity for huge attempts; min() then yields the cap.
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
