import { EmptyState } from "~/components/ui/page.tsx";

export type EventRow = { id: string; label: string; who: string | null; subject: string | null; when: string };

export function RecentEvents({ events }: { events: EventRow[] }) {
  if (events.length === 0)
    return <EmptyState title="No engagement recorded yet">Sessions, videos, documents and newsletters show up here.</EmptyState>;
  return (
    <ol className="divide-y divide-slate-100 text-sm" aria-label="Latest engagement, newest first">
      {events.map((event) => (
        <li key={event.id} className="flex flex-wrap justify-between gap-2 py-2">
          <span>
            <span className="font-medium text-slate-900">{event.label}</span>
            {event.subject ? <span className="text-slate-600"> · {event.subject}</span> : null}
            <span className="block text-xs text-slate-500">{event.who ?? "Someone at the account"}</span>
          </span>
          <span className="whitespace-nowrap text-slate-600">{event.when}</span>
        </li>
      ))}
    </ol>
  );
}
