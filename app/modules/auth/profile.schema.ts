import { z } from "zod";
import { isValidTimeZone } from "~/utils/format.ts";
import { NameSchema } from "./auth.schema.ts";

export const LOCALES = [
  { value: "en-US", label: "English (United States)" },
  { value: "en-GB", label: "English (United Kingdom)" },
  { value: "fr-FR", label: "Français" },
  { value: "de-DE", label: "Deutsch" },
  { value: "es-ES", label: "Español" },
] as const;

export const ProfileSchema = z.object({
  name: NameSchema,
  timeZone: z.string({ error: "Choose your time zone" }).refine(isValidTimeZone, { error: "Choose a time zone from the list" }),
  locale: z.enum(LOCALES.map((locale) => locale.value) as [string, ...string[]], { error: "Choose a language from the list" }),
});
