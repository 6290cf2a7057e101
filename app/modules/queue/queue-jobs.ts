import { z } from "zod";

// The seam between the booking lifecycle (cancel, reschedule, no-show) and the waiting queue: whoever
// frees a CSM's time writes this job in the same transaction; the queue's handler offers the freed
// time to the head of the queue. Written as a job, not a call, so the freeing transaction stays short
// and a crash between the two loses nothing.

export const SLOT_FREED_JOB_KIND = "queue.slot-freed";

export const SlotFreedPayloadSchema = z.object({
  csmId: z.string().min(1),
  startsAt: z.iso.datetime(),
});

export type SlotFreedPayload = z.infer<typeof SlotFreedPayloadSchema>;
