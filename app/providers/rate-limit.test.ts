import { describe, expect, test } from "vitest";
import { DEFAULT_RETRY_MS, retryWaitMs } from "./rate-limit.ts";

describe("retryWaitMs", () => {
  const now = new Date("2026-11-23T10:00:00Z");

  test.each([
    ["retry-after in seconds", { "retry-after": "2" }, 2_000],
    ["fractional seconds round up to the millisecond", { "Retry-After": "0.25" }, 250],
    ["ratelimit-reset in seconds", { "ratelimit-reset": "1" }, 1_000],
    ["the longer of the two", { "retry-after": "1", "ratelimit-reset": "3" }, 3_000],
    ["an HTTP date", { "retry-after": "Mon, 23 Nov 2026 10:00:05 GMT" }, 5_000],
    ["a date already past waits nothing", { "retry-after": "Mon, 23 Nov 2026 09:00:00 GMT" }, 0],
    ["garbage falls back", { "retry-after": "soon" }, DEFAULT_RETRY_MS],
    ["no headers falls back", {}, DEFAULT_RETRY_MS],
  ])("%s", (_label, headers, expected) => {
    expect(retryWaitMs(headers, now)).toBe(expected);
  });

  test("null headers (the SDK's network error) fall back", () => {
    expect(retryWaitMs(null, now)).toBe(DEFAULT_RETRY_MS);
  });
});
