import { randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { newId, prisma } from "~/utils/db.server.ts";
import { createAccount } from "./factories.ts";

// Newsletter sends for tests and bench:send: an opt-in topic of its own (so other rows in the same
// database never join the audience), customers subscribed to it, and a draft ready to send.

export type SendAudience = { topicId: string; accountId: string; userIds: string[]; emails: string[] };

/** `count` customers on one new account, subscribed to a new opt-in topic; zones are dealt round-robin. */
export async function createSendAudience(
  options: { count: number; zones?: string[]; label?: string },
  db: PrismaClient = prisma,
): Promise<SendAudience> {
  const label = options.label ?? randomBytes(4).toString("hex");
  const zones = options.zones ?? ["UTC"];
  const domain = `send-${label}.test`;
  const account = await createAccount({ name: `Send ${label}`, domains: [domain], tier: "TECH" });
  const topic = await db.newsletterTopic.create({
    data: { slug: `send-${label}`, name: `Send test ${label}`, subscribedByDefault: false },
    select: { id: true },
  });
  const people = Array.from({ length: options.count }, (_, index) => ({
    id: newId(),
    email: `person${index}@${domain}`,
    name: `Person ${index}`,
    role: "MEMBER" as const,
    accountId: account.id,
    timeZone: zones[index % zones.length]!,
    locale: "en-US",
  }));
  const userIds = people.map((person) => person.id);
  const emails = people.map((person) => person.email);
  // Thousands of rows for the benchmarks: a few multi-row inserts, in one transaction.
  await db.$transaction(
    async (tx) => {
      for (let from = 0; from < people.length; from += 1_000) {
        const chunk = people.slice(from, from + 1_000);
        await tx.user.createMany({ data: chunk });
        await tx.topicPreference.createMany({
          data: chunk.map((person) => ({ userId: person.id, topicId: topic.id, subscribed: true, source: "ADMIN" as const })),
        });
      }
    },
    { timeout: 120_000 },
  );
  return { topicId: topic.id, accountId: account.id, userIds, emails };
}
