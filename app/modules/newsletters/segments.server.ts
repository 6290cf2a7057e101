import { prisma, sqlDate, type Db, type Tx } from "~/utils/db.server.ts";
import { placeholders } from "~/utils/sql.server.ts";
import type { SegmentCondition, SegmentRules } from "./segment-rules.ts";
import { consentWhere, CUSTOMER_WHERE, topicSubscribedSql } from "./consent-sql.ts";

// Segment rules → one SQL WHERE fragment with `?` parameters, over `User u` joined to its account (`a`)
// and its account's latest score (`sc`, absent until the account is first scored). Whole statements built
// on it go through placeholders(), which numbers the `?`s on PostgreSQL. Evaluated at send time, so the
// audience is whoever matches then (docs/decisions/0028).

const DAY_MS = 86_400_000;

export type SqlFragment = { sql: string; params: unknown[] };

/** The joins every segment query uses; `u` must be the customer user. */
export const SEGMENT_JOINS = `JOIN "Account" a ON a."id" = u."accountId" LEFT JOIN "AccountScore" sc ON sc."accountId" = u."accountId"`;

const marks = (values: readonly unknown[]) => values.map(() => "?").join(", ");

function conditionSql(condition: SegmentCondition, now: Date): SqlFragment {
  const since = (days: number) => sqlDate(new Date(now.getTime() - days * DAY_MS));
  switch (condition.field) {
    case "tier":
    case "plan": {
      const column = condition.field === "tier" ? `a."tier"` : `a."plan"`;
      return { sql: `${column} ${condition.op === "in" ? "IN" : "NOT IN"} (${marks(condition.values)})`, params: condition.values };
    }
    case "health":
      return { sql: `sc."health" IN (${marks(condition.values)})`, params: condition.values };
    case "role":
      return { sql: `u."role" IN (${marks(condition.values)})`, params: condition.values };
    case "arr":
    case "engagement_score": {
      const [column, scale] = condition.field === "arr" ? [`a."arrCents"`, 100] : [`sc."score"`, 1];
      const parts: string[] = [`${column} IS NOT NULL`];
      const params: unknown[] = [];
      if (condition.min !== undefined) {
        parts.push(`${column} >= ?`);
        params.push(condition.min * scale);
      }
      if (condition.max !== undefined) {
        parts.push(`${column} <= ?`);
        params.push(condition.max * scale);
      }
      return { sql: parts.join(" AND "), params };
    }
    case "renewal_within":
      return {
        sql: `a."renewalDate" >= ? AND a."renewalDate" <= ?`,
        params: [sqlDate(now), sqlDate(new Date(now.getTime() + condition.days * DAY_MS))],
      };
    case "attended": {
      // Registration.attendance is the authority: the join link, the host's sheet and the participant
      // report all write it, and a host's correction to NO_SHOW overrides an earlier "attended" event.
      const params: unknown[] = [since(condition.days), sqlDate(now)];
      let sql = `SELECT 1 FROM "Registration" r JOIN "LiveSession" ls ON ls."id" = r."sessionId"
        WHERE r."userId" = u."id" AND r."attendance" = 'ATTENDED' AND ls."startsAt" >= ? AND ls."startsAt" <= ?`;
      if (condition.sessionId) {
        sql += ` AND r."sessionId" = ?`;
        params.push(condition.sessionId);
      }
      if (condition.topic) {
        sql += ` AND EXISTS (SELECT 1 FROM "LiveSessionTopic" lt WHERE lt."sessionId" = r."sessionId" AND lt."topic" = ?)`;
        params.push(condition.topic);
      }
      return { sql: `${condition.op === "did" ? "" : "NOT "}EXISTS (${sql})`, params };
    }
    case "booked_hour":
      // Booked by anyone at the contact's account (the hour serves the account), cancelled ones aside.
      return {
        sql: `${condition.op === "did" ? "" : "NOT "}EXISTS (SELECT 1 FROM "CsmBooking" b
          WHERE b."accountId" = u."accountId" AND b."status" <> 'CANCELLED' AND b."createdAt" >= ? AND b."createdAt" <= ?)`,
        params: [since(condition.days), sqlDate(now)],
      };
    case "subscribed":
      return {
        sql: `${topicSubscribedSql("?")} IS ${condition.op === "is" ? "" : "NOT "}TRUE`,
        params: [condition.topicId, condition.topicId],
      };
  }
}

/** The rules as one parenthesised WHERE fragment; no conditions means everyone. */
export function compileSegment(rules: SegmentRules, now: Date): SqlFragment {
  if (rules.conditions.length === 0) return { sql: "(TRUE)", params: [] };
  const parts = rules.conditions.map((condition) => conditionSql(condition, now));
  return {
    sql: `(${parts.map((part) => `(${part.sql})`).join(rules.match === "all" ? " AND " : " OR ")})`,
    params: parts.flatMap((part) => part.params),
  };
}

/** Customers matching the rules; with a topic, only those who would actually receive it (consent). */
export function audienceWhere(input: { rules: SegmentRules; topicId?: string | null; now: Date }): SqlFragment {
  const segment = compileSegment(input.rules, input.now);
  if (!input.topicId) return { sql: `${CUSTOMER_WHERE} AND ${segment.sql}`, params: segment.params };
  return {
    sql: `${consentWhere("?")} AND ${segment.sql}`,
    params: [input.topicId, input.topicId, ...segment.params],
  };
}

type AudienceInput = { rules: SegmentRules; topicId?: string | null; now?: Date; db?: Db | Tx };

export async function countSegment({ rules, topicId, now = new Date(), db = prisma }: AudienceInput): Promise<number> {
  const where = audienceWhere({ rules, topicId, now });
  const [row] = await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(
    placeholders(`SELECT COUNT(*) AS n FROM "User" u ${SEGMENT_JOINS} WHERE ${where.sql}`),
    ...where.params,
  );
  return Number(row?.n ?? 0);
}

export type SampleRecipient = { id: string; name: string; email: string; account: string; tier: string; health: string | null };

/** The first `limit` matching people by email (the email index gives them without sorting everyone). */
export async function sampleSegment({ rules, topicId, now = new Date(), db = prisma, limit = 10 }: AudienceInput & { limit?: number }) {
  const where = audienceWhere({ rules, topicId, now });
  return db.$queryRawUnsafe<SampleRecipient[]>(
    placeholders(`SELECT u."id" AS "id", u."name" AS "name", u."email" AS "email", a."name" AS "account", a."tier" AS "tier", sc."health" AS "health"
     FROM "User" u ${SEGMENT_JOINS} WHERE ${where.sql} ORDER BY u."email" LIMIT ?`),
    ...where.params,
    Math.max(1, Math.min(50, limit)),
  );
}
