import { escapeHtml } from "./placeholders-html.ts";
import { personalise, type PlaceholderValues } from "./placeholders.ts";

// The pure half of newsletter delivery: pacing and building each recipient's copy. The database side
// (claiming batches, marking them sent) is in delivery.server.ts.

export const NEWSLETTER_BATCH_SIZE = 100;
/** Longest a 429's wait is honoured before trying again (a misbehaving header must not park a send for hours). */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * Paces requests to `ratePerSecond` with no burst: each request is at least 1/rate after the one before
 * (the generic cell rate algorithm). A late request does not earn a burst afterwards, so the provider's
 * "N per second" window is never exceeded by our own timing.
 *
 *   rate 5 → interval 200 ms. take() at 0 → now; take() at 0 → 200; take() at 450 (late) → 450; next → 650.
 */
export class TokenBucket {
  private nextAt = 0;
  readonly intervalMs: number;

  constructor(
    ratePerSecond: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    if (!(ratePerSecond > 0)) throw new Error("The send rate must be above 0");
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Reserves the next slot; returns how long to wait before using it (0 = now). */
  reserve(): number {
    const now = this.clock();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    return at - now;
  }

  /** The provider said to wait: nobody in this process sends before then. */
  holdFor(ms: number) {
    this.nextAt = Math.max(this.nextAt, this.clock() + ms);
  }
}

export type DeliveryRecipient = { id: string; email: string; name: string; timeZone: string };
export type RenderedCopy = { subject: string; html: string; text: string };
export type RecipientLinkValues = { unsubscribeUrl: string; preferencesUrl: string; recipientToken: string };

/** One recipient's email from the zone's render: their name and links in place, HTML-escaped in the HTML part. */
export function personaliseCopy(rendered: RenderedCopy, recipient: DeliveryRecipient, links: RecipientLinkValues): RenderedCopy {
  const name = recipient.name.trim() || recipient.email;
  const values: PlaceholderValues = {
    name,
    firstName: name.split(/\s+/)[0] ?? name,
    email: recipient.email,
    unsubscribeUrl: links.unsubscribeUrl,
    preferencesUrl: links.preferencesUrl,
    recipientToken: links.recipientToken,
  };
  const htmlValues = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, escapeHtml(value)])) as PlaceholderValues;
  return {
    subject: personalise(rendered.subject, values),
    html: personalise(rendered.html, htmlValues),
    text: personalise(rendered.text, values),
  };
}

/** The provider's idempotency key for a batch: stable for the batch's life, so a re-send is delivered once. */
export function batchIdempotencyKey(newsletterId: string, batchId: string): string {
  return `newsletter:${newsletterId}:batch:${batchId}`;
}

/** How long to honour a 429's requested wait. */
export function cappedWait(ms: number): number {
  return Math.min(Math.max(ms, 0), MAX_RATE_LIMIT_WAIT_MS);
}
