import { Fragment } from "react";
import type { SnippetPiece } from "~/modules/library/search-query.ts";

/** A search snippet as text, its hits marked: built from pieces of text, never from HTML. */
export function Snippet({ pieces }: { pieces: SnippetPiece[] }) {
  return (
    <p className="text-sm text-slate-600">
      {pieces.map((piece, index) =>
        piece.hit ? (
          <mark key={index} className="rounded bg-amber-100 px-0.5 text-slate-900">
            {piece.text}
          </mark>
        ) : (
          <Fragment key={index}>{piece.text}</Fragment>
        ),
      )}
    </p>
  );
}
