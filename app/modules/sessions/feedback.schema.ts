import { z } from "zod";

export const CSAT_LABELS = ["Very poor", "Poor", "Okay", "Good", "Excellent"] as const;

export const FeedbackSchema = z.object({
  score: z.coerce
    .number({ error: "Choose a rating from 1 to 5" })
    .int({ error: "Choose a rating from 1 to 5" })
    .min(1, { error: "Choose a rating from 1 to 5" })
    .max(5, { error: "Choose a rating from 1 to 5" }),
  comment: z
    .string()
    .trim()
    .max(2000, { error: "Keep it under 2,000 characters" })
    .optional()
    .transform((value) => value || null),
});
