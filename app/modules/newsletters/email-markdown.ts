import { renderMarkdown } from "~/utils/markdown.ts";
import { trackedHref } from "./placeholders.ts";

// A newsletter's text block: the shared sanitised markdown, then two things only email needs. Every
// link goes through the click tracker, and the common tags get inline styles (mail clients drop <style>).

const STYLES: Record<string, string> = {
  p: "color:#3f3f46;font-size:15px;line-height:24px;margin:0 0 16px",
  h2: "color:#18181b;font-size:20px;line-height:28px;font-weight:600;margin:24px 0 12px",
  h3: "color:#18181b;font-size:17px;line-height:26px;font-weight:600;margin:20px 0 8px",
  h4: "color:#18181b;font-size:15px;line-height:24px;font-weight:600;margin:16px 0 8px",
  ul: "color:#3f3f46;font-size:15px;line-height:24px;margin:0 0 16px;padding-left:24px",
  ol: "color:#3f3f46;font-size:15px;line-height:24px;margin:0 0 16px;padding-left:24px",
  blockquote: "border-left:3px solid #e4e4e7;color:#52525b;margin:0 0 16px;padding:0 0 0 12px",
  img: "max-width:100%;height:auto",
};

const ENTITIES: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&lt;": "<", "&gt;": ">" };

function decodeAttribute(value: string) {
  return value.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
}

export function markdownForEmail(markdown: string, appUrl: string): string {
  return renderMarkdown(markdown)
    .replace(/<a href="([^"]*)"/g, (_, href: string) => `<a style="color:#4338ca" href="${trackedHref(appUrl, decodeAttribute(href))}"`)
    .replace(/<(p|h2|h3|h4|ul|ol|blockquote|img)(?=[\s>])/g, (_, tag: string) => `<${tag} style="${STYLES[tag]}"`);
}
