// The figures of a newsletter report, from counts the database adds up. Rates are shares of the emails
// sent (what reached the provider), so a send still going out shows honest partial rates.

export type ReportCounts = {
  recipients: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  complained: number;
  unsubscribed: number;
  skipped: number;
  failed: number;
  pending: number;
};

export const EMPTY_COUNTS: ReportCounts = {
  recipients: 0,
  sent: 0,
  delivered: 0,
  opened: 0,
  clicked: 0,
  bounced: 0,
  complained: 0,
  unsubscribed: 0,
  skipped: 0,
  failed: 0,
  pending: 0,
};

/** A percentage with one decimal, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

export function reportRates(counts: ReportCounts) {
  return {
    delivered: rate(counts.delivered, counts.sent),
    opened: rate(counts.opened, counts.sent),
    clicked: rate(counts.clicked, counts.sent),
    // Of the people who opened: how compelling the content was.
    clickToOpen: rate(counts.clicked, counts.opened),
    bounced: rate(counts.bounced, counts.sent),
    complained: rate(counts.complained, counts.sent),
    unsubscribed: rate(counts.unsubscribed, counts.sent),
  };
}

export function addCounts(a: ReportCounts, b: ReportCounts): ReportCounts {
  const sum = { ...a };
  for (const key of Object.keys(sum) as (keyof ReportCounts)[]) sum[key] += b[key];
  return sum;
}

export const RECIPIENT_FILTERS = [
  "all",
  "delivered",
  "opened",
  "clicked",
  "bounced",
  "complained",
  "unsubscribed",
  "skipped",
  "failed",
  "pending",
] as const;
export type RecipientFilter = (typeof RECIPIENT_FILTERS)[number];

export const FILTER_LABELS: Record<RecipientFilter, string> = {
  all: "Everyone",
  delivered: "Delivered",
  opened: "Opened",
  clicked: "Clicked",
  bounced: "Bounced",
  complained: "Complained",
  unsubscribed: "Unsubscribed",
  skipped: "Skipped",
  failed: "Failed",
  pending: "Not sent yet",
};

export function parseFilter(value: string | null): RecipientFilter {
  return (RECIPIENT_FILTERS as readonly string[]).includes(value ?? "") ? (value as RecipientFilter) : "all";
}

type Timeline = {
  status: "PENDING" | "SENT" | "SKIPPED" | "FAILED" | "CANCELLED";
  deliveredAt: unknown;
  openedAt: unknown;
  clickedAt: unknown;
  bouncedAt: unknown;
  complainedAt: unknown;
};

/** The furthest a recipient's copy got, worst news first: what a publisher wants to read in one word. */
export function recipientOutcome(row: Timeline): string {
  if (row.complainedAt) return "Complained";
  if (row.bouncedAt) return "Bounced";
  if (row.clickedAt) return "Clicked";
  if (row.openedAt) return "Opened";
  if (row.deliveredAt) return "Delivered";
  return { PENDING: "Not sent yet", SENT: "Sent", SKIPPED: "Skipped", FAILED: "Failed", CANCELLED: "Cancelled" }[row.status];
}
