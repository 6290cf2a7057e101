import type { NewsletterBlock } from "~/modules/newsletters/blocks.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createUser, faker } from "./factories.ts";

// Rows for the consent, tracking and report tests: a topic, a customer, a sent newsletter with recipients.

export async function createTopic(overrides: { name?: string; subscribedByDefault?: boolean; archivedAt?: Date | null } = {}) {
  const name = overrides.name ?? `${faker.word.adjective()} ${faker.word.noun()} ${faker.string.alphanumeric(5)}`;
  return prisma.newsletterTopic.create({
    data: {
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      name,
      description: `All about ${name}.`,
      subscribedByDefault: overrides.subscribedByDefault ?? true,
      archivedAt: overrides.archivedAt ?? null,
    },
  });
}

export async function createCustomer(overrides: { timeZone?: string; accountId?: string } = {}) {
  const accountId = overrides.accountId ?? (await createAccount()).id;
  return createUser({ role: "MEMBER", accountId, timeZone: overrides.timeZone ?? "Europe/Paris" });
}

export async function createSentNewsletter(input: {
  topicId: string;
  subject?: string;
  blocks?: NewsletterBlock[];
  segmentName?: string | null;
  startedAt?: Date;
}) {
  const startedAt = input.startedAt ?? new Date(Date.now() - 3_600_000);
  return prisma.newsletter.create({
    data: {
      subject: input.subject ?? `News ${faker.string.alphanumeric(6)}`,
      topicId: input.topicId,
      blocks: JSON.stringify(input.blocks ?? [{ type: "cta", label: "Read", url: "https://docs.example.com/guide" }]),
      status: "SENT",
      segmentName: input.segmentName ?? null,
      snapshottedAt: startedAt,
      startedAt,
      completedAt: startedAt,
    },
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
