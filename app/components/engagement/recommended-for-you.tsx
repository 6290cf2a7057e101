import { Link } from "@remix-run/react";
import { Badge, Card } from "~/components/ui/page.tsx";

export type RecommendedEntry = {
  key: string;
  type: "session" | "video" | "document";
  title: string;
  href: string;
  when: string | null;
  reason: string;
};

const TYPE_LABELS = { session: "Session", video: "Video", document: "Document" } as const;

/** Up to five next steps, each saying why it is here. */
export function RecommendedForYou({ items, className = "" }: { items: RecommendedEntry[]; className?: string }) {
  return (
    <Card title="Recommended for you" className={className}>
      {items.length === 0 ? (
        <p className="text-sm text-slate-700">
          Attend a{" "}
          <Link to="/portal/sessions" className="font-medium text-brand-700 underline underline-offset-4">
            session
          </Link>{" "}
          or open something in the{" "}
          <Link to="/portal/library" className="font-medium text-brand-700 underline underline-offset-4">
            library
          </Link>
          , and suggestions for what to do next will appear here.
        </p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {items.map((item) => (
            <li key={item.key} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-3 first:pt-0 last:pb-0">
              <div className="min-w-0 flex-1">
                <Link to={item.href} className="font-medium text-brand-700 underline underline-offset-4">
                  {item.title}
                </Link>
                <p className="text-sm text-slate-600">{item.reason}</p>
              </div>
              <div className="flex items-center gap-2 text-sm text-slate-600">
                {item.when ? <span>{item.when}</span> : null}
                <Badge tone={item.type === "session" ? "brand" : "slate"}>{TYPE_LABELS[item.type]}</Badge>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
