import { consumeRateLimit, type RateLimitRule } from "~/modules/auth/rate-limit.server.ts";
import { isUniqueViolation, prisma, writeTransaction } from "~/utils/db.server.ts";
import type { EngagementEventInput } from "./events.ts";
import { recordEvents } from "./events.server.ts";
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

  const rows: EngagementEventInput[] = [];
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
      kind: PRODUCT_USED,
      accountId,
      userId,
      subjectType: "feature",
      subjectId: event.feature,
      value: event.value ?? null,
      dedupeKey: productDedupeKey(event.eventId),
      occurredAt: event.occurredAt,
    });
  }
  const written = rows.length ? await writeOnce(rows) : 0;
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

/**
 * recordEvents skips keys already stored, inside the transaction, so one process never inserts a
 * duplicate. Another process racing with the same eventIds can still trip the unique key between our
 * read and our write; the retry then sees its rows and counts them as duplicates.
 */
async function writeOnce(rows: EngagementEventInput[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeTransaction(prisma, (tx) => recordEvents(tx, rows));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}
