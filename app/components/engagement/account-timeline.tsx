import { Form, Link } from "@remix-run/react";
import { buttonClass } from "~/components/ui/button.tsx";
import { controlClass } from "~/components/ui/field.tsx";
import { Badge, Card, EmptyState } from "~/components/ui/page.tsx";

type Item = {
  key: string;
  source: "event" | "booking" | "note";
  title: string;
  detail: string | null;
  who: string | null;
  when: string;
  at: string;
};
export type TimelineProps = {
  accountId: string;
  filter: string;
  filters: { value: string; label: string }[];
  isFirstPage: boolean;
  next: string | null;
  items: Item[];
};

const SOURCE_BADGES = {
  event: { label: "Engagement", tone: "brand" },
  booking: { label: "CSM hour", tone: "amber" },
  note: { label: "Note", tone: "slate" },
} as const;

const linkClass = "text-sm font-medium text-brand-700 underline underline-offset-4";

/** Everything that happened with the account in one list, newest first, filtered by kind and paged by a cursor. */
export function AccountTimeline({ timeline }: { timeline: TimelineProps }) {
  const query = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...(timeline.filter === "all" ? {} : { activity: timeline.filter }), ...extra })}`;
  const exportHref = `/console/accounts/${timeline.accountId}/timeline/export${query({})}`;
  return (
    <Card
      title="Timeline"
      actions={
        <a href={exportHref} download className={linkClass}>
          Download CSV
        </a>
      }
    >
      <div className="space-y-4" id="timeline">
        <Form method="get" className="flex flex-wrap items-end gap-2" preventScrollReset>
          <div>
            <label htmlFor="activity" className="block text-sm font-medium text-slate-800">
              Show
            </label>
            <select id="activity" name="activity" defaultValue={timeline.filter} className={controlClass}>
              {timeline.filters.map((filter) => (
                <option key={filter.value} value={filter.value}>
                  {filter.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Filter
          </button>
        </Form>
        {timeline.items.length === 0 ? (
          <EmptyState title={timeline.isFirstPage ? "Nothing recorded yet" : "No older entries"}>
            Sessions, videos, documents, newsletters, CSM hours and notes show up here.
          </EmptyState>
        ) : (
          <ol className="divide-y divide-slate-100 text-sm" aria-label="Timeline, newest first">
            {timeline.items.map((item) => (
              <li key={item.key} className="flex flex-wrap justify-between gap-2 py-2.5">
                <span className="min-w-0 flex-1">
                  <Badge tone={SOURCE_BADGES[item.source].tone}>{SOURCE_BADGES[item.source].label}</Badge>{" "}
                  <span className="font-medium text-slate-900">{item.title}</span>
                  {item.detail ? <span className="block break-words text-slate-600">{item.detail}</span> : null}
                  {item.who ? <span className="block text-xs text-slate-500">{item.who}</span> : null}
                </span>
                <time dateTime={item.at} className="whitespace-nowrap text-slate-600">
                  {item.when}
                </time>
              </li>
            ))}
          </ol>
        )}
        {!timeline.isFirstPage || timeline.next ? (
          <nav aria-label="Timeline pages" className="flex justify-between text-sm">
            {!timeline.isFirstPage ? (
              <Link to={`${query({})}#timeline`} className={linkClass} preventScrollReset>
                Newest
              </Link>
            ) : (
              <span />
            )}
            {timeline.next ? (
              <Link to={`${query({ before: timeline.next })}#timeline`} className={linkClass} preventScrollReset>
                Older
              </Link>
            ) : null}
          </nav>
        ) : null}
      </div>
    </Card>
  );
}
