import { describe, expect, it } from "vitest";
import type { NewsletterBlock } from "./blocks.ts";
import { allowedClickTarget, linksInBlocks } from "./click-targets.ts";

const APP = "https://lyceum.example.com";
const blocks: NewsletterBlock[] = [
  { type: "text", markdown: "Read [the guide](https://docs.example.com/guide?a=1&b=2) or visit https://status.example.com/now." },
  { type: "cta", label: "Book an hour", url: "https://calendar.example.com/book" },
  { type: "session", sessionId: "s1" },
];

describe("linksInBlocks", () => {
  it("finds call-to-action URLs, markdown links and autolinks, with entities decoded", () => {
    expect([...linksInBlocks(blocks)].sort()).toEqual([
      "https://calendar.example.com/book",
      "https://docs.example.com/guide?a=1&b=2",
      "https://status.example.com/now",
    ]);
  });
});

describe("allowedClickTarget", () => {
  it.each([
    ["https://docs.example.com/guide?a=1&b=2", "https://docs.example.com/guide?a=1&b=2"],
    ["https://calendar.example.com/book", "https://calendar.example.com/book"],
    [`${APP}/portal/sessions/s1`, `${APP}/portal/sessions/s1`],
  ])("allows %s", (to, expected) => {
    expect(allowedClickTarget(to, APP, blocks)).toBe(expected);
  });

  it.each([
    ["an unknown site", "https://evil.example.net/login"],
    ["a known link with another query", "https://calendar.example.com/book?next=https://evil.example.net"],
    ["a look-alike host", "https://lyceum.example.com.evil.example.net/"],
    ["the app over another scheme", "http://lyceum.example.com/portal"],
    ["javascript", "javascript:alert(1)"],
    ["a relative path", "/portal"],
    ["nothing", null],
    ["garbage", "ht!tp://"],
  ])("refuses %s", (_label, to) => {
    expect(allowedClickTarget(to, APP, blocks)).toBeNull();
  });
});
