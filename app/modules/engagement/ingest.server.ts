import { consumeRateLimit, type RateLimitRule } from "~/modules/auth/rate-limit.server.ts";
import { newId, prisma, sqlDate, writeTransaction } from "~/utils/db.server.ts";
import { cast, jsonArrayRows, placeholders } from "~/utils/sql.server.ts";
import { requestRescores } from "./scores.server.ts";
import { productDedupeKey, PRODUCT_USED, type IngestEvent, type Rejection, type ValidatedBatch } from "./ingest.ts";

export const INGEST_RATE_LIMIT: RateLimitRule = { name: "api-events:key", limit: 600, windowMs: 60_000 };

export function consumeIngestRateLimit(keyId: string, now = new Date()) {
  return consumeRateLimit(INGEST_RATE_LIMIT, keyId, now);
}

export type IngestOutcome = { accepted: number; duplicates: number; rejected: Rejection[] };

/**
 * Resolves every event's account and person with one query per kind of reference (ids, domains,
 * emails), then writes the batch in one transaction. An event already stored under its eventId is a
 * duplicate, not an error, so a client may resend a batch it is unsure about.
 */
export async function ingestEvents(batch: ValidatedBatch): Promise<IngestOutcome> {
  const rejected = [...batch.rejected];
  const events = batch.valid;
  const unique = <T>(values: Array<T | undefined>) => [...new Set(values.filter((value): value is T => value !== undefined))];
  const [accounts, domains, users] = await Promise.all([
    lookup(unique(events.map(({ event }) => event.accountId)), (ids) =>
      prisma.account.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    ),
    lookup(unique(events.map(({ event }) => event.accountDomain)), (names) =>
      prisma.accountDomain.findMany({ where: { domain: { in: names } }, select: { domain: true, accountId: true } }),
    ),
    lookup(unique(events.map(({ event }) => event.userEmail)), (emails) =>
      prisma.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, accountId: true } }),
    ),
  ]);
  const knownAccounts = new Set(accounts.map((account) => account.id));
  const accountByDomain = new Map(domains.map((row) => [row.domain, row.accountId]));
  const userByEmail = new Map(users.map((user) => [user.email, user]));

  const rows: ProductUsedRow[] = [];
  const seenInBatch = new Set<string>();
  let duplicates = 0;
  for (const { index, event } of events) {
    const errors: string[] = [];
    const accountId = resolveAccount(event, knownAccounts, accountByDomain, errors);
    let userId: string | null = null;
    if (event.userEmail && accountId) {
      const user = userByEmail.get(event.userEmail);
      if (!user || user.accountId !== accountId) errors.push("userEmail: no person with this email belongs to that account");
      else userId = user.id;
    }
    if (errors.length > 0 || !accountId) {
      rejected.push({ index, eventId: event.eventId, errors });
      continue;
    }
    if (seenInBatch.has(event.eventId)) {
      duplicates++;
      continue;
    }
    seenInBatch.add(event.eventId);
    rows.push({
      accountId,
      userId,
      feature: event.feature,
      value: event.value ?? null,
      dedupeKey: productDedupeKey(event.eventId),
      occurredAt: event.occurredAt,
    });
  }
  const written = rows.length ? await insertProductEvents(rows) : 0;
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: written, duplicates: duplicates + rows.length - written, rejected };
}

function resolveAccount(event: IngestEvent, known: Set<string>, byDomain: Map<string, string>, errors: string[]) {
  if (event.accountId) {
    if (known.has(event.accountId)) return event.accountId;
    errors.push("accountId: no account has this id");
    return null;
  }
  const accountId = event.accountDomain ? byDomain.get(event.accountDomain) : undefined;
  if (accountId) return accountId;
  errors.push("accountDomain: no account has this domain");
  return null;
}

async function lookup<T, R>(values: T[], query: (values: T[]) => Promise<R[]>): Promise<R[]> {
  return values.length ? query(values) : [];
}

type ProductUsedRow = {
  accountId: string;
  userId: string | null;
  feature: string;
  value: number | null;
  dedupeKey: string;
  occurredAt: Date;
};

/**
 * The API's hot path writes its rows itself instead of through recordEvents (docs/decisions/0024):
 * one INSERT … SELECT over the whole batch as one JSON array (json_each on SQLite, json_array_elements
 * on PostgreSQL, which also needs the value and dates cast), with ON CONFLICT DO NOTHING on the unique
 * dedupeKey, so the database alone decides what is a duplicate, a replay racing its original cannot
 * fail, and the rows RETURNING gives back are the ones accepted (and name the accounts to rescore).
 * Passing the rows as one JSON parameter costs a quarter of binding eight parameters a row, and
 * Prisma's createMany would split 1,000 rows into about a hundred statements.
 */
async function insertProductEvents(rows: ProductUsedRow[], now = new Date()): Promise<number> {
  const recordedAt = sqlDate(now);
  const payload = JSON.stringify(
    rows.map((row) => [newId(), row.accountId, row.userId, row.feature, row.value, row.dedupeKey, sqlDate(row.occurredAt)]),
  );
  return writeTransaction(prisma, async (tx) => {
    const inserted = await tx.$queryRawUnsafe<Array<{ accountId: string }>>(
      placeholders(`INSERT INTO "EngagementEvent" ("id", "accountId", "userId", "kind", "subjectType", "subjectId", "value", "dedupeKey", "occurredAt", "recordedAt")
       SELECT r."value" ->> 0, r."value" ->> 1, r."value" ->> 2, '${PRODUCT_USED}', 'feature', r."value" ->> 3,
         ${cast(`r."value" ->> 4`, "double")}, r."value" ->> 5, ${cast(`r."value" ->> 6`, "timestamp")}, ${cast("?", "timestamp")}
       FROM ${jsonArrayRows("r")} WHERE true
       ON CONFLICT ("dedupeKey") DO NOTHING
       RETURNING "accountId"`),
      recordedAt,
      payload,
    );
    // Scores follow product use within a minute, not the 15-minute catch-up: one debounced rescore
    // per account that gained an event (a replayed batch queues nothing).
    await requestRescores(
      tx,
      inserted.map((row) => row.accountId),
      now,
    );
    return inserted.length;
  });
}
