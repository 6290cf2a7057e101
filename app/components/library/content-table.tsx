import { Link } from "@remix-run/react";
import { Table, Td } from "~/components/ui/table.tsx";
import type { ContentKind, ContentStatus } from "~/generated/prisma/enums.ts";
import { ContentStatusBadge, TopicList } from "./badges.tsx";

export type ContentRow = {
  id: string;
  kind: ContentKind;
  kindLabel: string;
  status: ContentStatus;
  statusLabel: string;
  title: string;
  slug: string;
  topics: string[];
  audience: string;
  updated: string;
  fromFile: boolean;
};

export function ContentTable({ caption, items }: { caption: string; items: ContentRow[] }) {
  return (
    <Table caption={caption} head={["Item", "Kind", "Status", "Topics", "Audience", "Updated (your time)"]}>
      {items.map((item) => (
        <tr key={item.id}>
          <th scope="row" className="px-4 py-3 text-left align-top font-normal">
            <Link to={`/console/library/${item.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
              {item.title}
            </Link>
            <span className="block text-xs text-slate-500">
              /{item.slug}
              {item.fromFile ? " · from content/ files" : ""}
            </span>
          </th>
          <Td className="whitespace-nowrap">{item.kindLabel}</Td>
          <Td>
            <ContentStatusBadge status={item.status} label={item.statusLabel} />
          </Td>
          <Td>{item.topics.length ? <TopicList topics={item.topics} label={`Topics of ${item.title}`} /> : "—"}</Td>
          <Td>{item.audience}</Td>
          <Td className="whitespace-nowrap">{item.updated}</Td>
        </tr>
      ))}
    </Table>
  );
}
