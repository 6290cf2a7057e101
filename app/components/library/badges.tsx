import type { ContentKind, ContentStatus } from "~/generated/prisma/enums.ts";
import { Badge } from "~/components/ui/page.tsx";

const KIND_TONES = { ONE_PAGER: "slate", EBOOK: "brand", VIDEO: "green" } as const;

export function ContentKindBadge({ kind, label }: { kind: ContentKind; label: string }) {
  return <Badge tone={KIND_TONES[kind]}>{label}</Badge>;
}

export function ContentStatusBadge({ status, label }: { status: ContentStatus; label: string }) {
  return <Badge tone={status === "PUBLISHED" ? "green" : "amber"}>{label}</Badge>;
}

export function TopicList({ topics, label = "Topics" }: { topics: string[]; label?: string }) {
  if (!topics.length) return null;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1">
      {topics.map((topic) => (
        <li key={topic}>
          <Badge>{topic}</Badge>
        </li>
      ))}
    </ul>
  );
}
