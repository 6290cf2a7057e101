import { Link } from "@remix-run/react";
import type { LibraryCard } from "~/modules/library/content.server.ts";
import { ContentKindBadge, TopicList } from "./badges.tsx";
import { Snippet } from "./snippet.tsx";

/** One item in the customer's library: what it is, how long it takes, and why it matched a search. */
export function ContentCard({ item }: { item: LibraryCard }) {
  const headingId = `item-${item.id}-title`;
  const facts = [item.minutes, item.detail].filter(Boolean).join(" · ");
  return (
    <li>
      <article aria-labelledby={headingId} className="flex h-full flex-col gap-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <ContentKindBadge kind={item.kind} label={item.kindLabel} />
          {facts ? <span>{facts}</span> : null}
        </div>
        <h3 id={headingId} className="text-lg font-semibold text-slate-900">
          <Link to={`/portal/library/${item.slug}`} className="hover:text-brand-700 hover:underline hover:underline-offset-4">
            {item.title}
          </Link>
        </h3>
        {item.snippet?.length ? (
          <Snippet pieces={item.snippet} />
        ) : item.summary ? (
          <p className="text-sm text-slate-600">{item.summary}</p>
        ) : null}
        <div className="mt-auto flex flex-wrap items-center justify-between gap-2">
          <TopicList topics={item.topics} label={`Topics of ${item.title}`} />
          {item.published ? <p className="text-xs text-slate-500">Added {item.published}</p> : null}
        </div>
      </article>
    </li>
  );
}
