import { z } from "zod";
import type { LiveSessionKind } from "~/generated/prisma/enums.ts";

export const SESSION_KINDS = ["WEBINAR", "EXPERT"] as const satisfies readonly LiveSessionKind[];

export const KIND_LABELS: Record<LiveSessionKind, string> = { WEBINAR: "Webinar", EXPERT: "Expert session" };

/** A registration that still holds, waits for or is offered a seat. */
export type ViewerStatus = "CONFIRMED" | "WAITLISTED" | "OFFERED";

export const VIEWER_STATUS_LABELS: Record<ViewerStatus, string> = {
  CONFIRMED: "Registered",
  WAITLISTED: "On the waitlist",
  OFFERED: "Seat offered",
};

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(text: string) {
  if (!LOCAL_DATE.test(text)) return false;
  const [year, month, day] = text.split("-").map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

// A GET form: anything malformed in the URL is dropped rather than answered with an error page.
const LocalDateSchema = z.string().trim().refine(isCalendarDate).optional().catch(undefined);

/** The catalogue's filters; `from` and `to` are calendar days in the viewer's own zone. */
export const CatalogueQuerySchema = z.object({
  topic: z.string().trim().min(1).max(80).optional().catch(undefined),
  kind: z.enum(SESSION_KINDS).optional().catch(undefined),
  from: LocalDateSchema,
  to: LocalDateSchema,
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type CatalogueQuery = z.output<typeof CatalogueQuerySchema>;

export const SESSION_PAGE_INTENTS = ["register", "cancel"] as const;
export type SessionPageIntent = (typeof SESSION_PAGE_INTENTS)[number];

/** Cancelling carries no fields: the session comes from the URL and the registrant is the viewer. */
export const CancelRegistrationSchema = z.object({});

/** The name of the form field holding the answer to one registration question. */
export function answerFieldName(questionId: string) {
  return `answers.${questionId}`;
}
