import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { NewsletterBlock } from "~/modules/newsletters/blocks.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createUser, faker } from "./factories.ts";

// Newsletter rows for every newsletter test (compose, consent, tracking, reports, sending, bench:send):
// a topic, a customer, a draft as the editor leaves it, a sent newsletter with its recipients.

export async function createTopic(overrides: Partial<Prisma.NewsletterTopicUncheckedCreateInput> = {}) {
  const name = overrides.name ?? `${faker.word.adjective()} ${faker.word.noun()} ${randomUUID().slice(0, 8)}`;
  const slug =
    overrides.slug ??
    `${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 50)}-${randomUUID().slice(0, 6)}`;
  return prisma.newsletterTopic.create({ data: { description: `All about ${name}.`, ...overrides, name, slug } });
}

export async function createCustomer(overrides: { timeZone?: string; accountId?: string } = {}) {
  const accountId = overrides.accountId ?? (await createAccount()).id;
  return createUser({ role: "MEMBER", accountId, timeZone: overrides.timeZone ?? "Europe/Paris" });
}

/** Content enough for a draft to be sent. */
export const READY_BLOCKS: NewsletterBlock[] = [{ type: "text", markdown: "Hello **there**" }];

/** A DRAFT as the editor would have left it (no blocks unless given); a topic of its own unless one is given. */
export async function createNewsletterRow(
  overrides: Partial<Omit<Prisma.NewsletterUncheckedCreateInput, "blocks">> & { blocks?: NewsletterBlock[] } = {},
  db: PrismaClient = prisma,
) {
  const { blocks = [], ...rest } = overrides;
  const topicId = rest.topicId ?? (await createTopic()).id;
  return db.newsletter.create({
    data: { subject: "Monthly news", preheader: "What is new", ...rest, topicId, blocks: JSON.stringify(blocks) },
  });
}

export async function createSentNewsletter(input: {
  topicId: string;
  subject?: string;
  blocks?: NewsletterBlock[];
  segmentName?: string | null;
  startedAt?: Date;
}) {
  const startedAt = input.startedAt ?? new Date(Date.now() - 3_600_000);
  return createNewsletterRow({
    subject: input.subject ?? `News ${faker.string.alphanumeric(6)}`,
    preheader: "",
    topicId: input.topicId,
    blocks: input.blocks ?? [{ type: "cta", label: "Read", url: "https://docs.example.com/guide" }],
    status: "SENT",
    segmentName: input.segmentName ?? null,
    snapshottedAt: startedAt,
    startedAt,
    completedAt: startedAt,
  });
}

export async function createRecipient(
  newsletterId: string,
  user: { id: string; email: string; name: string; accountId: string | null; timeZone: string },
  overrides: Partial<{
    status: "PENDING" | "SENT" | "SKIPPED" | "FAILED" | "CANCELLED";
    providerMessageId: string | null;
    sentAt: Date | null;
    deliveredAt: Date | null;
    openedAt: Date | null;
    clickedAt: Date | null;
    bouncedAt: Date | null;
    complainedAt: Date | null;
    openCount: number;
    clickCount: number;
    skipReason: string | null;
  }> = {},
) {
  return prisma.newsletterRecipient.create({
    data: {
      newsletterId,
      userId: user.id,
      accountId: user.accountId,
      email: user.email,
      name: user.name,
      timeZone: user.timeZone,
      dueAt: new Date(Date.now() - 3_600_000),
      status: "SENT",
      sentAt: new Date(Date.now() - 3_500_000),
      providerMessageId: overrides.providerMessageId === undefined ? faker.string.uuid() : overrides.providerMessageId,
      ...overrides,
    },
  });
}
