import { escapeHtml } from "./placeholders-html.ts";
import { personalise, type PlaceholderValues } from "./placeholders.ts";

// The pure half of newsletter delivery: pacing and building each recipient's copy. The database side
// (claiming batches, marking them sent) is in delivery.server.ts.

export const NEWSLETTER_BATCH_SIZE = 100;
/** Longest a 429's wait is honoured before trying again (a misbehaving header must not park a send for hours). */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/** Fraction of the provider's limit left unused, for the few milliseconds requests vary by on the way. */
export const PACING_HEADROOM = 0.02;

export type Departure = { at: number; rttMs: number | null };

/**
 * Paces requests under a provider limit of `ratePerSecond`, counted by the provider over a sliding
 * second as requests ARRIVE. Two rules, both about departures, which is all a client sees:
 *
 * 1. Spacing (the generic cell rate algorithm with no burst): each request leaves at least one interval
 *    after the previous one really left. Rate 5 with no headroom: 200 ms apart.
 * 2. The window: the provider counts arrivals, and a request that was slow on the way (a cold
 *    connection, a busy event loop) arrives late and squeezes the next window. So the request N after
 *    it (N = requests per window) leaves no sooner than one window after it, plus how much slower it
 *    was than the fastest round trip seen. Worked example, rate 5: request 0 leaves at 0 and takes
 *    45 ms, the fastest so far takes 10 ms; request 5 would leave at 1,000 by spacing, but waits until
 *    1,000 + 35. Round trips as fast as the best cost nothing.
 */
export class TokenBucket {
  private nextAt = 0;
  private recent: Departure[] = [];
  private fastestMs = Infinity;
  readonly intervalMs: number;
  private readonly windowCount: number;
  private readonly windowMs: number;

  constructor(
    ratePerSecond: number,
    private readonly clock: () => number = () => Date.now(),
    headroom = PACING_HEADROOM,
  ) {
    if (!(ratePerSecond > 0)) throw new Error("The send rate must be above 0");
    this.intervalMs = 1000 / (ratePerSecond * (1 - headroom));
    this.windowCount = Math.max(1, Math.round(ratePerSecond));
    this.windowMs = (1000 * this.windowCount) / ratePerSecond;
  }

  /** Reserves the next slot; returns how long to wait before using it (0 = now). */
  reserve(): number {
    const now = this.clock();
    let at = Math.max(now, this.nextAt);
    const windowStart = this.recent.length >= this.windowCount ? this.recent[this.recent.length - this.windowCount] : undefined;
    if (windowStart && windowStart.rttMs !== null) {
      at = Math.max(at, windowStart.at + this.windowMs + (windowStart.rttMs - this.fastestMs));
    }
    this.nextAt = at + this.intervalMs;
    return at - now;
  }

  /** Call as the request leaves; pass what it returns to answered() when the answer (or error) comes. */
  departed(): Departure {
    const departure: Departure = { at: this.clock(), rttMs: null };
    this.recent.push(departure);
    if (this.recent.length > this.windowCount) this.recent.shift();
    this.nextAt = Math.max(this.nextAt, departure.at + this.intervalMs);
    return departure;
  }

  answered(departure: Departure) {
    departure.rttMs = this.clock() - departure.at;
    this.fastestMs = Math.min(this.fastestMs, departure.rttMs);
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
