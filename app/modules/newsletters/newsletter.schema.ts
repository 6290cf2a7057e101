import { z } from "zod";
import { MAX_BLOCKS } from "./block-editing.ts";

// One schema per form on the newsletter editor; every button posts one of NEWSLETTER_EDITOR_INTENTS.

const id = (message: string) => z.string({ error: message }).trim().min(1, { error: message }).max(40, { error: message });

export const NewsletterDetailsSchema = z.object({
  subject: z
    .string({ error: "Enter a subject" })
    .trim()
    .min(1, { error: "Enter a subject" })
    .max(150, { error: "Use at most 150 characters" }),
  preheader: z
    .string()
    .max(200, { error: "Use at most 200 characters" })
    .optional()
    .transform((text) => text?.trim() ?? ""),
  topicId: id("Choose a topic"),
  // Blank: everyone subscribed to the topic.
  segmentId: z
    .string()
    .trim()
    .max(40, { error: "Choose an audience from the list" })
    .optional()
    .transform((value) => value || null),
});
export type NewsletterDetails = z.output<typeof NewsletterDetailsSchema>;

const markdown = z
  .string({ error: "Write some text" })
  .max(20_000, { error: "Use at most 20,000 characters" })
  .refine((text) => text.trim().length > 0, { error: "Write some text" });

const ctaUrl = z
  .string({ error: "Enter the link" })
  .trim()
  .max(2000, { error: "Use at most 2,000 characters" })
  .refine(
    (value) => {
      try {
        return ["https:", "http:"].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: "Enter a full link starting with https://" },
  );

/** A block's fields as a form sends them; the same shape as NewsletterBlockSchema. */
export const BlockFieldsSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), markdown }),
  z.object({ type: z.literal("session"), sessionId: id("Choose a session") }),
  z.object({ type: z.literal("content"), contentId: id("Choose a library item") }),
  z.object({
    type: z.literal("cta"),
    label: z.string({ error: "Enter the button's words" }).trim().min(1, { error: "Enter the button's words" }).max(80, {
      error: "Use at most 80 characters",
    }),
    url: ctaUrl,
  }),
]);

const index = z.coerce
  .number({ error: "Choose a block" })
  .int({ error: "Choose a block" })
  .min(0, { error: "Choose a block" })
  .max(MAX_BLOCKS, { error: "Choose a block" });
const blockType = z.enum(["text", "session", "content", "cta"], { error: "Choose a block" });

export const BlockRefSchema = z.object({ index, type: blockType });

/** Saving one block: which block (index and type as loaded) and its new fields. */
export const SaveBlockSchema = z.intersection(z.object({ index }), BlockFieldsSchema);

/** A key made when the page is drawn: a double click sends one test, the next press another. */
export const SendTestSchema = z.object({
  pressKey: z.string({ error: "Reload the page and try again" }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "Reload the page and try again" }),
});

export const NEWSLETTER_STATUSES = ["DRAFT", "SCHEDULED", "SENDING", "PAUSED", "SENT", "CANCELLED"] as const;
export const NewsletterListFilterSchema = z.enum(NEWSLETTER_STATUSES).optional().catch(undefined);

export const NEWSLETTER_EDITOR_INTENTS = [
  "details",
  "add-block",
  "save-block",
  "move-up",
  "move-down",
  "remove-block",
  "send-test",
] as const;
