import type { NewsletterStatus } from "~/generated/prisma/enums.ts";

// How a newsletter's status reads and looks, the same on the list, the editor, the send page and the reports.

export const NEWSLETTER_STATUS_LABEL: Record<NewsletterStatus, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  SENDING: "Sending",
  PAUSED: "Paused",
  SENT: "Sent",
  CANCELLED: "Cancelled",
};

export type StatusTone = "slate" | "brand" | "green" | "amber" | "red";

export const NEWSLETTER_STATUS_TONE: Record<NewsletterStatus, StatusTone> = {
  DRAFT: "slate",
  SCHEDULED: "brand",
  SENDING: "brand",
  PAUSED: "amber",
  SENT: "green",
  CANCELLED: "red",
};

export function isNewsletterStatus(value: string): value is NewsletterStatus {
  return Object.hasOwn(NEWSLETTER_STATUS_LABEL, value);
}

/** The label of a status as it came from a loader (a string); an unknown one reads as itself. */
export function newsletterStatusLabel(status: string): string {
  return isNewsletterStatus(status) ? NEWSLETTER_STATUS_LABEL[status] : status;
}
