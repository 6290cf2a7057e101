import { describe, expect, test } from "vitest";
import { retryDelayMs } from "./backoff.ts";

const justUnderOne = () => 0.999_999;

describe("retryDelayMs", () => {
  test.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [10, 2_560_000],
    [11, 3_600_000],
    [50, 3_600_000],
    [10_000, 3_600_000],
  ])("attempt %i waits less than %i ms", (attempt, ceiling) => {
    const delay = retryDelayMs(attempt, { random: justUnderOne });
    expect(delay).toBeLessThan(ceiling);
    expect(delay).toBeGreaterThanOrEqual(ceiling * 0.999);
  });

  test("full jitter: the pick scales from zero to the ceiling", () => {
    expect(retryDelayMs(3, { random: () => 0 })).toBe(0);
    expect(retryDelayMs(3, { random: () => 0.5 })).toBe(10_000);
    expect(retryDelayMs(3, { random: () => 0.25 })).toBe(5_000);
  });

  test("honours custom base and cap", () => {
    expect(retryDelayMs(1, { baseMs: 100, random: () => 0.5 })).toBe(50);
    expect(retryDelayMs(20, { baseMs: 100, maxMs: 1_000, random: () => 0.5 })).toBe(500);
  });

  test("attempt 0 or below counts as the first retry", () => {
    expect(retryDelayMs(0, { random: () => 0.5 })).toBe(2_500);
    expect(retryDelayMs(-3, { random: () => 0.5 })).toBe(2_500);
  });

  test("with Math.random stays within [0, ceiling)", () => {
    for (let i = 0; i < 1_000; i++) {
      const delay = retryDelayMs(2);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(10_000);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });
});
