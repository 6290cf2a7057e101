import { Resend } from "resend";
import { prisma, isUniqueViolation, newId, sqlDate, writeTransaction } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { RateLimitedError, retryWaitMs } from "./rate-limit.ts";

export { RateLimitedError };

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

/** One email of a batch: the batch carries the idempotency key, so the messages don't. */
export type BatchEmailMessage = Omit<EmailMessage, "idempotencyKey" | "attachments">;

/** Resend's batch endpoint takes at most this many emails per request. */
export const BATCH_LIMIT = 100;

/**
 * The batch's key was already used with a different body (Resend answers 409 invalid_idempotent_request):
 * the first request with this key was accepted, so the emails went out, but their ids are not known.
 */
export class IdempotencyConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdempotencyConflictError";
  }
}

/**
 * Sends up to BATCH_LIMIT emails in one request. Returns the provider's id per message, in order.
 * The same key sent again (a retry, or a worker resuming after a crash) is delivered once.
 * Throws RateLimitedError on a 429 (wait, then send the same batch again); any other error throws for a retry.
 */
export async function sendEmailBatch(messages: BatchEmailMessage[], options: { idempotencyKey: string }): Promise<string[]> {
  if (messages.length === 0) return [];
  if (messages.length > BATCH_LIMIT) throw new Error(`A batch holds at most ${BATCH_LIMIT} emails, not ${messages.length}`);
  const env = getEnv();
  const withFrom = messages.map((message) => ({ ...message, from: message.from ?? env.EMAIL_FROM }));
  const ids = env.RESEND_API_KEY
    ? await sendBatchWithResend(withFrom, options.idempotencyKey, env.RESEND_API_KEY, env.RESEND_BASE_URL)
    : await storeBatchInOutbox(withFrom, options.idempotencyKey);
  logger.debug("email batch sent", { driver: emailDriverName(), size: ids.length, idempotencyKey: options.idempotencyKey });
  return ids;
}

async function sendBatchWithResend(
  messages: Array<BatchEmailMessage & { from: string }>,
  idempotencyKey: string,
  key: string,
  baseUrl: string | undefined,
): Promise<string[]> {
  const { data, error, headers } = await resendClient(key, baseUrl).batch.send(
    messages.map((message) => ({
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers,
    })),
    { idempotencyKey },
  );
  if (error || !data) {
    const status = error?.statusCode ?? null;
    const name = error?.name as string | undefined;
    if (status === 429 || name === "rate_limit_exceeded" || name === "concurrent_idempotent_requests") {
      throw new RateLimitedError(retryWaitMs(headers), `Resend asked to wait (${name ?? status}): ${error?.message ?? ""}`);
    }
    if (name === "invalid_idempotent_request") throw new IdempotencyConflictError(error?.message ?? "Idempotency key reused");
    throw new Error(`Resend did not accept the batch (${status ?? "no status"}, ${name ?? "no data"}): ${error?.message ?? ""}`);
  }
  if (data.data.length !== messages.length) {
    throw new Error(`Resend answered ${data.data.length} ids for a batch of ${messages.length}`);
  }
  return data.data.map(({ id }) => id);
}

/** One transaction for the whole batch; message i has key `<batch key>:<i>`, so a re-sent batch adds nobody twice. */
async function storeBatchInOutbox(messages: Array<BatchEmailMessage & { from: string }>, batchKey: string): Promise<string[]> {
  const keys = messages.map((_, index) => `${batchKey}:${index}`);
  return writeTransaction(prisma, async (tx) => {
    for (const [index, message] of messages.entries()) {
      await tx.$executeRaw`INSERT INTO "OutboxMessage" ("id", "idempotencyKey", "from", "to", "subject", "html", "text", "headers", "attachments", "template", "createdAt")
        VALUES (${newId()}, ${keys[index]}, ${message.from}, ${message.to}, ${message.subject}, ${message.html}, ${message.text},
          ${JSON.stringify(message.headers ?? {})}, '[]', ${message.template ?? null}, ${sqlDate(new Date())})
        ON CONFLICT ("idempotencyKey") DO NOTHING`;
    }
    const rows = await tx.outboxMessage.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true, idempotencyKey: true } });
    const idByKey = new Map(rows.map((row) => [row.idempotencyKey, row.id]));
    return keys.map((key) => idByKey.get(key)!);
  });
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
