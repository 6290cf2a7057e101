// An account's timeline: every engagement event, CSM hour and note, newest first, one page at a time.
// Three tables are merged, so paging uses a cursor on the total order (time, source, id) rather
// than an offset: each source is read from just past the cursor, pageSize + 1 rows at most.

export const TIMELINE_PAGE_SIZE = 25;

export type TimelineSource = "event" | "booking" | "note";
/** Breaks ties between rows at the same instant: notes, then hours, then events. */
export const SOURCE_RANK: Record<TimelineSource, number> = { note: 2, booking: 1, event: 0 };

export const TIMELINE_FILTERS = ["all", "sessions", "content", "newsletters", "hours", "product", "notes"] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];
export const FILTER_LABELS: Record<TimelineFilter, string> = {
  all: "Everything",
  sessions: "Sessions",
  content: "Videos and documents",
  newsletters: "Newsletters",
  hours: "CSM hours",
  product: "Product usage",
  notes: "Notes",
};

/** Which sources a filter reads, and for events which kind prefixes (null: every kind). */
export const FILTER_SOURCES: Record<TimelineFilter, { events: string[] | null | false; bookings: boolean; notes: boolean }> = {
  all: { events: null, bookings: true, notes: true },
  sessions: { events: ["session."], bookings: false, notes: false },
  content: { events: ["video.", "document.", "path."], bookings: false, notes: false },
  newsletters: { events: ["newsletter."], bookings: false, notes: false },
  hours: { events: ["csm_hour."], bookings: true, notes: false },
  product: { events: ["product."], bookings: false, notes: false },
  notes: { events: false, bookings: false, notes: true },
};

export function readFilter(value: string | null): TimelineFilter {
  return (TIMELINE_FILTERS as readonly string[]).includes(value ?? "") ? (value as TimelineFilter) : "all";
}

export type Cursor = { at: Date; rank: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.at.toISOString()}_${cursor.rank}_${cursor.id}`;
}

/** Anything malformed reads as "from the newest": a stale or edited link must not be a 500. */
export function parseCursor(value: string | null): Cursor | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-2])_([\w-]{1,64})$/.exec(value ?? "");
  if (!match) return null;
  const at = new Date(match[1]!);
  if (Number.isNaN(at.getTime())) return null;
  return { at, rank: Number(match[2]), id: match[3]! };
}

/**
 * Which rows of a source come after the cursor in (time desc, rank desc, id desc) order:
 * a source ranked below the cursor's may share its instant, one ranked above may not, and the
 * cursor's own source continues below its id at that instant.
 */
export type Bound = { atMost?: Date; before?: Date; sameInstantBelowId?: { at: Date; id: string } };
export function boundAfter(source: TimelineSource, cursor: Cursor | null): Bound {
  if (!cursor) return {};
  const rank = SOURCE_RANK[source];
  if (rank < cursor.rank) return { atMost: cursor.at };
  if (rank > cursor.rank) return { before: cursor.at };
  return { before: cursor.at, sameInstantBelowId: { at: cursor.at, id: cursor.id } };
}

export type TimelineItem = { id: string; source: TimelineSource; at: Date };

/** Merges the sources' pages and cuts one page; `next` is set when more rows remain. */
export function mergePage<T extends TimelineItem>(sources: T[][], pageSize: number): { items: T[]; next: Cursor | null } {
  const merged = sources
    .flat()
    .sort(
      (a, b) =>
        b.at.getTime() - a.at.getTime() || SOURCE_RANK[b.source] - SOURCE_RANK[a.source] || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
  const items = merged.slice(0, pageSize);
  const last = items.at(-1);
  return { items, next: merged.length > pageSize && last ? { at: last.at, rank: SOURCE_RANK[last.source], id: last.id } : null };
}

export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}
