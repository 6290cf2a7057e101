import { z } from "zod";
import type { Tier } from "~/generated/prisma/enums.ts";
import { TIERS } from "~/modules/accounts/entitlements.ts";
import { PATH_SLUG_MAX, PATH_SLUG_PATTERN, slugFromTitle } from "./paths.ts";

export const MAX_PATH_STEPS = 30;
export const NOTE_MAX = 300;

/** The path's details, for create and edit alike. A blank slug is made from the title. */
export const PathFormSchema = z
  .object({
    title: z.string({ error: "Enter a title" }).trim().min(1, { error: "Enter a title" }).max(120, { error: "Use at most 120 characters" }),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(PATH_SLUG_MAX, { error: `Use at most ${PATH_SLUG_MAX} characters` })
      .refine((slug) => PATH_SLUG_PATTERN.test(slug), { error: "Use lower-case letters, digits and single hyphens, like get-started" })
      .optional(),
    summary: z
      .string()
      .max(1_000, { error: "Use at most 1,000 characters" })
      .optional()
      .transform((text) => text?.trim() ?? ""),
    audienceTiers: z
      .array(z.enum(TIERS, { error: "Choose tiers from the list" }))
      .optional()
      .transform((tiers) => TIERS.filter((tier) => tiers?.includes(tier)) as Tier[]),
  })
  .transform((value, ctx) => {
    const slug = value.slug ?? slugFromTitle(value.title);
    if (!slug) {
      ctx.issues.push({
        code: "custom",
        input: value,
        path: ["slug"],
        message: "Enter a slug: the title has no letters or digits to make one from",
      });
      return z.NEVER;
    }
    return { ...value, slug };
  });

export type PathValues = z.output<typeof PathFormSchema>;
export type PathEditorDefaults = { title: string; slug: string; summary: string; audienceTiers: Tier[] };

const id = (message: string) => z.string({ error: message }).trim().min(1, { error: message }).max(40, { error: message });

const note = z
  .string()
  .max(NOTE_MAX, { error: `Use at most ${NOTE_MAX} characters` })
  .optional()
  .transform((text) => text?.trim() ?? "");

/** One choice from the step picker: "content:<id>" for a library item, "session:<id>" for a live session. */
export const AddStepSchema = z
  .object({
    item: z
      .string({ error: "Choose a library item or a session" })
      .regex(/^(content|session):[\w-]{1,40}$/, { error: "Choose a library item or a session from the list" }),
    note,
  })
  .transform(({ item, note }) => {
    const [kind, ref] = item.split(":") as ["content" | "session", string];
    return kind === "content" ? { contentId: ref, sessionId: null, note } : { contentId: null, sessionId: ref, note };
  });
export type AddStepValues = z.output<typeof AddStepSchema>;

export const StepSchema = z.object({ stepId: id("Choose a step") });
export const StepNoteSchema = z.object({ stepId: id("Choose a step"), note });

/** Every button on the path editor page posts one of these as `intent`. */
export const PATH_EDITOR_INTENTS = [
  "details",
  "add-step",
  "move-up",
  "move-down",
  "remove-step",
  "save-note",
  "publish",
  "unpublish",
  "delete",
] as const;
export type PathEditorIntent = (typeof PATH_EDITOR_INTENTS)[number];
