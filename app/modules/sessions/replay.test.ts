import { describe, expect, test } from "vitest";
import { replayHref } from "./replay.ts";

describe("replayHref", () => {
  test("prefers the published library video, falls back to the address, else none", () => {
    const video = { slug: "dashboards-deep-dive", status: "PUBLISHED" as const };
    expect(replayHref({ replayUrl: "https://videos.example/r/1", replayContent: video })).toBe("/portal/library/dashboards-deep-dive");
    expect(replayHref({ replayUrl: "https://videos.example/r/1", replayContent: { ...video, status: "DRAFT" } })).toBe(
      "https://videos.example/r/1",
    );
    expect(replayHref({ replayUrl: null, replayContent: { ...video, status: "DRAFT" } })).toBeNull();
    expect(replayHref({ replayUrl: null, replayContent: null })).toBeNull();
  });
});
