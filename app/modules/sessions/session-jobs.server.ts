import { z } from "zod";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { expireOffer, OFFER_EXPIRE_JOB } from "./offers.server.ts";

const OfferExpirePayload = z.object({ registrationId: z.string().min(1) });

/** The registration engine's jobs; called once when the server starts. Returns an unregister. */
export function registerSessionJobs(): () => void {
  return registerJobHandler(OFFER_EXPIRE_JOB, async (payload) => {
    await expireOffer(OfferExpirePayload.parse(payload).registrationId);
  });
}
