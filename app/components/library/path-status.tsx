import { Badge } from "~/components/ui/page.tsx";

export function PathStatusBadge({ status }: { status: "DRAFT" | "PUBLISHED" }) {
  return status === "PUBLISHED" ? <Badge tone="green">Published</Badge> : <Badge>Draft</Badge>;
}
