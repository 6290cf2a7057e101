import { randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { newId, prisma, sqlDate } from "~/utils/db.server.ts";
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
  const at = sqlDate(new Date());
  const userIds: string[] = [];
  const emails: string[] = [];
  await db.$transaction(async (tx) => {
    for (let index = 0; index < options.count; index++) {
      const id = newId();
      const email = `person${index}@${domain}`;
      userIds.push(id);
      emails.push(email);
      await tx.$executeRaw`INSERT INTO "User" ("id", "email", "name", "role", "accountId", "timeZone", "locale", "createdAt", "updatedAt")
        VALUES (${id}, ${email}, ${`Person ${index}`}, 'MEMBER', ${account.id}, ${zones[index % zones.length]}, 'en-US', ${at}, ${at})`;
      await tx.$executeRaw`INSERT INTO "TopicPreference" ("userId", "topicId", "subscribed", "source", "updatedAt")
        VALUES (${id}, ${topic.id}, TRUE, 'ADMIN', ${at})`;
    }
  });
  return { topicId: topic.id, accountId: account.id, userIds, emails };
}
