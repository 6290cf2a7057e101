import { z } from "zod";
import type { FeedbackKind } from "~/generated/prisma/enums.ts";

/**
 * The shared language of engagement: every capability records what people did with one of these
 * kinds. Kinds are `<subject>.<verb>`; later capabilities add theirs here.
 */
export const ENGAGEMENT_KINDS = [
  "user.signed_in",
  "user.joined",
  "session.registered",
  "session.waitlisted",
  "session.cancelled",
  "session.attended",
  "session.no_show",
  "session.feedback_given",
  "session.question_asked",
  "session.poll_answered",
  "video.watched",
  "video.completed",
  "document.opened",
  "document.downloaded",
  "path.completed",
  "csm_hour.booked",
  "csm_hour.attended",
  "csm_hour.cancelled",
  "csm_hour.no_show",
  "csm_hour.routed_to_support",
  "csm_hour.queued",
  "newsletter.opened",
  "newsletter.clicked",
  "product.used",
] as const;

export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const EngagementEventSchema = z.object({
  kind: z.enum(ENGAGEMENT_KINDS),
  accountId: z.string().min(1).nullable(),
  userId: z.string().min(1).nullable(),
  subjectType: z.string().min(1).max(40).nullable().default(null),
  subjectId: z.string().min(1).max(100).nullable().default(null),
  value: z.number().finite().nullable().default(null),
  data: z.record(z.string(), z.unknown()).nullable().default(null),
  dedupeKey: z.string().min(1).max(200).nullable().default(null),
  occurredAt: z.date(),
});

export type EngagementEventInput = z.input<typeof EngagementEventSchema>;

/**
 * `session.feedback_given` carries the score as its value and, in its data, the kind of question it
 * answers: a 4 is good on the CSAT scale (1–5) and a detractor on the NPS scale (0–10).
 */
export const FeedbackGivenDataSchema = z.object({
  feedbackKind: z.enum(["CSAT", "NPS"] as const satisfies readonly FeedbackKind[]),
  score: z.number().int().min(0).max(10),
});
export type FeedbackGivenData = z.output<typeof FeedbackGivenDataSchema>;

export function feedbackGivenData(feedbackKind: FeedbackKind, score: number): FeedbackGivenData {
  return FeedbackGivenDataSchema.parse({ feedbackKind, score });
}

export const KIND_LABELS: Record<EngagementKind, string> = {
  "user.signed_in": "Signed in",
  "user.joined": "Joined Lyceum",
  "session.registered": "Registered for a session",
  "session.waitlisted": "Joined a session's waitlist",
  "session.cancelled": "Cancelled a session registration",
  "session.attended": "Attended a session",
  "session.no_show": "Missed a session",
  "session.feedback_given": "Gave feedback on a session",
  "session.question_asked": "Asked a question in a session",
  "session.poll_answered": "Answered a session poll",
  "video.watched": "Watched a video",
  "video.completed": "Finished a video",
  "document.opened": "Opened a document",
  "document.downloaded": "Downloaded a document",
  "path.completed": "Completed a learning path",
  "csm_hour.booked": "Booked a CSM hour",
  "csm_hour.attended": "Attended a CSM hour",
  "csm_hour.cancelled": "Cancelled a CSM hour",
  "csm_hour.no_show": "Missed a CSM hour",
  "csm_hour.routed_to_support": "Sent to support instead of a CSM hour",
  "csm_hour.queued": "Joined the queue for a CSM hour",
  "newsletter.opened": "Opened a newsletter",
  "newsletter.clicked": "Clicked in a newsletter",
  "product.used": "Used the product",
};

export function kindLabel(kind: string) {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}
