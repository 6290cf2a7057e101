import { z } from "zod";

export const QUESTION_MIN = 3;
export const QUESTION_MAX = 500;
export const POLL_QUESTION_MAX = 200;
export const POLL_OPTION_MAX = 120;
export const POLL_MIN_OPTIONS = 2;
export const POLL_MAX_OPTIONS = 6;

/** How often the live pages reload their data while visible. */
export const LIVE_REFRESH_MS = 3_000;

export const ATTENDEE_INTENTS = ["ask", "upvote", "vote"] as const;
export const HOST_INTENTS = ["answer", "reopen", "create-poll", "open-poll", "close-poll"] as const;

export const AskQuestionSchema = z.object({
  body: z
    .string({ error: "Write your question" })
    .trim()
    .min(QUESTION_MIN, { error: `Write at least ${QUESTION_MIN} characters` })
    .max(QUESTION_MAX, { error: `Keep it under ${QUESTION_MAX} characters` }),
});

export const QuestionIdSchema = z.object({ questionId: z.string({ error: "Choose a question" }).min(1) });

export const PollIdSchema = z.object({ pollId: z.string({ error: "Choose a poll" }).min(1) });

export const PollVoteSchema = z.object({
  pollId: z.string({ error: "Choose a poll" }).min(1),
  optionId: z.string({ error: "Choose an answer" }).min(1, { error: "Choose an answer" }),
});

// The form shows six option fields; the blank ones are simply not options.
export const CreatePollSchema = z.object({
  question: z
    .string({ error: "Write the poll question" })
    .trim()
    .min(3, { error: "Write at least 3 characters" })
    .max(POLL_QUESTION_MAX, { error: `Keep it under ${POLL_QUESTION_MAX} characters` }),
  options: z
    .array(
      z
        .string()
        .trim()
        .max(POLL_OPTION_MAX, { error: `Keep each option under ${POLL_OPTION_MAX} characters` })
        .optional(),
    )
    .optional()
    .transform((values) => (values ?? []).filter((value): value is string => Boolean(value)))
    .pipe(
      z
        .array(z.string())
        .min(POLL_MIN_OPTIONS, { error: `Give at least ${POLL_MIN_OPTIONS} options` })
        .max(POLL_MAX_OPTIONS, { error: `Give at most ${POLL_MAX_OPTIONS} options` })
        .refine((values) => new Set(values.map((value) => value.toLowerCase())).size === values.length, {
          error: "Each option must be different",
        }),
    ),
});
