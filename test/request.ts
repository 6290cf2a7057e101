import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { commitSessionCookie, createSession } from "~/modules/auth/session.server.ts";

export const TEST_ORIGIN = "http://localhost:3000";
export const testContext: AppLoadContext = { nonce: "test-nonce", clientIp: "203.0.113.7" };

/** A Cookie header for a fresh real session of this user. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const { token, expiresAt } = await createSession(userId);
  const setCookie = await commitSessionCookie(token, expiresAt);
  return setCookie.split(";")[0]!;
}

type RequestOptions = {
  method?: string;
  cookie?: string | null;
  form?: Record<string, string | string[]> | FormData;
  headers?: Record<string, string>;
  body?: BodyInit;
};

export function buildRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body = options.body;
  if (options.form) {
    const form = options.form instanceof FormData ? options.form : new FormData();
    if (!(options.form instanceof FormData)) {
      for (const [key, value] of Object.entries(options.form)) {
        for (const item of Array.isArray(value) ? value : [value]) form.append(key, item);
      }
    }
    body = form;
  }
  const method = options.method ?? (body ? "POST" : "GET");
  if (method !== "GET") headers.set("Origin", TEST_ORIGIN);
  return new Request(new URL(path, TEST_ORIGIN), { method, headers, body });
}

type Handler<Args> = (args: Args) => unknown;

/**
 * Calls a loader or action the way Remix does and gives back a Response either way: thrown
 * Responses (redirects, 403s) are caught; plain data is wrapped as JSON with status 200; the
 * `data()` helper's status and body are preserved.
 */
export async function invoke(
  handler: Handler<LoaderFunctionArgs> | Handler<ActionFunctionArgs>,
  request: Request,
  params: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown; response?: Response }> {
  let result: unknown;
  try {
    result = await handler({ request, params, context: testContext });
  } catch (thrown) {
    result = thrown;
    if (!(thrown instanceof Response)) throw thrown;
  }
  if (result instanceof Response) {
    const text = await result.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: result.status, headers: result.headers, body, response: result };
  }
  if (result && typeof result === "object" && "type" in result && (result as { type: unknown }).type === "DataWithResponseInit") {
    const wrapped = result as unknown as { data: unknown; init: ResponseInit | null };
    return { status: wrapped.init?.status ?? 200, headers: new Headers(wrapped.init?.headers), body: wrapped.data };
  }
  return { status: 200, headers: new Headers(), body: result };
}
