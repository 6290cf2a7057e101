import { prisma } from "~/utils/db.server.ts";

export const OUTBOX_PAGE_SIZE = 50;

export async function listOutboxMessages({ page = 1, q }: { page?: number; q?: string | null }) {
  const search = q?.trim();
  const where = search ? { OR: [{ to: { contains: search } }, { subject: { contains: search } }] } : {};
  const current = Math.max(1, Math.floor(page) || 1);
  const [messages, total] = await prisma.$transaction([
    prisma.outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (current - 1) * OUTBOX_PAGE_SIZE,
      take: OUTBOX_PAGE_SIZE,
      select: { id: true, to: true, subject: true, template: true, createdAt: true },
    }),
    prisma.outboxMessage.count({ where }),
  ]);
  return { messages, total, page: current, pageCount: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) };
}

export async function getOutboxMessage(id: string) {
  const message = await prisma.outboxMessage.findUnique({
    where: { id },
    select: {
      id: true,
      idempotencyKey: true,
      from: true,
      to: true,
      subject: true,
      html: true,
      text: true,
      headers: true,
      template: true,
      createdAt: true,
    },
  });
  if (!message) return null;
  return { ...message, headers: parseHeaders(message.headers) };
}

function parseHeaders(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}
