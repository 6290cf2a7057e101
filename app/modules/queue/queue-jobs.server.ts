import { z } from "zod";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { SLOT_FREED_JOB_KIND, SlotFreedPayloadSchema } from "./queue-jobs.ts";
import { expireQueueOffer, offerFreedTime, QUEUE_MATCH_JOB_KIND, QUEUE_OFFER_EXPIRE_JOB_KIND } from "./waiting-queue.server.ts";

const OfferExpirePayload = z.object({ entryId: z.string().min(1) });

/**
 * The waiting queue's jobs; called once when the server starts. Returns an unregister. A freed slot,
 * a lapsed offer and the periodic sweep all end in one matching run: the head of the queue is offered
 * the first free time it may book, which is the freed slot unless something earlier is free too.
 */
export function registerQueueJobs(): () => void {
  const unregister = [
    registerJobHandler(SLOT_FREED_JOB_KIND, async (payload) => {
      SlotFreedPayloadSchema.parse(payload);
      await offerFreedTime();
    }),
    registerJobHandler(QUEUE_MATCH_JOB_KIND, async () => {
      await offerFreedTime();
    }),
    registerJobHandler(QUEUE_OFFER_EXPIRE_JOB_KIND, async (payload) => {
      const { expired } = await expireQueueOffer(OfferExpirePayload.parse(payload).entryId);
      if (expired) await offerFreedTime();
    }),
  ];
  return () => unregister.forEach((remove) => remove());
}
