import { z } from "zod";
import { enqueueJobNow } from "~/modules/jobs/queue.server.ts";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { sendEmail } from "~/providers/email.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { isValidTimeZone } from "~/utils/format.ts";
import { listUnsubscribeHeaders, recipientLinks } from "./consent-links.server.ts";
import { assertCanManageNewsletters } from "./topics.server.ts";
import {
  firstNameOf,
  loadNewsletterContent,
  personaliseRendered,
  renderNewsletterContent,
  type RenderedNewsletter,
} from "./render.server.ts";
import { testRecipientId, type PlaceholderValues } from "./placeholders.ts";
import type { Actor } from "~/modules/auth/permissions.ts";

// Previews and test sends, personalised as the staff member themselves. A test goes only to the acting
// user's own address (never one typed in), through the job queue and the email seam like any email.

export const NEWSLETTER_TEST_JOB_KIND = "newsletter.test";
async function viewerValues(actor: Actor, newsletterId: string, topicId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { name: true, email: true, timeZone: true } });
  // A test copy's links go through the click tracker like a real one, which follows them and counts nothing.
  const links = await recipientLinks({ userId: actor.id, topicId, recipientId: testRecipientId(newsletterId) });
  const values: PlaceholderValues = { name: user.name, firstName: firstNameOf(user.name), email: user.email, ...links };
  return { user, values };
}

async function topicOf(newsletterId: string) {
  const row = await prisma.newsletter.findUnique({ where: { id: newsletterId }, select: { topicId: true } });
  if (!row) throw new Response("There is no newsletter with that id. It may have been deleted.", { status: 404 });
  return row.topicId;
}

/** The newsletter as the viewer would receive it if they lived in `timeZone`. */
export async function previewNewsletter(
  actor: Actor,
  newsletterId: string,
  timeZone: string,
  now = new Date(),
): Promise<RenderedNewsletter> {
  assertCanManageNewsletters(actor);
  const topicId = await topicOf(newsletterId);
  const [content, { values }] = await Promise.all([loadNewsletterContent(newsletterId), viewerValues(actor, newsletterId, topicId)]);
  return personaliseRendered(await renderNewsletterContent(content, timeZone, now), values);
}

/** `pressKey` is drawn with the page: a double click queues one test, a later press another. */
export async function sendTestNewsletter(actor: Actor, newsletterId: string, pressKey: string, now = new Date()) {
  assertCanManageNewsletters(actor);
  const topicId = await topicOf(newsletterId);
  const [content, { user, values }] = await Promise.all([loadNewsletterContent(newsletterId), viewerValues(actor, newsletterId, topicId)]);
  const copy = personaliseRendered(await renderNewsletterContent(content, user.timeZone, now), values);
  await enqueueJobNow({
    kind: NEWSLETTER_TEST_JOB_KIND,
    idempotencyKey: `newsletter-test:${newsletterId}:${actor.id}:${pressKey}`,
    payload: {
      to: user.email,
      subject: `[Test] ${copy.subject}`,
      html: copy.html,
      text: copy.text,
      headers: listUnsubscribeHeaders(values.unsubscribeUrl),
    },
  });
  return { to: user.email };
}

const TestPayloadSchema = z.object({
  to: z.string().min(3),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
});

export async function handleNewsletterTestJob(payload: unknown, job: { id: string; idempotencyKey: string | null }) {
  const message = TestPayloadSchema.parse(payload);
  await sendEmail({ ...message, template: "newsletter-test", idempotencyKey: job.idempotencyKey ?? `job:${job.id}` });
}

export function registerNewsletterTestJobs() {
  return registerJobHandler(NEWSLETTER_TEST_JOB_KIND, (payload, job) => handleNewsletterTestJob(payload, job));
}

/** The preview page: the zone asked for (or the viewer's own) and the plain-text version in it. */
export async function getNewsletterPreview(actor: Actor & { timeZone: string }, newsletterId: string, requestedZone: string | null) {
  assertCanManageNewsletters(actor);
  const timeZone = requestedZone && isValidTimeZone(requestedZone) ? requestedZone : actor.timeZone;
  const newsletter = await prisma.newsletter.findUnique({ where: { id: newsletterId }, select: { id: true, subject: true, status: true } });
  if (!newsletter) throw new Response("There is no newsletter with that id. It may have been deleted.", { status: 404 });
  const rendered = await previewNewsletter(actor, newsletterId, timeZone);
  return { newsletter, timeZone, subject: rendered.subject, text: rendered.text };
}
