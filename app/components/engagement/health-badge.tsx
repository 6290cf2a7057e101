import type { Health } from "~/generated/prisma/enums.ts";
import { Badge } from "~/components/ui/page.tsx";
import { HEALTH_LABELS } from "~/modules/engagement/scoring.ts";

const TONES = { RED: "red", YELLOW: "amber", GREEN: "green" } as const;

/** Health in words and colour, so it reads without colour too. */
export function HealthBadge({ health }: { health: Health }) {
  return <Badge tone={TONES[health]}>{HEALTH_LABELS[health]}</Badge>;
}
