import { Marked, type Token, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

// The words of a markdown text without its markup, for the search index and its snippets: what a
// reader sees, so a search for "bold" does not match "**", and a snippet never shows syntax.

const markdown = new Marked({ gfm: true });

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1]?.toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// Raw HTML in a text keeps its words; scripts, styles and the like keep nothing.
function htmlText(html: string) {
  return decodeEntities(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }));
}

function collect(tokens: Token[], out: string[]) {
  for (const token of tokens) {
    switch (token.type) {
      case "space":
      case "hr":
      case "br":
        out.push("\n");
        break;
      case "html":
        out.push(htmlText(token.text), token.block ? "\n" : "");
        break;
      case "code":
        out.push(token.text, "\n");
        break;
      case "codespan":
        out.push(decodeEntities(token.text));
        break;
      case "image":
        out.push(token.text);
        break;
      case "list":
        for (const item of (token as Tokens.List).items) {
          collect(item.tokens, out);
          out.push("\n");
        }
        break;
      case "table": {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) {
          for (const cell of row) {
            collect(cell.tokens, out);
            out.push(" ");
          }
          out.push("\n");
        }
        break;
      }
      default: {
        const nested = (token as { tokens?: Token[] }).tokens;
        if (nested) collect(nested, out);
        else if ("text" in token && typeof token.text === "string") out.push(decodeEntities(token.text));
        if (token.type === "heading" || token.type === "paragraph" || token.type === "blockquote") out.push("\n");
      }
    }
  }
}

/** Markdown → the text a reader sees, one block per line, blank runs collapsed. */
export function markdownToPlainText(source: string | null | undefined): string {
  if (!source) return "";
  const out: string[] = [];
  collect(markdown.lexer(source), out);
  return out
    .join("")
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
