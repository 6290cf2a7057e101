import { z } from "zod";
import type { FeedbackKind } from "~/generated/prisma/enums.ts";

/** What the publisher can ask after a session. */
export const FEEDBACK_KINDS = ["CSAT", "NPS"] as const satisfies readonly FeedbackKind[];

export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, string> = { CSAT: "CSAT (1–5)", NPS: "NPS (0–10)" };

export const FEEDBACK_KIND_HINTS: Record<FeedbackKind, string> = {
  CSAT: "How satisfied were they with this session, from 1 (very poor) to 5 (excellent).",
  NPS: "How likely they are to recommend it to a colleague, from 0 to 10: promoters (9–10) minus detractors (0–6).",
};

export const FEEDBACK_SCALES: Record<FeedbackKind, { min: number; max: number }> = { CSAT: { min: 1, max: 5 }, NPS: { min: 0, max: 10 } };

export const CSAT_LABELS = ["Very poor", "Poor", "Okay", "Good", "Excellent"] as const;
export const NPS_ANCHORS = { low: "Not at all likely", high: "Extremely likely" } as const;

export type FeedbackChoice = { value: number; label: string };

/** The question and the answers the feedback page offers for a kind, lowest first. */
export function feedbackQuestion(kind: FeedbackKind, title: string): { legend: string; choices: FeedbackChoice[] } {
  if (kind === "NPS") {
    return {
      legend: `How likely are you to recommend ${title} to a colleague?`,
      choices: Array.from({ length: 11 }, (_, value) => ({
        value,
        label: value === 0 ? NPS_ANCHORS.low : value === 10 ? NPS_ANCHORS.high : "",
      })),
    };
  }
  return {
    legend: "How satisfied are you with this session?",
    choices: CSAT_LABELS.map((label, index) => ({ value: index + 1, label })),
  };
}

export function scoreMessage(kind: FeedbackKind) {
  const { min, max } = FEEDBACK_SCALES[kind];
  return `Choose a rating from ${min} to ${max}`;
}

export function isScoreInRange(kind: FeedbackKind, score: number) {
  const { min, max } = FEEDBACK_SCALES[kind];
  return Number.isInteger(score) && score >= min && score <= max;
}

/** The feedback form for the session's kind: the scale is the session's, never the form's. */
export function feedbackSchemaFor(kind: FeedbackKind) {
  const { min, max } = FEEDBACK_SCALES[kind];
  const message = scoreMessage(kind);
  return z.object({
    score: z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }),
    comment: z
      .string()
      .trim()
      .max(2000, { error: "Keep it under 2,000 characters" })
      .optional()
      .transform((value) => value || null),
  });
}
