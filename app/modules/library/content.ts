// Pure helpers for library items: slugs, topics, reading time and e-book chapters. No database, no
// Request: the editor's schema runs them in the browser too.

export const SLUG_MAX = 80;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "The admin's guide — SSO" → "the-admins-guide-sso": accents and apostrophes dropped, at most 80 characters. */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= SLUG_MAX) return slug;
  // Cut at a word boundary when there is one, so a long title does not end mid-word.
  const cut = slug.slice(0, SLUG_MAX + 1);
  const lastDash = cut.lastIndexOf("-");
  return (lastDash > SLUG_MAX / 2 ? cut.slice(0, lastDash) : cut.slice(0, SLUG_MAX)).replace(/-+$/, "");
}

// A careful adult reader of work documentation; skimmers are faster, but an estimate that is too
// short is the one readers resent.
const WORDS_PER_MINUTE = 200;

/** Words a reader actually reads: link targets, image addresses and markup do not count. */
export function countWords(markdown: string): number {
  const text = markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/<[^>]+>/g, " ");
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)?.length ?? 0;
}

/** Whole minutes to read, at least 1 for any text; null when there is nothing to read. */
export function readingMinutes(markdown: string): number | null {
  const words = countWords(markdown);
  return words === 0 ? null : Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

export type Chapter = { title: string; body: string };

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** The lines of a markdown text with whether each sits inside a fenced code block. */
function linesWithFences(markdown: string) {
  let fence: string | null = null;
  return markdown.split(/\r?\n/).map((line) => {
    const marker = FENCE.exec(line)?.[1];
    const inCode = fence !== null;
    if (marker) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return { line, inCode: true };
    }
    return { line, inCode };
  });
}

function headingAt(line: string, level: 1 | 2): string | null {
  const match = (level === 1 ? /^ {0,3}#[ \t]+(.+?)[ \t]*#*[ \t]*$/ : /^ {0,3}##[ \t]+(.+?)[ \t]*#*[ \t]*$/).exec(line);
  return match ? match[1]!.trim() : null;
}

/**
 * An e-book written as one markdown text, cut into chapters at its top-level headings: `# ` when the
 * text has any, otherwise `## `. Deeper headings stay inside their chapter, and `#` lines inside
 * fenced code are not headings. Text before the first heading becomes a chapter called
 * `introTitle`; a text without headings is one chapter of that name.
 *
 *   "Intro\n## Setup\nA\n## Use\nB" → [Introduction: "Intro"], [Setup: "A"], [Use: "B"]
 */
export function splitChapters(markdown: string, introTitle = "Introduction"): Chapter[] {
  const lines = linesWithFences(markdown);
  const level: 1 | 2 = lines.some(({ line, inCode }) => !inCode && headingAt(line, 1) !== null) ? 1 : 2;
  const chapters: Chapter[] = [];
  // null while still in the text before the first heading.
  let title: string | null = null;
  let buffer: string[] = [];
  const flush = () => {
    const body = buffer.join("\n").trim();
    // A heading with nothing under it is still a chapter; an empty preamble is not.
    if (title !== null) chapters.push({ title, body });
    else if (body) chapters.push({ title: introTitle, body });
  };
  for (const { line, inCode } of lines) {
    const heading = inCode ? null : headingAt(line, level);
    if (heading === null) {
      buffer.push(line);
      continue;
    }
    flush();
    title = heading;
    buffer = [];
  }
  flush();
  return chapters;
}

/**
 * The chapters as one text again, for the editor. `## ` headings unless a chapter itself holds `## `
 * lines, which would split differently on the next save; then `# `.
 */
export function joinChapters(chapters: Chapter[]): string {
  const nested = chapters.some((chapter) =>
    linesWithFences(chapter.body).some(({ line, inCode }) => !inCode && /^ {0,3}##?[ \t]/.test(line)),
  );
  const mark = nested ? "#" : "##";
  return chapters.map((chapter) => `${mark} ${chapter.title}\n\n${chapter.body}`.trimEnd()).join("\n\n");
}

/** 2_411_724 → "2.3 MB", 4 GiB → "4 GB": one decimal, dropped when it is 0. */
export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${Math.round(bytes / 1024)} KB`;
  const [value, unit] = bytes < 1024 ** 3 ? [bytes / 1024 ** 2, "MB"] : [bytes / 1024 ** 3, "GB"];
  return `${value.toFixed(1).replace(/\.0$/, "")} ${unit}`;
}
