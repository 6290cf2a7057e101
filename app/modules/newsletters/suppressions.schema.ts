import { z } from "zod";

export const AddSuppressionSchema = z.object({
  email: z
    .email({ error: "Enter an email address such as name@example.com" })
    .trim()
    .max(254, { error: "Use at most 254 characters" })
    .transform((email) => email.toLowerCase()),
  detail: z.string().trim().max(500, { error: "Use at most 500 characters" }).optional(),
});

export const RemoveSuppressionSchema = z.object({ email: z.string().min(3).max(254) });

export const SuppressionSearchSchema = z.object({
  q: z.string().trim().max(254).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
