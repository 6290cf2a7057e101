import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for Resend's POST /emails/batch (and POST /emails) on 127.0.0.1, for the kill-and-resume test and bench:send.
// Like the real API: a Bearer re_ key, a JSON array of at most 100 emails, an Idempotency-Key whose
// repeat returns the first answer and delivers nothing new, and a rate limit answered with 429 and
// retry-after / ratelimit-reset headers (whole seconds, as Resend sends them).

export type FakeDelivery = { to: string; subject: string; html: string; text: string; headers: Record<string, string>; id: string };

export type FakeResend = {
  /** Give this to the SDK as RESEND_BASE_URL. */
  url: string;
  /** How many times each address received an email. */
  deliveries: Map<string, number>;
  /** The last email each address received. */
  lastEmail: Map<string, FakeDelivery>;
  stats: { requests: number; accepted: number; replayed: number; rateLimited: number; emails: number };
  /** For each 429: which request it was (1-based) and how far inside the window it came, in ms. */
  refusals: Array<{ request: number; earlyByMs: number }>;
  close(): Promise<void>;
};

type BatchEmail = {
  from?: string;
  to?: string | string[];
  subject?: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
};

export type FakeResendOptions = {
  requestsPerSecond?: number;
  port?: number;
  /** Called after a new batch is recorded as delivered and before the answer is written (a test may kill the sender here). */
  onDelivered?: (emails: number) => void;
};

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const limit = options.requestsPerSecond ?? 5;
  const windowMs = 1_000;
  const recent: number[] = [];
  const answers = new Map<string, string>();
  const deliveries = new Map<string, number>();
  const lastEmail = new Map<string, FakeDelivery>();
  const stats = { requests: 0, accepted: 0, replayed: 0, rateLimited: 0, emails: 0 };
  const refusals: FakeResend["refusals"] = [];
  let nextId = 1;

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    stats.requests++;
    // POST /emails (one email, as transactional mail is sent) is taken as a batch of one.
    const single = req.url === "/emails";
    if (req.method !== "POST" || (req.url !== "/emails/batch" && !single))
      return reply(res, 404, { statusCode: 404, name: "not_found", message: "Not found" });
    if (!/^Bearer re_\S+$/.test(req.headers.authorization ?? "")) {
      return reply(res, 401, { statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header." });
    }
    const now = Date.now();
    while (recent.length > 0 && recent[0]! <= now - windowMs) recent.shift();
    if (recent.length >= limit) {
      stats.rateLimited++;
      refusals.push({ request: stats.requests, earlyByMs: recent[0]! + windowMs - now });
      const seconds = String(Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000)));
      return reply(
        res,
        429,
        { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests. You can only make 5 requests per second." },
        { "retry-after": seconds, "ratelimit-limit": String(limit), "ratelimit-remaining": "0", "ratelimit-reset": seconds },
      );
    }
    recent.push(now);
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : undefined;
    const previous = key ? answers.get(key) : undefined;
    if (previous) {
      stats.replayed++;
      return reply(res, 200, previous);
    }
    let emails: BatchEmail[];
    try {
      emails = single ? [JSON.parse(raw) as BatchEmail] : (JSON.parse(raw) as BatchEmail[]);
    } catch {
      return reply(res, 400, { statusCode: 400, name: "invalid_json", message: "The body is not JSON." });
    }
    if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100) {
      return reply(res, 422, { statusCode: 422, name: "validation_error", message: "A batch holds 1 to 100 emails." });
    }
    if (!emails.every((email) => email.from && typeof email.to === "string" && email.subject && (email.html || email.text))) {
      return reply(res, 422, { statusCode: 422, name: "validation_error", message: "from, to, subject and html or text are required." });
    }
    const data = emails.map((email) => {
      const id = `fake-${nextId++}`;
      const to = (email.to as string).toLowerCase();
      deliveries.set(to, (deliveries.get(to) ?? 0) + 1);
      lastEmail.set(to, { to, subject: email.subject!, html: email.html ?? "", text: email.text ?? "", headers: email.headers ?? {}, id });
      return { id };
    });
    stats.accepted++;
    stats.emails += emails.length;
    const answer = JSON.stringify(single ? data[0] : { data });
    if (key) answers.set(key, answer);
    options.onDelivered?.(emails.length);
    reply(res, 200, answer);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    lastEmail,
    stats,
    refusals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
