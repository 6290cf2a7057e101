import { http, HttpResponse } from "msw";

export const RESEND_TEST_BASE_URL = "https://resend.test";

/** The body Resend's POST /emails receives (snake_case, as the SDK sends it). */
export type ResendEmailBody = {
  from: string;
  to: string | string[];
  subject: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  reply_to?: string | string[];
};

export type ReceivedResendEmail = { id: string; body: ResendEmailBody; headers: Record<string, string> };

/**
 * Answers Resend's send endpoint like the real API does: it needs a Bearer re_ key and the fields
 * Resend requires, and a repeated Idempotency-Key returns the first email's id without a new send.
 */
export function createResendMock(baseUrl = RESEND_TEST_BASE_URL) {
  const received: ReceivedResendEmail[] = [];
  const byIdempotencyKey = new Map<string, string>();

  const handlers = [
    http.post(`${baseUrl}/emails`, async ({ request }) => {
      if (!/^Bearer re_\S+$/.test(request.headers.get("authorization") ?? "")) {
        return HttpResponse.json(
          { statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header." },
          { status: 401 },
        );
      }
      const body = (await request.json()) as ResendEmailBody;
      if (!body.from || !body.to || !body.subject || (!body.html && !body.text)) {
        return HttpResponse.json(
          { statusCode: 422, name: "validation_error", message: "from, to, subject and html or text are required." },
          { status: 422 },
        );
      }
      const key = request.headers.get("idempotency-key");
      const previous = key ? byIdempotencyKey.get(key) : undefined;
      if (previous) return HttpResponse.json({ id: previous });

      const id = `mock-email-${received.length + 1}`;
      received.push({ id, body, headers: Object.fromEntries(request.headers.entries()) });
      if (key) byIdempotencyKey.set(key, id);
      return HttpResponse.json({ id });
    }),
  ];

  function reset() {
    received.length = 0;
    byIdempotencyKey.clear();
  }

  return { handlers, received, reset };
}
