import { z } from "zod";

export const CANCEL_REASON_MAX = 500;

/** Cancelling: the reason is optional, and only the customer's CSM reads it. */
export const CancelBookingSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(CANCEL_REASON_MAX, { error: `Use at most ${CANCEL_REASON_MAX} characters` })
    .optional()
    .default(""),
});

/** Moving: the new start, an instant from the list the page showed. */
export const RescheduleBookingSchema = z.object({
  startsAt: z.iso.datetime({ error: "Choose one of the times listed" }),
});
