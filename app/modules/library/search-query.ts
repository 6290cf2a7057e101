// What a person types into the library's search box, made into a full-text query that cannot be a
// syntax error (an FTS5 expression on SQLite, a to_tsquery text on PostgreSQL), and the highlighted snippet made back into plain pieces of text.

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

type Term = { words: string[]; phrase: boolean; prefix: boolean };

/**
 * What was typed, as at most MAX_TERMS terms: text between a pair of double quotes stays a phrase; an
 * unpaired quote is ignored. The last term matches as a prefix while it is still being typed (not when
 * it closes a phrase). Empty when nothing searchable is left.
 */
function searchTerms(input: string | null | undefined): Term[] {
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
  return kept.map((group, index) => ({ ...group, prefix: index === kept.length - 1 && !group.phrase && !/\s$/.test(text) }));
}

/**
 * SQLite (FTS5): `"usage dashboard" weekly rep` → `"usage dashboard" "weekly" "rep"*`.
 *
 * Every term is quoted, so AND, OR, NOT and NEAR are plain words and nothing the person types is
 * syntax. Null when nothing searchable is left.
 */
export function toFtsQuery(input: string | null | undefined): string | null {
  const terms = searchTerms(input);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.words.join(" ")}"${term.prefix ? "*" : ""}`).join(" ");
}

/**
 * PostgreSQL (to_tsquery): the same terms, `"usage dashboard" weekly rep` → `usage <-> dashboard & weekly & rep:*`.
 * Terms are only letters, digits and marks, so none is tsquery syntax. Null when nothing searchable is left.
 */
export function toTsQuery(input: string | null | undefined): string | null {
  const terms = searchTerms(input);
  if (terms.length === 0) return null;
  return terms.map((term) => `${term.words.join(" <-> ")}${term.prefix ? ":*" : ""}`).join(" & ");
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
