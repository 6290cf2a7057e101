// Runs one newsletter's delivery in its own process, for the kill-and-resume tests: the test SIGKILLs it
// at random moments and starts it again. Reads DATABASE_URL, RESEND_API_KEY and RESEND_BASE_URL from env.
// With FAULT_MARKERS=1 it also prints "ready" once connected and "send" just before each batch request
// (then waits FAULT_SEND_PAUSE_MS, default 20), so that the test can kill it between claim and send.
import { setTimeout as sleep } from "node:timers/promises";
import { deliverNewsletter } from "~/modules/newsletters/delivery.server.ts";
import { sendEmailBatch } from "~/providers/email.server.ts";
import { ensureDatabaseReady, prisma } from "~/utils/db.server.ts";

const newsletterId = process.argv[2];
if (!newsletterId) throw new Error("usage: deliver-newsletter-child.ts <newsletterId>");
const markers = process.env.FAULT_MARKERS === "1";
const pauseMs = Number(process.env.FAULT_SEND_PAUSE_MS ?? 20);
await ensureDatabaseReady();
if (markers) process.stdout.write("ready\n");
const send: typeof sendEmailBatch = async (messages, options) => {
  if (markers) {
    process.stdout.write("send\n");
    await sleep(pauseMs);
  }
  return sendEmailBatch(messages, options);
};
const outcome = await deliverNewsletter(newsletterId, { send });
process.stdout.write(`${JSON.stringify(outcome)}\n`);
await prisma.$disconnect();
