import { Link } from "@remix-run/react";
import { PhaseBadge } from "~/components/queue/booking-table.tsx";
import { Badge } from "~/components/ui/page.tsx";
import type { Brief } from "~/modules/queue/brief.server.ts";

/** The account's other CSM hours, newest first, with their outcomes. */
export function EarlierHours({ hours }: { hours: Brief["previous"] }) {
  if (hours.length === 0) return <p className="text-sm text-slate-500">This is the account&apos;s first CSM hour.</p>;
  return (
    <ol className="divide-y divide-slate-100 text-sm" aria-label="Other CSM hours of the account, newest first">
      {hours.map((hour) => (
        <li key={hour.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
          <span className="max-w-xl">
            {hour.canOpen ? (
              <Link to={`/console/bookings/${hour.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
                {hour.when}
              </Link>
            ) : (
              <span className="font-medium text-slate-900">{hour.when}</span>
            )}
            <span className="block text-slate-700">{hour.purpose}</span>
            <span className="block text-xs text-slate-500">
              With {hour.csm.name}, booked by {hour.bookedBy}
            </span>
          </span>
          <span className="flex flex-wrap gap-1">
            <PhaseBadge phase={hour.phase} label={hour.phaseLabel} />
            {hour.followUpPending ? <Badge tone="amber">Follow-up not sent</Badge> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The account's private notes, newest first: staff only, never shown to the customer. */
export function NotesList({ notes }: { notes: Brief["notes"] }) {
  if (notes.length === 0) return <p className="text-sm text-slate-500">No notes on this account yet.</p>;
  return (
    <ol className="space-y-3 text-sm" aria-label="Notes on the account, newest first">
      {notes.map((note) => (
        <li key={note.id} className="rounded-lg border border-slate-200 px-4 py-3">
          <p className="whitespace-pre-line text-slate-900">{note.body}</p>
          <p className="mt-1 text-xs text-slate-500">
            {note.author}, {note.when}
            {note.fromThisHour ? " · from this hour" : ""}
          </p>
        </li>
      ))}
    </ol>
  );
}
