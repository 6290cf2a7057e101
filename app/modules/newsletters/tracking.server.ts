import { createHash } from "node:crypto";
import { Resend } from "resend";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { isUniqueViolation, prisma, sqlDate, writeTransaction, type Db, type Tx } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { parseBlocks } from "./blocks.ts";
import { allowedClickTarget } from "./click-targets.ts";
import { linkSigningKey, verifyLinkToken } from "./consent-links.server.ts";
import { newsletterOfTestRecipient } from "./placeholders.ts";

// What happened to each newsletter email after it left: Resend's webhooks (delivered, opened, clicked,
// bounced, complained) and our own click redirect. Each delivery is applied once: its svix-id is
// recorded in the same transaction as its effect (docs/decisions/0029).

type Recipient = { id: string; newsletterId: string; userId: string | null; accountId: string | null; email: string };

const RECIPIENT_SELECT = { id: true, newsletterId: true, userId: true, accountId: true, email: true } as const;

function subjectOf(recipient: Recipient) {
  return { accountId: recipient.accountId, userId: recipient.userId, subjectType: "newsletter", subjectId: recipient.newsletterId };
}

/** Once-only keys of a recipient's open and of their clicks on one URL (the demo seed writes the same ones). */
export const openDedupeKey = (recipientId: string) => `newsletter.opened:${recipientId}`;
export function clickDedupeKey(recipientId: string, url: string) {
  return `newsletter.clicked:${recipientId}:${createHash("sha256").update(url).digest("base64url").slice(0, 22)}`;
}

/** A click, from the webhook or the redirect: counted every time, one engagement event per recipient and URL. */
export async function recordClick(tx: Tx, recipient: Recipient, url: string, at: Date) {
  await tx.$executeRaw`UPDATE "NewsletterRecipient" SET "clickCount" = "clickCount" + 1, "clickedAt" = COALESCE("clickedAt", ${sqlDate(at)}) WHERE "id" = ${recipient.id}`;
  await recordEvent(tx, {
    kind: "newsletter.clicked",
    ...subjectOf(recipient),
    data: { url: url.slice(0, 2000) },
    dedupeKey: clickDedupeKey(recipient.id, url),
    occurredAt: at,
  });
}

async function recordOpen(tx: Tx, recipient: Recipient, at: Date) {
  await tx.$executeRaw`UPDATE "NewsletterRecipient" SET "openCount" = "openCount" + 1, "openedAt" = COALESCE("openedAt", ${sqlDate(at)}) WHERE "id" = ${recipient.id}`;
  await recordEvent(tx, {
    kind: "newsletter.opened",
    ...subjectOf(recipient),
    dedupeKey: openDedupeKey(recipient.id),
    occurredAt: at,
  });
}

async function suppress(tx: Tx, email: string, reason: "BOUNCE" | "COMPLAINT", detail: string, at: Date) {
  await tx.$executeRaw`INSERT INTO "EmailSuppression" ("email", "reason", "detail", "createdAt") VALUES (${email.toLowerCase()}, ${reason}, ${detail.slice(0, 500)}, ${sqlDate(at)}) ON CONFLICT ("email") DO NOTHING`;
}

/** Only a permanent (hard) bounce means the address will never work; a transient one may deliver next time. */
export function isHardBounce(bounce: { type?: unknown } | undefined): boolean {
  return typeof bounce?.type === "string" && /^(permanent|hard)/i.test(bounce.type);
}

// ---- The Resend webhook -------------------------------------------------------------------------

export type WebhookResult = { status: 200 | 400 | 401 | 413 | 503; message: string };

// Resend's email events are a few kilobytes; a larger body is not one and is not read whole.
export const RESEND_WEBHOOK_MAX_BYTES = 256 * 1024;

type EmailEvent = {
  type: string;
  created_at?: string;
  data?: { email_id?: string; bounce?: { type?: unknown; message?: unknown }; click?: { link?: unknown } };
};

class DuplicateDelivery extends Error {}

/** Resend's click link may be our own tracked link (when Resend's click tracking is on too): record the destination. */
function clickDestination(link: string, appUrl: string): string {
  try {
    const url = new URL(link);
    if (url.origin === new URL(appUrl).origin && url.pathname.startsWith("/email/click/")) return url.searchParams.get("to") ?? link;
  } catch {
    // not a URL: keep as given
  }
  return link;
}

async function applyEvent(tx: Tx, event: EmailEvent, recipient: Recipient, appUrl: string): Promise<string> {
  const at = event.created_at && !Number.isNaN(Date.parse(event.created_at)) ? new Date(event.created_at) : new Date();
  const stamp = sqlDate(at);
  switch (event.type) {
    case "email.delivered":
      await tx.$executeRaw`UPDATE "NewsletterRecipient" SET "deliveredAt" = COALESCE("deliveredAt", ${stamp}) WHERE "id" = ${recipient.id}`;
      return "delivered";
    case "email.opened":
      await recordOpen(tx, recipient, at);
      return "opened";
    case "email.clicked": {
      const link = typeof event.data?.click?.link === "string" ? event.data.click.link : "";
      await recordClick(tx, recipient, clickDestination(link, appUrl), at);
      return "clicked";
    }
    case "email.bounced": {
      if (!isHardBounce(event.data?.bounce)) return "transient bounce, not suppressed";
      await tx.$executeRaw`UPDATE "NewsletterRecipient" SET "bouncedAt" = COALESCE("bouncedAt", ${stamp}) WHERE "id" = ${recipient.id}`;
      const message = typeof event.data?.bounce?.message === "string" ? event.data.bounce.message : "";
      await suppress(tx, recipient.email, "BOUNCE", message || "Hard bounce reported by Resend", at);
      return "hard bounce, suppressed";
    }
    case "email.complained":
      await tx.$executeRaw`UPDATE "NewsletterRecipient" SET "complainedAt" = COALESCE("complainedAt", ${stamp}) WHERE "id" = ${recipient.id}`;
      await suppress(tx, recipient.email, "COMPLAINT", "Marked as spam (reported by Resend)", at);
      if (recipient.userId) {
        await tx.$executeRaw`INSERT INTO "NewsletterOptOut" ("userId", "source", "createdAt") VALUES (${recipient.userId}, 'COMPLAINT', ${stamp}) ON CONFLICT ("userId") DO NOTHING`;
      }
      return "complaint, suppressed and opted out";
  }
  return "ignored";
}

const HANDLED = new Set(["email.delivered", "email.opened", "email.clicked", "email.bounced", "email.complained"]);

/**
 * A Resend (Svix-signed) webhook: verified over the raw body, then applied once. A redelivery, or a
 * second copy racing the first, finds its svix-id taken and changes nothing. Events about emails that
 * are not newsletters (or types we do not track) are acknowledged so Resend stops retrying them.
 */
export async function handleResendWebhook(rawBody: string, headers: Headers, db: Db = prisma): Promise<WebhookResult> {
  const env = getEnv();
  const secret = env.RESEND_WEBHOOK_SECRET;
  if (!secret) return { status: 503, message: "Resend webhooks are not configured on this Lyceum: set RESEND_WEBHOOK_SECRET." };
  const id = headers.get("svix-id");
  const timestamp = headers.get("svix-timestamp");
  const signature = headers.get("svix-signature");
  if (!id || !timestamp || !signature) return { status: 400, message: "Missing svix-id, svix-timestamp or svix-signature." };
  let event: EmailEvent;
  try {
    // The key is only for API calls; verifying needs the webhook secret alone.
    const resend = new Resend(env.RESEND_API_KEY ?? "re_webhooks_only");
    event = resend.webhooks.verify({ payload: rawBody, headers: { id, timestamp, signature }, webhookSecret: secret }) as EmailEvent;
  } catch (error) {
    logger.warn("Resend webhook refused", { reason: error instanceof Error ? error.message : String(error) });
    return { status: 401, message: "Invalid webhook signature." };
  }
  // A correctly signed body can still be anything JSON: only an object with a type is an event.
  if (!event || typeof event !== "object" || typeof event.type !== "string") return { status: 400, message: "This is not a Resend event." };
  if (!HANDLED.has(event.type)) return { status: 200, message: `Ignored ${event.type}.` };
  const emailId = event.data?.email_id;
  try {
    const outcome = await writeTransaction(db, async (tx) => {
      try {
        await tx.webhookDelivery.create({ data: { source: "resend", eventId: id, type: event.type } });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateDelivery();
        throw error;
      }
      const recipient =
        typeof emailId === "string" && emailId
          ? await tx.newsletterRecipient.findFirst({ where: { providerMessageId: emailId }, select: RECIPIENT_SELECT })
          : null;
      if (!recipient) return "not a newsletter email, ignored";
      return applyEvent(tx, event, recipient, env.APP_URL);
    });
    logger.info("Resend webhook processed", { eventId: id, type: event.type, outcome });
    return { status: 200, message: `Processed ${event.type}: ${outcome}.` };
  } catch (error) {
    if (error instanceof DuplicateDelivery) return { status: 200, message: `Already processed ${id}.` };
    throw error;
  }
}

// ---- The click redirect -------------------------------------------------------------------------

export type ClickOutcome = { kind: "not-found" } | { kind: "refused" } | { kind: "redirect"; url: string };

/** /email/click/<token>?to=: records the click and says where to go, only to the newsletter's own links or this app. */
export async function followClick(token: string, to: string | null, now = new Date()): Promise<ClickOutcome> {
  const parts = verifyLinkToken(await linkSigningKey(), "click", token);
  if (!parts || parts.length !== 1) return { kind: "not-found" };
  const testOf = newsletterOfTestRecipient(parts[0]!);
  if (testOf) return followTestClick(testOf, to);
  const recipient = await prisma.newsletterRecipient.findUnique({
    where: { id: parts[0] },
    select: { ...RECIPIENT_SELECT, newsletter: { select: { blocks: true } } },
  });
  if (!recipient) return { kind: "not-found" };
  const url = allowedClickTarget(to, getEnv().APP_URL, parseBlocks(recipient.newsletter.blocks));
  if (!url) return { kind: "refused" };
  await writeTransaction(prisma, (tx) => recordClick(tx, recipient, url, now));
  return { kind: "redirect", url };
}

/** A click in a preview or a test send: the same allow-list, nothing recorded. */
async function followTestClick(newsletterId: string, to: string | null): Promise<ClickOutcome> {
  const newsletter = await prisma.newsletter.findUnique({ where: { id: newsletterId }, select: { blocks: true } });
  if (!newsletter) return { kind: "not-found" };
  const url = allowedClickTarget(to, getEnv().APP_URL, parseBlocks(newsletter.blocks));
  return url ? { kind: "redirect", url } : { kind: "refused" };
}
