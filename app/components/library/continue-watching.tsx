import { Link } from "@remix-run/react";
import { Card } from "~/components/ui/page.tsx";

export type ContinueWatchingEntry = {
  contentId: string;
  title: string;
  percent: number;
  resumeLabel: string | null;
  href: string;
};

/** Videos the customer started and has not finished; renders nothing when there are none. */
export function ContinueWatching({ items, className = "" }: { items: ContinueWatchingEntry[]; className?: string }) {
  if (items.length === 0) return null;
  return (
    <Card title="Continue watching" className={className}>
      <ul className="grid gap-4 sm:grid-cols-2">
        {items.map((item) => (
          <li key={item.contentId} className="space-y-2">
            <p className="font-medium text-slate-900">{item.title}</p>
            <div
              role="progressbar"
              aria-label={`${item.title}: ${item.percent}% watched`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={item.percent}
              className="h-2 overflow-hidden rounded-full bg-slate-100"
            >
              <div className="h-full rounded-full bg-brand-600" style={{ width: `${item.percent}%` }} />
            </div>
            <p className="flex items-center justify-between gap-2 text-sm">
              <span className="text-slate-600">{item.percent}% watched</span>
              <Link to={item.href} className="font-medium text-brand-700 underline underline-offset-4">
                {item.resumeLabel ? `Resume at ${item.resumeLabel}` : "Watch from the start"}
                <span className="sr-only">: {item.title}</span>
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
