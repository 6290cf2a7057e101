import { sqlDate, type Tx } from "~/utils/db.server.ts";
import { dueAtFor, type NewsletterSchedulePlan } from "./due-times.ts";

// SEAM (issue 6): the segments part adds the segment rules' WHERE to this one statement; the consent
// filters below stay. Everything is decided by one INSERT … SELECT, so the snapshot is one pass and a
// second call adds nobody twice (unique newsletterId + email).

/** Who may receive a newsletter of `topicId` at all: customers, active, not opted out, not suppressed, subscribed. */
export const CONSENT_WHERE = `
  u."role" IN ('MEMBER', 'ACCOUNT_ADMIN')
  AND u."accountId" IS NOT NULL
  AND u."deactivatedAt" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "NewsletterOptOut" o WHERE o."userId" = u."id")
  AND NOT EXISTS (SELECT 1 FROM "EmailSuppression" s WHERE s."email" = u."email")
  AND COALESCE(
    (SELECT p."subscribed" FROM "TopicPreference" p WHERE p."userId" = u."id" AND p."topicId" = $topic),
    (SELECT t."subscribedByDefault" FROM "NewsletterTopic" t WHERE t."id" = $topic)
  ) = 1`;

export type SnapshotInput = {
  newsletterId: string;
  topicId: string;
  plan: NewsletterSchedulePlan;
  now: Date;
};

/** Writes the recipients of one send in one statement; returns how many rows it added. Call inside the send's transaction. */
export async function snapshotRecipients(tx: Tx, input: SnapshotInput): Promise<number> {
  const zones = await tx.$queryRawUnsafe<Array<{ timeZone: string }>>(
    `SELECT DISTINCT "timeZone" FROM "User" WHERE "role" IN ('MEMBER', 'ACCOUNT_ADMIN')`,
  );
  const dueByZone = Object.fromEntries(zones.map(({ timeZone }) => [timeZone, sqlDate(dueAtFor(input.plan, timeZone, input.now))]));
  const where = CONSENT_WHERE.replaceAll("$topic", "?");
  return tx.$executeRawUnsafe(
    `INSERT INTO "NewsletterRecipient" ("id", "newsletterId", "userId", "accountId", "email", "name", "timeZone", "dueAt", "status")
     SELECT 'r' || lower(hex(randomblob(12))), ?, u."id", u."accountId", u."email", u."name", u."timeZone", zone.value, 'PENDING'
     FROM "User" u JOIN json_each(?) zone ON zone.key = u."timeZone"
     WHERE ${where}
     ON CONFLICT ("newsletterId", "email") DO NOTHING`,
    input.newsletterId,
    JSON.stringify(dueByZone),
    input.topicId,
    input.topicId,
  );
}
