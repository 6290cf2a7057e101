import { Badge } from "~/components/ui/page.tsx";
import { VIEWER_STATUS_LABELS, type ViewerStatus } from "~/modules/sessions/catalogue.schema.ts";

const TONES = { CONFIRMED: "green", WAITLISTED: "amber", OFFERED: "brand" } as const;

export function ViewerStatusBadge({ status }: { status: ViewerStatus }) {
  return <Badge tone={TONES[status]}>{VIEWER_STATUS_LABELS[status]}</Badge>;
}

export function KindBadge({ kind, label }: { kind: "WEBINAR" | "EXPERT"; label: string }) {
  return <Badge tone={kind === "EXPERT" ? "brand" : "slate"}>{label}</Badge>;
}
