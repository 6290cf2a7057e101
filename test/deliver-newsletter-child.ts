// Runs one newsletter's delivery in its own process, for the kill-and-resume test: the test SIGKILLs it
// at random moments and starts it again. Reads DATABASE_URL, RESEND_API_KEY and RESEND_BASE_URL from env.
import { deliverNewsletter } from "~/modules/newsletters/delivery.server.ts";
import { ensureDatabaseReady, prisma } from "~/utils/db.server.ts";

const newsletterId = process.argv[2];
if (!newsletterId) throw new Error("usage: deliver-newsletter-child.ts <newsletterId>");
await ensureDatabaseReady();
const outcome = await deliverNewsletter(newsletterId);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
await prisma.$disconnect();
