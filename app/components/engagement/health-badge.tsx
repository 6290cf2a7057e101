import type { Health } from "~/generated/prisma/enums.ts";
import { Badge } from "~/components/ui/page.tsx";
import { HEALTH_MARKS, HEALTH_TONES, healthLabel } from "~/modules/engagement/scoring.ts";

/** The one health badge: words, a shape and a colour, so it reads without colour too; "Not scored yet" without a score. */
export function HealthBadge({ health }: { health: Health | null }) {
  if (!health) return <Badge>{healthLabel(null)}</Badge>;
  return (
    <Badge tone={HEALTH_TONES[health]}>
      <span aria-hidden="true" className="mr-1">
        {HEALTH_MARKS[health]}
      </span>
      {healthLabel(health)}
    </Badge>
  );
}
