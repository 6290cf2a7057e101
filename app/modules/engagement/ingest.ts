import { z } from "zod";

// The product-usage API's rules, without I/O: what a batch may hold and what each event must say.
// The server side (ingest.server.ts) resolves accounts and people and writes the events.

export const MAX_EVENTS_PER_BATCH = 1_000;
/** About 1 KB per event at most; a well-formed 1,000-event batch is far smaller. */
export const MAX_BATCH_BYTES = 1024 * 1024;
export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_AGE_DAYS = 400;
export const PRODUCT_USED = "product.used";

/** Every event of a batch: one kind for now, with the feature that was used as its subject. */
export function ingestEventSchema(now: Date) {
  const earliest = now.getTime() - MAX_AGE_DAYS * 86_400_000;
  const latest = now.getTime() + MAX_FUTURE_MS;
  return z
    .object(
      {
        eventId: z.string({ error: "is required (it makes a retry safe)" }).min(1, "is required").max(200, "is longer than 200 characters"),
        accountId: z.string().min(1, "is empty").max(100, "is longer than 100 characters").optional(),
        accountDomain: z
          .string()
          .trim()
          .toLowerCase()
          .transform((domain) => domain.replace(/^.*@/, ""))
          .pipe(
            z
              .string()
              .min(3, "is not a domain")
              .max(253, "is longer than 253 characters")
              .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/, "is not a domain"),
          )
          .optional(),
        userEmail: z
          .email("is not an email address")
          .max(320)
          .transform((email) => email.trim().toLowerCase())
          .optional(),
        kind: z.literal(PRODUCT_USED, `must be "${PRODUCT_USED}"`).default(PRODUCT_USED),
        feature: z.string({ error: "is required" }).trim().min(1, "is required").max(100, "is longer than 100 characters"),
        occurredAt: z.iso
          .datetime({ offset: true, error: "is not an ISO 8601 date-time" })
          .transform((text) => new Date(text))
          .refine((date) => date.getTime() <= latest, "is more than 5 minutes in the future")
          .refine((date) => date.getTime() >= earliest, `is more than ${MAX_AGE_DAYS} days ago`),
        value: z.number("is not a number").finite().nullable().optional(),
      },
      "each event must be a JSON object",
    )
    .superRefine((event, ctx) => {
      if (!event.accountId === !event.accountDomain) {
        ctx.addIssue({ code: "custom", path: ["account"], message: "give accountId or accountDomain, one of the two" });
      }
    });
}

export type IngestEvent = z.output<ReturnType<typeof ingestEventSchema>>;
export type Rejection = { index: number; eventId: string | null; errors: string[] };
export type ValidatedBatch = { valid: Array<{ index: number; event: IngestEvent }>; rejected: Rejection[] };

export type BatchProblem = { status: 400 | 413; error: string };

/** The body as a list of raw events, or why the whole batch is refused. */
export function parseBatchBody(text: string): { events: unknown[] } | BatchProblem {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, error: "The body is not valid JSON." };
  }
  const events = body && typeof body === "object" && !Array.isArray(body) ? (body as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) return { status: 400, error: 'Send a JSON object with an "events" array.' };
  if (events.length === 0) return { status: 400, error: "The batch has no events." };
  if (events.length > MAX_EVENTS_PER_BATCH) {
    return { status: 413, error: `The batch has ${events.length} events; send at most ${MAX_EVENTS_PER_BATCH} at a time.` };
  }
  return { events };
}

function rawEventId(raw: unknown): string | null {
  const id = raw && typeof raw === "object" ? (raw as { eventId?: unknown }).eventId : undefined;
  return typeof id === "string" ? id.slice(0, 200) : null;
}

/** Checks each event on its own: one bad event never refuses its neighbours. */
export function validateBatch(events: unknown[], now: Date): ValidatedBatch {
  const schema = ingestEventSchema(now);
  const valid: ValidatedBatch["valid"] = [];
  const rejected: Rejection[] = [];
  events.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) valid.push({ index, event: result.data });
    else {
      rejected.push({
        index,
        eventId: rawEventId(raw),
        errors: result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)),
      });
    }
  });
  return { valid, rejected };
}

export function productDedupeKey(eventId: string) {
  return `product:${eventId}`;
}
