import { Badge } from "~/components/ui/page.tsx";
import type { Brief } from "~/modules/queue/brief.server.ts";

/** What the customer wrote when they booked, in their words, and the rule that sent it to a CSM. */
export function BookingRequest({ booking }: { booking: Brief["booking"] }) {
  return (
    <div className="space-y-4 text-sm">
      <figure>
        <figcaption className="mb-1 font-medium text-slate-700">What the hour is for</figcaption>
        <blockquote className="whitespace-pre-line rounded-lg border-l-4 border-brand-200 bg-slate-50 px-4 py-3 text-base text-slate-900">
          {booking.purpose}
        </blockquote>
      </figure>
      {booking.answers.length ? (
        <dl className="space-y-2">
          {booking.answers.map((answer) => (
            <div key={answer.question}>
              <dt className="font-medium text-slate-700">{answer.question}</dt>
              <dd className="whitespace-pre-line text-slate-900">{answer.answer}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className="text-slate-600">
        {booking.routingRule ? (
          <>
            Routed to a CSM by the rule <Badge tone="brand">{booking.routingRule.label}</Badge>.
          </>
        ) : (
          "No routing rule matched: it came to a CSM by default."
        )}{" "}
        Booked {booking.booked}. {booking.drawsHours ? "It draws on the account's CSM hours." : "It does not draw on pool hours."}
      </p>
    </div>
  );
}
