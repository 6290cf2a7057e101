import { renderMarkdown } from "~/utils/markdown.ts";
import type { NewsletterBlock } from "./blocks.ts";

// The click tracker redirects only to places the newsletter itself links to, or to this app: anything
// else would make /email/click an open redirect that phishers could borrow our domain for.

const ENTITIES: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&lt;": "<", "&gt;": ">" };

/** Every http(s) link a newsletter's blocks carry: call-to-action URLs and links in markdown text, as rendered. */
export function linksInBlocks(blocks: NewsletterBlock[]): Set<string> {
  const links = new Set<string>();
  for (const block of blocks) {
    if (block.type === "cta") links.add(block.url);
    if (block.type !== "text") continue;
    for (const match of renderMarkdown(block.markdown).matchAll(/href="([^"]*)"/g)) {
      links.add(match[1]!.replace(/&(?:amp|quot|#39|#x27|lt|gt);/g, (entity) => ENTITIES[entity]!));
    }
  }
  return links;
}

/** The URL to redirect a click to, or null when `to` is not one of the newsletter's links nor on the app's own origin. */
export function allowedClickTarget(to: string | null, appUrl: string, blocks: NewsletterBlock[]): string | null {
  if (!to || to.length > 2000) return null;
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.origin === new URL(appUrl).origin) return url.href;
  return linksInBlocks(blocks).has(to) ? to : null;
}
