import { DomainError } from "~/modules/auth/errors.ts";
import type { NewsletterBlock } from "./blocks.ts";

// The editor's operations on the ordered block list. Each takes the list as it was when the editor
// loaded the page (index + type identify a block), so a stale page is refused rather than editing the
// wrong block. Pure: the caller stores the result with a write conditional on the list it started from.

export const MAX_BLOCKS = 40;

export type BlockRef = { index: number; type: NewsletterBlock["type"] };

function blockAt(blocks: NewsletterBlock[], ref: BlockRef): NewsletterBlock {
  const block = blocks[ref.index];
  if (!block || block.type !== ref.type) {
    throw new DomainError(409, "The blocks changed since this page was loaded. Reload the page and try again.");
  }
  return block;
}

export function addBlock(blocks: NewsletterBlock[], block: NewsletterBlock): NewsletterBlock[] {
  if (blocks.length >= MAX_BLOCKS) throw new DomainError(409, `A newsletter holds at most ${MAX_BLOCKS} blocks. Remove one first.`);
  return [...blocks, block];
}

export function replaceBlock(blocks: NewsletterBlock[], ref: BlockRef, block: NewsletterBlock): NewsletterBlock[] {
  blockAt(blocks, ref);
  if (block.type !== ref.type) throw new DomainError(400, "A block keeps its type. Remove it and add one of the other type.");
  return blocks.map((current, index) => (index === ref.index ? block : current));
}

export function moveBlock(blocks: NewsletterBlock[], ref: BlockRef, direction: "up" | "down"): NewsletterBlock[] {
  blockAt(blocks, ref);
  const target = direction === "up" ? ref.index - 1 : ref.index + 1;
  if (target < 0 || target >= blocks.length) {
    throw new DomainError(409, direction === "up" ? "This block is already first." : "This block is already last.");
  }
  const next = [...blocks];
  [next[ref.index], next[target]] = [next[target]!, next[ref.index]!];
  return next;
}

export function removeBlock(blocks: NewsletterBlock[], ref: BlockRef): NewsletterBlock[] {
  blockAt(blocks, ref);
  return blocks.filter((_, index) => index !== ref.index);
}

export const BLOCK_TYPE_LABEL: Record<NewsletterBlock["type"], string> = {
  text: "Text",
  session: "Featured session",
  content: "Featured library item",
  cta: "Button",
};
