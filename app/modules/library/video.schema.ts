import { z } from "zod";

export const VIDEO_INTENTS = ["start-upload", "captions"] as const;

/**
 * Sent by the upload screen before the first chunk: the file's size (refused early when too large)
 * and the length the browser read from the file (local videos are not probed on the server).
 */
export const StartUploadSchema = z.object({
  intent: z.literal("start-upload"),
  sizeBytes: z.number({ error: "Choose a video file" }).int().positive({ error: "This file is empty" }),
  durationSeconds: z
    .number()
    .positive()
    .max(24 * 60 * 60)
    .optional(),
});

export const CAPTION_LANGUAGES = [
  { code: "en", label: "English" },
  { code: "es", label: "Spanish" },
  { code: "fr", label: "French" },
  { code: "de", label: "German" },
  { code: "it", label: "Italian" },
  { code: "pt", label: "Portuguese" },
  { code: "nl", label: "Dutch" },
  { code: "pl", label: "Polish" },
  { code: "ja", label: "Japanese" },
] as const;

const LANGUAGE_CODES = CAPTION_LANGUAGES.map((language) => language.code) as [string, ...string[]];

export const CaptionsSchema = z.object({
  intent: z.literal("captions"),
  captions: z
    .instanceof(File, { error: "Choose a WebVTT (.vtt) file" })
    .refine((file) => file.size > 0, { error: "Choose a WebVTT (.vtt) file" }),
  lang: z.enum(LANGUAGE_CODES, { error: "Choose the captions' language" }),
});

export function captionsLabel(lang: string) {
  return CAPTION_LANGUAGES.find((language) => language.code === lang)?.label ?? lang;
}

/** UpChunk sends chunks of a multiple of 256 KiB; bigger chunks mean fewer requests, smaller ones less to resend. */
export const DEFAULT_CHUNK_KB = 8 * 1024;

export function chunkSizeKb(requested: string | null) {
  const value = Number(requested);
  if (!Number.isInteger(value) || value < 256 || value > 512_000 || value % 256 !== 0) return DEFAULT_CHUNK_KB;
  return value;
}
