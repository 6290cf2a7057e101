import { z } from "zod";

// The preference centre's forms. Topic ids the page did not offer are ignored by the server, so the
// schema only bounds what it reads.

export const SavePreferencesSchema = z.object({
  intent: z.literal("save"),
  topic: z.array(z.string().min(1).max(40)).max(200).optional().default([]),
});

export const OptOutSchema = z.object({ intent: z.enum(["opt-out", "opt-in"]) });
