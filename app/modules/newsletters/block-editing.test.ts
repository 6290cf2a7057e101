import { describe, expect, it } from "vitest";
import { DomainError } from "~/modules/auth/errors.ts";
import { addBlock, MAX_BLOCKS, moveBlock, removeBlock, replaceBlock } from "./block-editing.ts";
import type { NewsletterBlock } from "./blocks.ts";

const text: NewsletterBlock = { type: "text", markdown: "Hello" };
const session: NewsletterBlock = { type: "session", sessionId: "s1" };
const cta: NewsletterBlock = { type: "cta", label: "Go", url: "https://example.com" };

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("newsletter block editing", () => {
  it("adds at the end, up to the limit", () => {
    expect(addBlock([text], cta)).toEqual([text, cta]);
    const full = Array.from({ length: MAX_BLOCKS }, () => text);
    expect(refusal(() => addBlock(full, cta)).status).toBe(409);
  });

  it("moves a block up and down, and refuses to move past either end", () => {
    const blocks = [text, session, cta];
    expect(moveBlock(blocks, { index: 1, type: "session" }, "up")).toEqual([session, text, cta]);
    expect(moveBlock(blocks, { index: 1, type: "session" }, "down")).toEqual([text, cta, session]);
    expect(refusal(() => moveBlock(blocks, { index: 0, type: "text" }, "up"))).toEqual({
      status: 409,
      message: "This block is already first.",
    });
    expect(refusal(() => moveBlock(blocks, { index: 2, type: "cta" }, "down"))).toEqual({
      status: 409,
      message: "This block is already last.",
    });
    expect(blocks).toEqual([text, session, cta]);
  });

  it("replaces and removes the block at its index", () => {
    const edited: NewsletterBlock = { type: "text", markdown: "Changed" };
    expect(replaceBlock([text, cta], { index: 0, type: "text" }, edited)).toEqual([edited, cta]);
    expect(removeBlock([text, session, cta], { index: 1, type: "session" })).toEqual([text, cta]);
  });

  it("refuses a change made from a stale page: the block at that index is not the one the editor saw", () => {
    expect(refusal(() => removeBlock([text, cta], { index: 1, type: "session" })).status).toBe(409);
    expect(refusal(() => removeBlock([text], { index: 3, type: "text" })).status).toBe(409);
  });

  it("keeps a block's type when it is saved", () => {
    expect(refusal(() => replaceBlock([text], { index: 0, type: "text" }, cta)).status).toBe(400);
  });
});
