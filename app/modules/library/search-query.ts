// What a person types into the library's search box, made into an FTS5 expression that cannot be a
// syntax error, and the highlighted snippet made back into plain pieces of text.

// Both sides of a hit in a snippet. Private-use characters: they never occur in indexed text
// (indexing strips them), so splitting on them is exact, and no HTML is ever built from a snippet.
export const HIT_START = "\uE000";
export const HIT_END = "\uE001";

export const MAX_TERMS = 8;
const MAX_QUERY_LENGTH = 200;

// Letters and digits in any script, with joining marks: the same runs FTS5's unicode61 tokenizer
// keeps. Everything else (quotes, *, parentheses, ^, -, :) separates terms and means nothing.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

function words(text: string) {
  return text.match(WORD) ?? [];
}

/**
 * `"usage dashboard" weekly rep` → `"usage dashboard" "weekly" "rep"*`.
 *
 * Every term is quoted, so AND, OR, NOT and NEAR are plain words and nothing the person types is
 * syntax. Text between a pair of double quotes stays a phrase; an unpaired quote is ignored. The last
 * term matches as a prefix while it is still being typed (not when it closes a phrase). Null when
 * nothing searchable is left.
 */
export function toFtsQuery(input: string | null | undefined): string | null {
  const text = (input ?? "").slice(0, MAX_QUERY_LENGTH);
  const groups: { words: string[]; phrase: boolean }[] = [];
  const pieces = text.split('"');
  // An odd count of quotes leaves the last piece unclosed: read it as loose words.
  pieces.forEach((piece, index) => {
    const quoted = index % 2 === 1 && index < pieces.length - 1;
    const found = words(piece);
    if (quoted && found.length > 1) groups.push({ words: found, phrase: true });
    else for (const word of found) groups.push({ words: [word], phrase: false });
  });
  const kept = groups.slice(0, MAX_TERMS);
  if (kept.length === 0) return null;
  return kept
    .map((group, index) => {
      const quoted = `"${group.words.join(" ")}"`;
      const last = index === kept.length - 1;
      return last && !group.phrase && !/\s$/.test(text) ? `${quoted}*` : quoted;
    })
    .join(" ");
}

export type SnippetPiece = { text: string; hit: boolean };

/** `a \uE000b\uE001 c` → [{a, false}, {b, true}, {c, false}]: rendered as text with <mark>s. */
export function snippetPieces(snippet: string): SnippetPiece[] {
  const pieces: SnippetPiece[] = [];
  for (const [index, part] of snippet.split(HIT_START).entries()) {
    const end = index === 0 ? -1 : part.indexOf(HIT_END);
    const inside = index === 0 ? "" : end === -1 ? part : part.slice(0, end);
    const after = index === 0 ? part : end === -1 ? "" : part.slice(end + HIT_END.length);
    if (inside) pieces.push({ text: inside, hit: true });
    if (after) pieces.push({ text: after.replaceAll(HIT_END, ""), hit: false });
  }
  return pieces;
}

/** Text to index: markers removed, so a snippet's markers are always our own. */
export function indexableText(text: string): string {
  return text.replaceAll(HIT_START, "").replaceAll(HIT_END, "");
}
