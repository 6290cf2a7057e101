// Markdown written by staff (session descriptions, notes) rendered to HTML that is safe to drop into a
// page or an email. marked keeps raw HTML and any link target, so everything it produces goes through
// an allowlist afterwards: the sanitiser, not the markdown parser, is the security boundary.

import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Our own instance, so an extension registered elsewhere on the global `marked` cannot change this.
const markdown = new Marked({ gfm: true, breaks: false });

const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

// Absolute URLs only: the same HTML goes into emails, where a relative link has nothing to resolve against.
function hasProtocol(value: string | undefined, protocols: Set<string>): value is string {
  if (!value) return false;
  try {
    return protocols.has(new URL(value.trim()).protocol);
  } catch {
    return false;
  }
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...["h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote"],
    ...["ul", "ol", "li", "strong", "em", "del", "code", "pre", "a", "img", "span"],
    ...["table", "thead", "tbody", "tr", "th", "td"],
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title"],
    ol: ["start"],
    th: [{ name: "align", multiple: false, values: ["left", "center", "right"] }],
    td: [{ name: "align", multiple: false, values: ["left", "center", "right"] }],
  },
  allowedClasses: { code: ["language-*"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowProtocolRelative: false,
  // Raw-text elements are dropped with their contents; otherwise their inner markup would come back as text.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "xmp",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "title",
    "template",
  ],
  transformTags: {
    // The page owns its one <h1>: a description's headings start one level below it.
    h1: "h2",
    h2: "h3",
    h3: "h4",
    // A link we would not follow becomes its text, so the words stay but nothing is clickable.
    a: (_tagName, attribs) =>
      hasProtocol(attribs.href, LINK_PROTOCOLS)
        ? {
            tagName: "a",
            attribs: {
              href: attribs.href.trim(),
              ...(attribs.title ? { title: attribs.title } : {}),
              rel: "noopener noreferrer",
              target: "_blank",
            },
          }
        : { tagName: "span", attribs: {} },
  },
  // By now disallowed schemes have lost their src; an image without an https one shows nothing useful.
  exclusiveFilter: (frame) => frame.tag === "img" && !hasProtocol(frame.attribs.src, new Set(["https:"])),
};

export function renderMarkdown(source: string | null | undefined): string {
  if (!source) return "";
  const html = markdown.parse(source, { async: false });
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}
