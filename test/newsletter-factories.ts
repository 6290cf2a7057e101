import { randomUUID } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { NewsletterBlock } from "~/modules/newsletters/blocks.ts";
import { prisma } from "~/utils/db.server.ts";

// Newsletter rows as the editor would have left them.

export async function createTopic(overrides: Partial<Prisma.NewsletterTopicUncheckedCreateInput> = {}) {
  const suffix = randomUUID().slice(0, 8);
  return prisma.newsletterTopic.create({ data: { slug: `topic-${suffix}`, name: `Topic ${suffix}`, ...overrides } });
}

export async function createNewsletterRow(
  overrides: Partial<Omit<Prisma.NewsletterUncheckedCreateInput, "blocks">> & { blocks?: NewsletterBlock[] } = {},
) {
  const { blocks = [], ...rest } = overrides;
  const topicId = rest.topicId ?? (await createTopic()).id;
  return prisma.newsletter.create({
    data: { subject: "Monthly news", preheader: "What is new", ...rest, topicId, blocks: JSON.stringify(blocks) },
  });
}
