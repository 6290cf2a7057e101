import { z } from "zod";
import { OUTCOMES } from "./brief.ts";

// The brief page's three forms, each posted with its `intent`.

export const BRIEF_INTENTS = ["mark", "note", "follow-up"] as const;
export type BriefIntent = (typeof BRIEF_INTENTS)[number];

export const MAX_FOLLOW_UP_ITEMS = 5;
export const NOTE_MAX = 4_000;
export const MESSAGE_MAX = 2_000;

export const MarkSchema = z.object({
  outcome: z.enum(OUTCOMES, { error: "Choose completed or no-show" }),
});

export const NoteSchema = z.object({
  body: z
    .string({ error: "Write the note first" })
    .trim()
    .min(1, { error: "Write the note first" })
    .max(NOTE_MAX, { error: `Use at most ${NOTE_MAX.toLocaleString("en-US")} characters` })
    .transform((text) => text.replace(/\r\n/g, "\n")),
});

export const FollowUpSchema = z
  .object({
    items: z
      .array(z.string().trim().min(1).max(40), { error: "Pick items from the list" })
      .max(MAX_FOLLOW_UP_ITEMS, { error: `Pick at most ${MAX_FOLLOW_UP_ITEMS} items: a short list gets read` })
      .optional()
      .transform((ids) => [...new Set(ids ?? [])]),
    message: z
      .string()
      .max(MESSAGE_MAX, { error: `Use at most ${MESSAGE_MAX.toLocaleString("en-US")} characters` })
      .optional()
      .transform((text) => text?.replace(/\r\n/g, "\n").trim() ?? ""),
  })
  .refine((value) => value.items.length > 0 || value.message.length > 0, {
    path: ["items"],
    error: "Pick at least one item to recommend, or write a message",
  });

export type FollowUpValues = z.output<typeof FollowUpSchema>;
