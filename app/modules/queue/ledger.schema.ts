import { z } from "zod";

export const TopUpSchema = z.object({
  hours: z
    .number({ error: "Enter a whole number of hours" })
    .int({ error: "Enter a whole number of hours" })
    .min(-1_000, { error: "Take back at most 1,000 hours at once" })
    .max(1_000, { error: "Add at most 1,000 hours at once" })
    .refine((hours) => hours !== 0, { error: "Enter hours to add, or a negative number to take hours back" }),
  reason: z
    .string({ error: "Say why, for whoever reads the ledger next" })
    .trim()
    .min(3, { error: "Say why, for whoever reads the ledger next" })
    .max(500, { error: "Use at most 500 characters" }),
});

export type TopUpInput = z.input<typeof TopUpSchema>;
