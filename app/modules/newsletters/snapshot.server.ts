import { sqlDate, type Tx } from "~/utils/db.server.ts";
import { cast, jsonObjectRows, placeholders, randomIdSql } from "~/utils/sql.server.ts";
import { dueAtFor, type NewsletterSchedulePlan } from "./due-times.ts";
import type { SegmentRules } from "./segment-rules.ts";
import { audienceWhere, SEGMENT_JOINS } from "./segments.server.ts";

// The segment's rules (compiled to SQL in segments.server.ts) and the consent rule (consent-sql.ts) decide the
// audience in one INSERT … SELECT, so the snapshot is one pass and a second call adds nobody twice
// (unique newsletterId + email). Each person's due time comes from their zone through a small JSON map
// (zone → sqlDate text, unpacked by jsonObjectRows and cast to a timestamp on PostgreSQL).

export type SnapshotInput = {
  newsletterId: string;
  topicId: string;
  /** The segment's rules as they are now; no conditions means everyone consenting to the topic. */
  rules: SegmentRules;
  plan: NewsletterSchedulePlan;
  now: Date;
};

/** Writes the recipients of one send in one statement; returns how many rows it added. Call inside the send's transaction. */
export async function snapshotRecipients(tx: Tx, input: SnapshotInput): Promise<number> {
  const zones = await tx.$queryRawUnsafe<Array<{ timeZone: string }>>(
    `SELECT DISTINCT "timeZone" FROM "User" WHERE "role" IN ('MEMBER', 'ACCOUNT_ADMIN')`,
  );
  const dueByZone = Object.fromEntries(zones.map(({ timeZone }) => [timeZone, sqlDate(dueAtFor(input.plan, timeZone, input.now))]));
  const where = audienceWhere({ rules: input.rules, topicId: input.topicId, now: input.now });
  return tx.$executeRawUnsafe(
    placeholders(`INSERT INTO "NewsletterRecipient" ("id", "newsletterId", "userId", "accountId", "email", "name", "timeZone", "dueAt", "status")
     SELECT ${randomIdSql("r")}, ?, u."id", u."accountId", u."email", u."name", u."timeZone", ${cast('zone."value"', "timestamp")}, 'PENDING'
     FROM "User" u ${SEGMENT_JOINS} JOIN ${jsonObjectRows("zone")} ON zone."key" = u."timeZone"
     WHERE ${where.sql}
     ON CONFLICT ("newsletterId", "email") DO NOTHING`),
    input.newsletterId,
    JSON.stringify(dueByZone),
    ...where.params,
  );
}
