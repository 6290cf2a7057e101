import { z } from "zod";
import { TopicsFieldSchema } from "~/utils/topics.ts";
import type { ContentKind, ContentStatus, Tier } from "~/generated/prisma/enums.ts";
import { TIERS } from "~/modules/accounts/entitlements.ts";
import { readingMinutes, SLUG_MAX, SLUG_PATTERN, slugify, splitChapters, type Chapter } from "./content.ts";

export const CONTENT_KINDS = ["ONE_PAGER", "EBOOK", "VIDEO"] as const satisfies readonly ContentKind[];
export const CONTENT_STATUSES = ["DRAFT", "PUBLISHED"] as const satisfies readonly ContentStatus[];

export const KIND_LABELS: Record<ContentKind, string> = { ONE_PAGER: "One-pager", EBOOK: "E-book", VIDEO: "Video" };
export const KIND_PLURALS: Record<ContentKind, string> = { ONE_PAGER: "One-pagers", EBOOK: "E-books", VIDEO: "Videos" };
export const STATUS_LABELS: Record<ContentStatus, string> = { DRAFT: "Draft", PUBLISHED: "Published" };

export const MAX_CHAPTERS = 60;
export const BODY_MAX = 200_000;
export const MINUTES_MAX = 600;

export function isContentKind(value: unknown): value is ContentKind {
  return typeof value === "string" && (CONTENT_KINDS as readonly string[]).includes(value);
}

const BODY_LABELS: Record<ContentKind, string> = {
  ONE_PAGER: "Write the one-pager's text",
  EBOOK: "the book's text",
  VIDEO: "the video's notes",
};

/**
 * The publisher's editor, for create and edit alike. An e-book's text is cut into chapters at its
 * headings; with no text it is a PDF e-book, whose file is uploaded once the item exists.
 */
export const ContentFormSchema = z
  .object({
    kind: z.enum(CONTENT_KINDS, { error: "Choose a one-pager, an e-book or a video" }),
    title: z.string({ error: "Enter a title" }).trim().min(1, { error: "Enter a title" }).max(200, { error: "Use at most 200 characters" }),
    // Empty: made from the title.
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(SLUG_MAX, { error: `Use at most ${SLUG_MAX} characters` })
      .regex(SLUG_PATTERN, { error: "Use lowercase letters, digits and single dashes, like adding-users-and-sso" })
      .optional(),
    summary: z
      .string()
      .max(500, { error: "Use at most 500 characters" })
      .optional()
      .transform((text) => text?.trim() ?? ""),
    topics: TopicsFieldSchema,
    audienceTiers: z
      .array(z.enum(TIERS, { error: "Choose tiers from the list" }))
      .optional()
      .transform((tiers) => TIERS.filter((tier) => tiers?.includes(tier)) as Tier[]),
    minutes: z
      .number({ error: "Enter the minutes as a whole number" })
      .int({ error: "Enter the minutes as a whole number" })
      .min(1, { error: "Use at least 1" })
      .max(MINUTES_MAX, { error: `Use at most ${MINUTES_MAX}` })
      .optional(),
    body: z
      .string()
      .max(BODY_MAX, { error: `Use at most ${BODY_MAX.toLocaleString("en-US")} characters` })
      .optional()
      .transform((text) => text?.replace(/\r\n/g, "\n").trim() ?? ""),
  })
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.issues.push({ code: "custom", input: value, path: [path], message });
    if (value.kind === "ONE_PAGER" && !value.body) issue("body", BODY_LABELS.ONE_PAGER);
    if (value.kind === "EBOOK" && value.body) {
      const chapters = splitChapters(value.body);
      if (chapters.length > MAX_CHAPTERS)
        issue("body", `Split the book into at most ${MAX_CHAPTERS} chapters (this text has ${chapters.length})`);
      const long = chapters.find((chapter) => chapter.title.length > 200);
      if (long) issue("body", `Keep chapter titles under 200 characters: "${long.title.slice(0, 40)}…"`);
    }
    if (!value.slug && !slugify(value.title)) issue("slug", "The title has no letters or digits to make an address from: enter a slug");
  })
  .transform((value) => {
    const chapters: Chapter[] = value.kind === "EBOOK" && value.body ? splitChapters(value.body) : [];
    return {
      kind: value.kind,
      title: value.title,
      slug: value.slug ?? slugify(value.title),
      // When the slug is made from the title, a taken one gets a number rather than an error.
      slugChosen: value.slug !== undefined,
      summary: value.summary,
      topics: value.topics,
      audienceTiers: value.audienceTiers,
      // E-books keep their text in chapters.
      body: value.kind === "EBOOK" ? "" : value.body,
      chapters,
      minutes: value.minutes ?? (value.kind === "VIDEO" ? null : readingMinutes(value.body)),
    };
  });

export type ContentFormInput = z.input<typeof ContentFormSchema>;
export type ContentValues = z.output<typeof ContentFormSchema>;

/** What the editor's inputs start with, as the strings a form holds. */
export type ContentEditorDefaults = {
  kind: ContentKind;
  title: string;
  slug: string;
  summary: string;
  topics: string;
  audienceTiers: Tier[];
  minutes: string;
  body: string;
};

// Filters come from GET forms and shared links: nonsense falls back rather than answering 400.
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional().catch(undefined);

export const ConsoleLibraryQuerySchema = z.object({
  kind: z.enum(CONTENT_KINDS).optional().catch(undefined),
  status: z.enum(CONTENT_STATUSES).optional().catch(undefined),
  topic: optionalText(80),
  q: optionalText(200),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type ConsoleLibraryQuery = z.output<typeof ConsoleLibraryQuerySchema>;

export const LibraryQuerySchema = z.object({
  kind: z.enum(CONTENT_KINDS).optional().catch(undefined),
  topic: optionalText(80),
  q: optionalText(200),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type LibraryQuery = z.output<typeof LibraryQuerySchema>;

/** The item page's buttons, each a form with this `intent`; `save` is the editor itself. */
export const CONTENT_PAGE_INTENTS = ["save", "publish", "unpublish", "delete"] as const;

/** Publishing, unpublishing and deleting carry no fields: the item comes from the URL. */
export const NoFieldsSchema = z.object({});
