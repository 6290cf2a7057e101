// The consent rule as SQL over `User u`, in one place: the send's snapshot, the re-check just before each
// batch, the segment counts, the topic subscriber counts and the "subscribed to" segment condition all
// build on these fragments, so "who may get a newsletter of this topic" cannot mean two things.

/** Active customers: who a segment can contain at all, before any topic's consent. */
export const CUSTOMER_WHERE = `u."role" IN ('MEMBER', 'ACCOUNT_ADMIN') AND u."accountId" IS NOT NULL AND u."deactivatedAt" IS NULL`;

/** True when `u` follows the topic `topic` names (a bound `?` or a column): their own choice, else the topic's default. */
export function topicSubscribedSql(topic: string): string {
  return `COALESCE(
    (SELECT p."subscribed" FROM "TopicPreference" p WHERE p."userId" = u."id" AND p."topicId" = ${topic}),
    (SELECT t."subscribedByDefault" FROM "NewsletterTopic" t WHERE t."id" = ${topic})
  )`;
}

/**
 * Who may receive a newsletter of the topic `topic` names: customers, active, not opted out of every
 * newsletter, not suppressed, subscribed. With `?` it binds the topic id twice.
 */
export function consentWhere(topic: string): string {
  return `${CUSTOMER_WHERE}
  AND NOT EXISTS (SELECT 1 FROM "NewsletterOptOut" o WHERE o."userId" = u."id")
  AND NOT EXISTS (SELECT 1 FROM "EmailSuppression" s WHERE s."email" = u."email")
  AND ${topicSubscribedSql(topic)} = TRUE`;
}
