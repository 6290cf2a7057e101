import { setTimeout as sleep } from "node:timers/promises";
import { registerJobHandler } from "~/modules/jobs/handlers.server.ts";
import { enqueueJob } from "~/modules/jobs/queue.server.ts";
import { IdempotencyConflictError, RateLimitedError, sendEmailBatch, type BatchEmailMessage } from "~/providers/email.server.ts";
import { newId, prisma, sqlDate, writeTransaction, type Db } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { jsonObjectRowsSql, placeholders, skipLocked } from "~/utils/sql.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { listUnsubscribeHeaders, recipientLinks } from "./consent-links.server.ts";
import { batchIdempotencyKey, cappedWait, NEWSLETTER_BATCH_SIZE, personaliseCopy, TokenBucket, type RenderedCopy } from "./delivery.ts";
import { renderNewsletterForZone } from "./render.server.ts";
import { consentWhere, CUSTOMER_WHERE } from "./consent-sql.ts";

// Delivery of one newsletter, in batches of up to 100 recipients, exactly once per recipient:
// 1. A batch is CLAIMED in one transaction (a conditional write: only PENDING recipients without a
//    batch are taken), so two workers never hold the same recipient.
// 2. It is sent under the batch's own idempotency key, so the provider delivers it once however often
//    it is sent.
// 3. Batch SENT and its recipients SENT are one transaction. A crash between 2 and 3 leaves the batch
//    CLAIMED; the next run sends it again with the same key and the same recipients.
// See docs/decisions/0030-newsletter-batches.md.

export const NEWSLETTER_DELIVERY_JOB = "newsletter.deliver";
/** A batch that keeps being rate-limited gives up after this many tries in one run; the job retries later. */
const MAX_RATE_LIMITED_TRIES = 30;

const ACTIVE = `('SCHEDULED', 'SENDING')`;

export type DeliveryOptions = {
  db?: Db;
  now?: () => Date;
  /** Shared per process by default so that every send in the process stays under the provider's limit. */
  bucket?: TokenBucket;
  send?: typeof sendEmailBatch;
  /** Stop after this many batches (tests); the rest stays PENDING. */
  maxBatches?: number;
};

export type DeliveryOutcome = {
  batches: number;
  sent: number;
  skipped: number;
  /** The newsletter's status when the run ended. */
  status: string;
  /** Recipients are still waiting for a later wave: run again at this time. */
  nextDueAt: Date | null;
};

const globalForDelivery = globalThis as unknown as { lyceumSendBucket?: { rate: number; bucket: TokenBucket } };

/** One bucket per process and rate: every newsletter sent by this process shares the provider's limit. */
export function processSendBucket(): TokenBucket {
  const rate = getEnv().NEWSLETTER_SEND_RATE;
  if (globalForDelivery.lyceumSendBucket?.rate !== rate) globalForDelivery.lyceumSendBucket = { rate, bucket: new TokenBucket(rate) };
  return globalForDelivery.lyceumSendBucket.bucket;
}

type Context = {
  db: Db;
  now: () => Date;
  bucket: TokenBucket;
  send: typeof sendEmailBatch;
  newsletterId: string;
  topicId: string;
  renders: Map<string, Promise<RenderedCopy>>;
};

/** Sends what is due now. Safe to run in several workers at once and to kill at any moment. */
export async function deliverNewsletter(newsletterId: string, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const db = options.db ?? prisma;
  const newsletter = await db.newsletter.findUnique({ where: { id: newsletterId }, select: { topicId: true, status: true } });
  if (!newsletter) return { batches: 0, sent: 0, skipped: 0, status: "MISSING", nextDueAt: null };
  const context: Context = {
    db,
    now: options.now ?? (() => new Date()),
    bucket: options.bucket ?? processSendBucket(),
    send: options.send ?? sendEmailBatch,
    newsletterId,
    topicId: newsletter.topicId,
    renders: new Map(),
  };
  const outcome: DeliveryOutcome = { batches: 0, sent: 0, skipped: 0, status: newsletter.status, nextDueAt: null };

  // Batches a crashed run claimed are finished first, whatever the status: they may already be at the provider.
  const leftovers = await db.newsletterBatch.findMany({
    where: { newsletterId, status: "CLAIMED" },
    orderBy: { createdAt: "asc" },
    select: { id: true, idempotencyKey: true },
  });
  for (const batch of leftovers) {
    outcome.sent += await sendClaimedBatch(context, batch);
    outcome.batches++;
  }

  for (;;) {
    if (options.maxBatches !== undefined && outcome.batches >= options.maxBatches) break;
    // Re-read between batches: a pause or cancel stops the run here.
    const current = await db.newsletter.findUnique({ where: { id: newsletterId }, select: { status: true } });
    outcome.status = current?.status ?? "MISSING";
    if (outcome.status !== "SCHEDULED" && outcome.status !== "SENDING") return outcome;
    const claim = await claimNextBatch(context);
    outcome.skipped += claim.skipped;
    if (claim.batch) {
      outcome.sent += await sendClaimedBatch(context, claim.batch);
      outcome.batches++;
    } else if (claim.skipped === 0) {
      break;
    }
  }
  const finished = await finishIfDone(context);
  return { ...outcome, ...finished };
}

/**
 * One transaction: recipients due now who have since been suppressed, opted out or unsubscribed are
 * SKIPPED; then up to 100 of the rest are taken into a new batch. Both writes carry their own
 * conditions (PENDING, no batch, newsletter still active), so a second worker takes other rows or none.
 * On PostgreSQL the due rows are also locked as they are picked and other workers pass over them
 * (skipLocked), so several nodes sending one newsletter fill different batches side by side.
 */
async function claimNextBatch(context: Context): Promise<{ batch: { id: string; idempotencyKey: string } | null; skipped: number }> {
  const { db, newsletterId, topicId } = context;
  const now = context.now();
  const at = sqlDate(now);
  const due = `SELECT "id" FROM "NewsletterRecipient"
    WHERE "newsletterId" = ? AND "status" = 'PENDING' AND "batchId" IS NULL AND "dueAt" <= ?
    ORDER BY "dueAt", "id" LIMIT ${NEWSLETTER_BATCH_SIZE}${skipLocked()}`;
  const active = `EXISTS (SELECT 1 FROM "Newsletter" n WHERE n."id" = ? AND n."status" IN ${ACTIVE})`;
  return writeTransaction(
    db,
    async (tx) => {
      const skipped = await tx.$executeRawUnsafe(
        placeholders(`UPDATE "NewsletterRecipient" AS r SET "status" = 'SKIPPED', "skipReason" = CASE
         WHEN EXISTS (SELECT 1 FROM "EmailSuppression" s WHERE s."email" = r."email") THEN 'suppressed'
         WHEN EXISTS (SELECT 1 FROM "NewsletterOptOut" o WHERE o."userId" = r."userId") THEN 'opted_out'
         WHEN NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = r."userId" AND ${CUSTOMER_WHERE}) THEN 'no_longer_a_customer'
         ELSE 'unsubscribed' END
       WHERE r."id" IN (${due}) AND ${active}
         AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = r."userId" AND ${consentWhere("?")})`),
        newsletterId,
        at,
        newsletterId,
        topicId,
        topicId,
      );
      const batchId = newId();
      const idempotencyKey = batchIdempotencyKey(newsletterId, batchId);
      await tx.$executeRaw`INSERT INTO "NewsletterBatch" ("id", "newsletterId", "idempotencyKey", "status", "size", "attempts", "createdAt")
      VALUES (${batchId}, ${newsletterId}, ${idempotencyKey}, 'CLAIMED', 0, 0, ${at})`;
      const size = await tx.$executeRawUnsafe(
        placeholders(`UPDATE "NewsletterRecipient" SET "batchId" = ? WHERE "id" IN (${due}) AND ${active}`),
        batchId,
        newsletterId,
        at,
        newsletterId,
      );
      if (size === 0) {
        await tx.$executeRaw`DELETE FROM "NewsletterBatch" WHERE "id" = ${batchId}`;
        return { batch: null, skipped };
      }
      await tx.$executeRaw`UPDATE "NewsletterBatch" SET "size" = ${size} WHERE "id" = ${batchId}`;
      await tx.$executeRaw`UPDATE "Newsletter" SET "status" = 'SENDING', "startedAt" = COALESCE("startedAt", ${at}), "updatedAt" = ${at}
      WHERE "id" = ${newsletterId} AND "status" = 'SCHEDULED'`;
      return { batch: { id: batchId, idempotencyKey }, skipped };
    },
    { claim: true },
  );
}

/** Sends one claimed batch (again, after a crash: same recipients, same key) and records it; returns how many it marked SENT. */
async function sendClaimedBatch(context: Context, batch: { id: string; idempotencyKey: string }): Promise<number> {
  const { db } = context;
  const recipients = await db.newsletterRecipient.findMany({
    where: { batchId: batch.id, status: "PENDING" },
    orderBy: { id: "asc" },
    select: { id: true, userId: true, email: true, name: true, timeZone: true },
  });
  let ids: string[] | null = [];
  if (recipients.length > 0) {
    const messages = await Promise.all(recipients.map((recipient) => buildMessage(context, recipient)));
    ids = await sendPaced(context, batch, messages);
  }
  const sentAt = sqlDate(context.now());
  const idByRecipient = JSON.stringify(Object.fromEntries(recipients.map((recipient, index) => [recipient.id, ids?.[index] ?? null])));
  return writeTransaction(db, async (tx) => {
    const marked = await tx.$executeRaw`UPDATE "NewsletterBatch" SET "status" = 'SENT', "sentAt" = ${sentAt}, "attempts" = "attempts" + 1
      WHERE "id" = ${batch.id} AND "status" = 'CLAIMED'`;
    // Another worker finished this batch first (it resumed it while this one was sending): nothing to record twice.
    if (marked === 0) return 0;
    return tx.$executeRaw`UPDATE "NewsletterRecipient" SET "status" = 'SENT', "sentAt" = ${sentAt},
        "providerMessageId" = (SELECT j."value" FROM ${jsonObjectRowsSql(idByRecipient, "j")} WHERE j."key" = "NewsletterRecipient"."id")
      WHERE "batchId" = ${batch.id} AND "status" = 'PENDING'`;
  });
}

async function sendPaced(context: Context, batch: { id: string; idempotencyKey: string }, messages: BatchEmailMessage[]) {
  for (let tries = 1; ; tries++) {
    const wait = context.bucket.reserve();
    if (wait > 0) await sleep(wait);
    const departure = context.bucket.departed();
    try {
      const ids = await context.send(messages, { idempotencyKey: batch.idempotencyKey });
      context.bucket.answered(departure);
      return ids;
    } catch (error) {
      context.bucket.answered(departure);
      if (error instanceof RateLimitedError && tries < MAX_RATE_LIMITED_TRIES) {
        context.bucket.holdFor(cappedWait(error.retryAfterMs));
        continue;
      }
      // The key was spent on an earlier, different body: that request went through, so the emails are out.
      if (error instanceof IdempotencyConflictError) {
        logger.warn("newsletter batch was already sent with other content; recording it as sent", { batchId: batch.id });
        return null;
      }
      const message = error instanceof Error ? error.message : String(error);
      await context.db.newsletterBatch.update({
        where: { id: batch.id },
        data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000) },
      });
      throw error;
    }
  }
}

async function buildMessage(
  context: Context,
  recipient: { id: string; userId: string | null; email: string; name: string; timeZone: string },
): Promise<BatchEmailMessage> {
  let rendered = context.renders.get(recipient.timeZone);
  if (!rendered) {
    rendered = renderNewsletterForZone(context.newsletterId, recipient.timeZone);
    context.renders.set(recipient.timeZone, rendered);
  }
  const links = await recipientLinks({ userId: recipient.userId ?? recipient.id, topicId: context.topicId, recipientId: recipient.id });
  const copy = personaliseCopy(await rendered, recipient, links);
  return { to: recipient.email, ...copy, headers: listUnsubscribeHeaders(links.unsubscribeUrl), template: "newsletter" };
}

/** SENT once nobody is left PENDING; otherwise the time of the next wave, if nobody is in flight for it. */
async function finishIfDone(context: Context): Promise<Pick<DeliveryOutcome, "status" | "nextDueAt">> {
  const { db, newsletterId } = context;
  const next = await db.newsletterRecipient.findFirst({
    where: { newsletterId, status: "PENDING" },
    orderBy: { dueAt: "asc" },
    select: { dueAt: true, batchId: true },
  });
  if (!next) {
    const at = context.now();
    await db.newsletter.updateMany({
      where: { id: newsletterId, status: { in: ["SCHEDULED", "SENDING"] } },
      data: { status: "SENT", completedAt: at },
    });
  }
  const current = await db.newsletter.findUnique({ where: { id: newsletterId }, select: { status: true } });
  const status = current?.status ?? "MISSING";
  const waiting = await db.newsletterRecipient.findFirst({
    where: { newsletterId, status: "PENDING", batchId: null },
    orderBy: { dueAt: "asc" },
    select: { dueAt: true },
  });
  const active = status === "SCHEDULED" || status === "SENDING";
  return { status, nextDueAt: active && waiting ? waiting.dueAt : null };
}

/**
 * The delivery job for a newsletter at `runAt`, keyed by newsletter and time: the job a send starts and
 * the one a run leaves for the same wave are one job. A resume passes its own reason.
 */
export function enqueueDelivery(
  db: Parameters<typeof enqueueJob>[0],
  newsletterId: string,
  runAt: Date,
  reason = `due:${runAt.toISOString()}`,
) {
  return enqueueJob(db, {
    kind: NEWSLETTER_DELIVERY_JOB,
    payload: { newsletterId },
    runAt,
    maxAttempts: 20,
    idempotencyKey: `${NEWSLETTER_DELIVERY_JOB}:${newsletterId}:${reason}`,
  });
}

export function registerNewsletterDeliveryJobs(): () => void {
  return registerJobHandler(NEWSLETTER_DELIVERY_JOB, async (payload) => {
    const { newsletterId } = payload as { newsletterId: string };
    const outcome = await deliverNewsletter(newsletterId);
    logger.info("newsletter delivery run", { newsletterId, ...outcome, nextDueAt: outcome.nextDueAt?.toISOString() });
    // A later local-hour wave: a job for that time rather than a worker asleep until then.
    if (outcome.nextDueAt) await enqueueDelivery(prisma, newsletterId, outcome.nextDueAt);
  });
}
