import type { Health } from "~/generated/prisma/enums.ts";
import { kindLabel } from "./events.ts";

// The CSM's book of accounts: sparkline geometry, the last touch and the sort orders (day maths and
// wording are in ~/utils/relative-days.ts). Pure: the caller passes "now".

export const DAY_MS = 86_400_000;
export const SPARKLINE_DAYS = 90;

export { HEALTH_LABELS, HEALTH_TONES, healthLabel } from "./scoring.ts";

export const SORTS = ["renewal", "arr", "health"] as const;
export type PortfolioSort = (typeof SORTS)[number];
export const SORT_LABELS: Record<PortfolioSort, string> = { renewal: "Renewal", arr: "ARR", health: "Health" };

export function readSort(value: string | null): PortfolioSort {
  return (SORTS as readonly string[]).includes(value ?? "") ? (value as PortfolioSort) : "renewal";
}

export type SparkPoint = { day: string; score: number };

/**
 * SVG polyline points for daily scores (0–100) over the last `days` days up to `today` (YYYY-MM-DD):
 * x by the day's place in the window, so gaps stay gaps in time; y with 100 at the top.
 */
export function sparklinePoints(points: SparkPoint[], today: string, { width = 120, height = 32, days = SPARKLINE_DAYS } = {}): string {
  const end = Date.parse(`${today}T00:00:00Z`);
  const start = end - (days - 1) * DAY_MS;
  const span = Math.max(days - 1, 1);
  return [...points]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((point) => ({ at: Date.parse(`${point.day}T00:00:00Z`), score: Math.min(100, Math.max(0, point.score)) }))
    .filter((point) => point.at >= start && point.at <= end)
    .map((point) => {
      const x = ((point.at - start) / DAY_MS / span) * width;
      const y = height - (point.score / 100) * height;
      return `${round(x)},${round(y)}`;
    })
    .join(" ");
}

const round = (value: number) => Math.round(value * 10) / 10;

/** "Score 62 → 48 over 90 days" for the sparkline's text alternative. */
export function sparklineSummary(points: SparkPoint[]): string {
  if (points.length === 0) return "No score history yet";
  const sorted = [...points].sort((a, b) => a.day.localeCompare(b.day));
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  if (sorted.length === 1) return `Score ${last.score} on ${last.day}`;
  return `Score ${first.score} on ${first.day}, ${last.score} on ${last.day}`;
}

export type Touch = { at: Date; source: "event" | "booking" | "note"; label: string };

/** The latest of the account's last event, last CSM hour (that has started) and last note. */
export function lastTouch(candidates: {
  event?: { at: Date; kind: string } | null;
  booking?: { at: Date } | null;
  note?: { at: Date } | null;
}): Touch | null {
  const touches: Touch[] = [];
  if (candidates.event) touches.push({ at: candidates.event.at, source: "event", label: kindLabel(candidates.event.kind) });
  if (candidates.booking) touches.push({ at: candidates.booking.at, source: "booking", label: "CSM hour" });
  if (candidates.note) touches.push({ at: candidates.note.at, source: "note", label: "Note" });
  return touches.sort((a, b) => b.at.getTime() - a.at.getTime())[0] ?? null;
}

export type PortfolioEntry = {
  name: string;
  arrCents: number;
  renewalDate: Date | null;
  health: Health | null;
  score: number | null;
};

const HEALTH_ORDER: Record<Health, number> = { RED: 0, YELLOW: 1, GREEN: 2 };

/**
 * renewal: soonest first, no date last; arr: largest first; health: red, yellow, green, not yet
 * scored, and the lower score first within a colour. Ties fall back to the name.
 */
export function sortPortfolio<T extends PortfolioEntry>(rows: T[], sort: PortfolioSort): T[] {
  const byName = (a: T, b: T) => a.name.localeCompare(b.name);
  const compare: Record<PortfolioSort, (a: T, b: T) => number> = {
    renewal: (a, b) => (a.renewalDate?.getTime() ?? Infinity) - (b.renewalDate?.getTime() ?? Infinity) || byName(a, b),
    arr: (a, b) => b.arrCents - a.arrCents || byName(a, b),
    health: (a, b) =>
      (a.health ? HEALTH_ORDER[a.health] : 3) - (b.health ? HEALTH_ORDER[b.health] : 3) ||
      (a.score ?? 101) - (b.score ?? 101) ||
      byName(a, b),
  };
  return [...rows].sort(compare[sort]);
}
