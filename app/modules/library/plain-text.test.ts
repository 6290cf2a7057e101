import { describe, expect, test } from "vitest";
import { markdownToPlainText } from "./plain-text.ts";

describe("markdownToPlainText", () => {
  test("keeps the words a reader sees, one block per line", () => {
    expect(markdownToPlainText("# Title\n\nHello **bold** and [a link](https://example.com).\n\n- one\n- two\n\n> quoted")).toBe(
      "Title\nHello bold and a link.\none\ntwo\nquoted",
    );
  });

  test("tables, code and entities", () => {
    expect(markdownToPlainText("| a | b |\n|---|---|\n| 1 | 2 |\n\n`x < y` &amp; more\n\n```\ncode block\n```")).toBe(
      "a b\n1 2\nx < y & more\ncode block",
    );
  });

  test("raw HTML keeps its text but scripts keep nothing", () => {
    const text = markdownToPlainText(
      '<script>alert("x")</script>\n\n<div>Visible <em>words</em></div>\n\n<img src=x onerror=alert(1)> after',
    );
    expect(text).not.toMatch(/alert|script|onerror|</);
    expect(text).toContain("Visible words");
    expect(text).toContain("after");
  });

  test("nothing in, nothing out", () => {
    expect(markdownToPlainText("")).toBe("");
    expect(markdownToPlainText(null)).toBe("");
  });
});
