import { z } from "zod";
import { TopicsFieldSchema } from "~/utils/topics.ts";
import type { FeedbackKind, LiveSessionKind, Tier } from "~/generated/prisma/enums.ts";
import { TIERS } from "~/modules/accounts/entitlements.ts";
import { isValidTimeZone } from "~/utils/format.ts";
import { SESSION_KINDS } from "./catalogue.schema.ts";
import { FEEDBACK_KINDS } from "./feedback.schema.ts";

/** Every expert session asks this first; it is created with the session and cannot be removed. */
export const BUILT_IN_QUESTION = "Describe your situation and the problem you want solved";
export const MAX_EXTRA_QUESTIONS = 5;
export const MAX_HOSTS = 10;
export const SEAT_CAP_MAX = 10_000;

export function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function isCalendarDate(text: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const count = (label: string, min: number, max: number) =>
  z
    .number({ error: `Enter ${label} as a whole number` })
    .int({ error: `Enter ${label} as a whole number` })
    .min(min, { error: `Use at least ${min}` })
    .max(max, { error: `Use at most ${max.toLocaleString("en-US")}` });

const QuestionRowSchema = z.object({
  // Present for a question that already exists, so its registrants' answers stay attached to it.
  id: z.string().trim().max(40).optional(),
  label: z.string().trim().max(300, { error: "Use at most 300 characters" }).optional(),
  required: z.boolean().optional(),
});

/** The publisher's editor, for create and edit alike; the repeat fields only matter on create. */
export const SessionFormSchema = z
  .object({
    kind: z.enum(SESSION_KINDS, { error: "Choose webinar or expert session" }),
    title: z.string({ error: "Enter a title" }).trim().min(1, { error: "Enter a title" }).max(200, { error: "Use at most 200 characters" }),
    description: z
      .string()
      .max(20_000, { error: "Use at most 20,000 characters" })
      .optional()
      .transform((text) => text?.trim() ?? ""),
    topics: TopicsFieldSchema,
    hostIds: z
      .array(z.string().trim().min(1).max(40), { error: "Choose at least one host" })
      .min(1, { error: "Choose at least one host" })
      .max(MAX_HOSTS, { error: `Choose at most ${MAX_HOSTS} hosts` })
      .transform((ids) => [...new Set(ids)]),
    startDate: z.string({ error: "Enter the start date" }).trim().refine(isCalendarDate, { error: "Enter a real date, like 2026-03-31" }),
    startTime: z
      .string({ error: "Enter the start time" })
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Enter a time like 14:30" }),
    timeZone: z.string({ error: "Choose a time zone" }).refine(isValidTimeZone, { error: "Choose a time zone from the list" }),
    durationMinutes: count("the duration in minutes", 15, 480),
    meetingUrl: z
      .string({ error: "Enter the meeting link" })
      .trim()
      .max(2_000, { error: "Use at most 2,000 characters" })
      .refine(isHttpsUrl, { error: "Enter the meeting's https:// link (Zoom, Meet, Teams…)" }),
    audienceTiers: z
      .array(z.enum(TIERS, { error: "Choose tiers from the list" }))
      .optional()
      .transform((tiers) => TIERS.filter((tier) => tiers?.includes(tier)) as Tier[]),
    seatCap: count("the seat cap", 1, SEAT_CAP_MAX).optional(),
    perAccountCap: count("the per-account cap", 1, SEAT_CAP_MAX).optional(),
    // Every editor submit carries one (a radio group with one ticked), so a missing value is refused
    // rather than quietly turning an NPS session back into CSAT.
    feedbackKind: z.enum(FEEDBACK_KINDS, { error: "Choose what to ask after the session: CSAT or NPS" }),
    questions: z
      .array(QuestionRowSchema)
      .max(MAX_EXTRA_QUESTIONS, { error: `Ask at most ${MAX_EXTRA_QUESTIONS} questions` })
      .optional(),
    repeat: z.boolean().optional(),
    repeatEveryWeeks: count("the number of weeks", 1, 8).optional(),
    occurrences: count("the number of occurrences", 2, 26).optional(),
  })
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.issues.push({ code: "custom", input: value, path: [path], message });
    if (value.kind === "EXPERT" && value.seatCap === undefined) {
      issue("seatCap", "Expert sessions need a seat cap, so every attendee has time to ask");
    }
    if (
      value.kind === "EXPERT" &&
      value.perAccountCap !== undefined &&
      value.seatCap !== undefined &&
      value.perAccountCap > value.seatCap
    ) {
      issue("perAccountCap", "The per-account cap cannot exceed the seat cap");
    }
    if (value.repeat && value.repeatEveryWeeks === undefined) issue("repeatEveryWeeks", "Enter how many weeks apart (1–8)");
    if (value.repeat && value.occurrences === undefined) issue("occurrences", "Enter how many occurrences (2–26)");
    value.questions?.forEach((row, index) => {
      if (!row.label && row.id) {
        ctx.issues.push({ code: "custom", input: row, path: ["questions", index, "label"], message: "Enter the question, or remove it" });
      }
    });
  })
  .transform((value) => ({
    ...value,
    seatCap: value.seatCap ?? null,
    // The per-account cap shares out an expert session's small room; a webinar has no use for it.
    perAccountCap: value.kind === "EXPERT" ? (value.perAccountCap ?? null) : null,
    questions: (value.questions ?? [])
      .filter((row): row is typeof row & { label: string } => Boolean(row.label))
      .map((row) => ({ id: row.id || null, label: row.label, required: row.required ?? false })),
    repeat:
      value.repeat && value.repeatEveryWeeks && value.occurrences
        ? { intervalWeeks: value.repeatEveryWeeks, occurrences: value.occurrences }
        : null,
  }));

export type SessionFormInput = z.input<typeof SessionFormSchema>;
export type SessionValues = z.output<typeof SessionFormSchema>;

/** What the editor's inputs start with, as the strings a form holds. */
export type SessionEditorDefaults = {
  kind: LiveSessionKind;
  title: string;
  description: string;
  topics: string;
  hostIds: string[];
  startDate: string;
  startTime: string;
  timeZone: string;
  durationMinutes: string;
  meetingUrl: string;
  audienceTiers: Tier[];
  seatCap: string;
  perAccountCap: string;
  feedbackKind: FeedbackKind;
  questions: { id: string; label: string; required: boolean }[];
};

export const SESSION_VIEWS = ["upcoming", "past", "drafts"] as const;
export type SessionView = (typeof SESSION_VIEWS)[number];

// Filters come from a GET form and shared links: nonsense falls back rather than answering 400.
export const SessionListQuerySchema = z.object({
  view: z.enum(SESSION_VIEWS).default("upcoming").catch("upcoming"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type SessionListQuery = z.output<typeof SessionListQuerySchema>;

/** The host sheet's buttons, each a form with this `intent`. */
export const HOST_SHEET_INTENTS = ["publish", "publish-series", "cancel", "attendance"] as const;

export const ATTENDANCE_VALUES = ["ATTENDED", "NO_SHOW", "UNKNOWN"] as const;

export const AttendanceFormSchema = z.object({
  registrationId: z.string({ error: "Choose a registrant" }).trim().min(1).max(40),
  attendance: z.enum(ATTENDANCE_VALUES, { error: "Choose attended or no-show" }),
});
