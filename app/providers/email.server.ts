import { Resend } from "resend";
import { prisma, isUniqueViolation } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";

/** A text file sent with the email, e.g. an .ics invite; stored as-is by the local driver. */
export type EmailAttachment = { filename: string; contentType: string; content: string };

export type EmailMessage = {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Defaults to EMAIL_FROM. */
  from?: string;
  headers?: Record<string, string>;
  /** The receiver delivers a key once, so a retried job never sends twice. */
  idempotencyKey: string;
  template?: string;
  attachments?: EmailAttachment[];
};

export type EmailDriverName = "resend" | "local";
export type SentEmail = { id: string; driver: EmailDriverName };

export function emailDriverName(): EmailDriverName {
  return getEnv().RESEND_API_KEY ? "resend" : "local";
}

export async function sendEmail(message: EmailMessage): Promise<SentEmail> {
  // Env is read per call (not at import) so a deployment or a test can switch drivers.
  const env = getEnv();
  const from = message.from ?? env.EMAIL_FROM;
  const result = env.RESEND_API_KEY
    ? await sendWithResend({ ...message, from }, env.RESEND_API_KEY, env.RESEND_BASE_URL)
    : await storeInOutbox({ ...message, from });
  logger.info("email sent", { driver: result.driver, id: result.id, template: message.template });
  return result;
}

let client: { resend: Resend; key: string; baseUrl: string | undefined } | undefined;
function resendClient(key: string, baseUrl: string | undefined) {
  if (client?.key !== key || client.baseUrl !== baseUrl) {
    // Passed explicitly: otherwise the SDK falls back to reading process.env itself.
    const resend = new Resend(key, { baseUrl: baseUrl?.replace(/\/+$/, "") ?? "https://api.resend.com" });
    client = { resend, key, baseUrl };
  }
  return client.resend;
}

async function sendWithResend(message: EmailMessage & { from: string }, key: string, baseUrl: string | undefined): Promise<SentEmail> {
  const { data, error } = await resendClient(key, baseUrl).emails.send(
    {
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers,
      attachments: message.attachments?.map(({ filename, contentType, content }) => ({
        filename,
        contentType,
        content: Buffer.from(content, "utf8"),
      })),
    },
    { idempotencyKey: message.idempotencyKey },
  );
  // The SDK returns errors instead of throwing; a throw makes the job retry.
  if (error || !data) {
    const status = error?.statusCode ?? "no status";
    throw new Error(`Resend did not accept the email (${status}, ${error?.name ?? "no data"}): ${error?.message ?? ""}`);
  }
  return { id: data.id, driver: "resend" };
}

async function storeInOutbox(message: EmailMessage & { from: string }): Promise<SentEmail> {
  const data = {
    idempotencyKey: message.idempotencyKey,
    from: message.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: JSON.stringify(message.headers ?? {}),
    template: message.template ?? null,
    attachments: JSON.stringify(message.attachments ?? []),
  };
  try {
    const row = await prisma.outboxMessage.create({ data, select: { id: true } });
    return { id: row.id, driver: "local" };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await prisma.outboxMessage.findUniqueOrThrow({
      where: { idempotencyKey: message.idempotencyKey },
      select: { id: true },
    });
    return { id: row.id, driver: "local" };
  }
}

/** The local driver's stored attachments, for the outbox pages; a malformed row reads as none. */
export async function getOutboxAttachments(messageId: string): Promise<EmailAttachment[]> {
  const row = await prisma.outboxMessage.findUnique({ where: { id: messageId }, select: { attachments: true } });
  if (!row) return [];
  try {
    const value: unknown = JSON.parse(row.attachments);
    return Array.isArray(value) ? value.filter(isAttachment) : [];
  } catch {
    return [];
  }
}

function isAttachment(value: unknown): value is EmailAttachment {
  if (!value || typeof value !== "object") return false;
  const { filename, contentType, content } = value as Record<string, unknown>;
  return typeof filename === "string" && typeof contentType === "string" && typeof content === "string";
}
