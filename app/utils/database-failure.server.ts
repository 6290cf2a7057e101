import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { databaseFailure } from "~/utils/db.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { urlForLog } from "~/utils/log-path.ts";

// The one place where the database's own trouble becomes an answer (docs/decisions/0033-faults.md).
// Remix hands every error a loader or action throws to entry.server's handleError with the Request the
// server gave it (not the copies the loaders get), then, with that same Request:
// - a document: handleRequest answers with this module's page instead of the generic 500 error boundary;
// - a `.data` request (Remix's client with JavaScript): handleDataRequest keeps Remix's body, which the
//   client decodes into the route's error boundary, and sets the status to 503/507 with Retry-After.
// Resource routes (/api/..., webhooks, exports) have no such hook in Remix: their answer is the 500 it
// makes itself. So server.js serves a build whose resource routes' loaders and actions pass through
// withDatabaseFailureAnswers, which answers these two errors with 503/507 (JSON under /api/, text elsewhere).

type Failure = NonNullable<ReturnType<typeof databaseFailure>>;

const failures = new WeakMap<Request, Failure>();

/** The failure (logged as a warning) when `error` is a busy or full database; null for any other error. */
function recognise(request: Request, error: unknown): Failure | null {
  const failure = databaseFailure(error);
  if (!failure) return null;
  logger.warn(failure === "busy" ? "database busy past its timeout" : "database or disk full", {
    method: request.method,
    url: urlForLog(request.url),
    error: error instanceof Error ? error.message : String(error),
  });
  return failure;
}

/** Notes (and logs, as a warning) a busy or full database; false for any other error. */
export function noteDatabaseFailure(request: Request, error: unknown): boolean {
  const failure = recognise(request, error);
  if (failure) failures.set(request, failure);
  return failure !== null;
}

export function requestDatabaseFailure(request: Request): Failure | null {
  return failures.get(request) ?? null;
}

// A resource route's loader gets a copy of the Request, but the same load context as handleDataRequest:
// a failure it answered is noted there, for a `.data` request that runs it (see below), and read once.
const contextFailures = new WeakMap<object, Failure>();

const COPY: Record<Failure, { status: number; retryAfterSeconds: number; title: string; body: string }> = {
  busy: {
    status: 503,
    retryAfterSeconds: 5,
    title: "Lyceum is busy, try again",
    body: "The database was busy for longer than usual, so nothing was saved. Wait a few seconds and try again.",
  },
  full: {
    status: 507,
    retryAfterSeconds: 60,
    title: "Lyceum could not save this",
    body: "The server's disk is full, so nothing was saved. Try again later; the administrator has been told in the logs.",
  },
};

function failureHeaders(failure: Failure, headers: HeadersInit, contentType?: string): Headers {
  const result = new Headers(headers);
  if (contentType) result.set("Content-Type", contentType);
  result.set("Retry-After", String(COPY[failure].retryAfterSeconds));
  result.set("Cache-Control", "no-store");
  return result;
}

/** A self-contained page (no scripts, no database reads) with the status and Retry-After. */
export function databaseFailurePage(failure: Failure): Response {
  const { status, title, body } = COPY[failure];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937">
<main><h1 style="font-size: 1.5rem">${title}</h1><p>${body}</p><p><a href="/">Go to the start page</a></p></main>
</body></html>`;
  return new Response(html, { status, headers: failureHeaders(failure, {}, "text/html; charset=utf-8") });
}

/**
 * For entry.server's handleDataRequest: a `.data` answer that is a 500 because of a busy or full
 * database becomes 503/507 with Retry-After. The body and headers stay Remix's own (a turbo-stream the
 * client decodes whatever the status, and shows the route's error boundary); anything else passes.
 * A route without a component throws the resource answer (already 503/507), whose headers Remix drops
 * in a `.data` answer: it gets them back here.
 */
export function databaseFailureDataResponse(response: Response, request: Request, context?: object): Response {
  const answered = context ? contextFailures.get(context) : undefined;
  if (context) contextFailures.delete(context);
  const failure = requestDatabaseFailure(request) ?? answered;
  if (!failure || (response.status !== 500 && response.status !== COPY[failure].status)) return response;
  return new Response(response.body, { status: COPY[failure].status, headers: failureHeaders(failure, response.headers) });
}

/** A resource route's answer: JSON like the other API errors (`{ error }`) under /api/, plain text elsewhere. */
export function databaseFailureResourceResponse(failure: Failure, request: Request): Response {
  const { status, retryAfterSeconds, title, body } = COPY[failure];
  const message = `${title}. ${body}`;
  if (new URL(request.url).pathname.startsWith("/api/")) {
    return new Response(JSON.stringify({ error: message, retryAfterSeconds }), {
      status,
      headers: failureHeaders(failure, {}, "application/json; charset=utf-8"),
    });
  }
  return new Response(message, { status, headers: failureHeaders(failure, {}, "text/plain; charset=utf-8") });
}

type RouteModule = ServerBuild["routes"][string]["module"];
type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

function answeringDatabaseFailures(handler: Handler): Handler {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      const failure = error instanceof Response ? null : recognise(args.request, error);
      if (failure && args.context) contextFailures.set(args.context, failure);
      // Thrown, not returned: a resource request answers a thrown Response as it is, and in the odd
      // `.data` request that runs such a loader (`/` only redirects) it is the route's error, not its data.
      throw failure ? databaseFailureResourceResponse(failure, args.request) : error;
    }
  };
}

const wrapped = new WeakMap<ServerBuild, ServerBuild>();

/**
 * The server build with every resource route's loader and action (a route without a component or an
 * error boundary: Remix's own test) answering a busy or full database with 503/507 instead of Remix's
 * 500. Page routes are left alone: their errors reach handleError and handleRequest/handleDataRequest.
 */
export function withDatabaseFailureAnswers(build: ServerBuild): ServerBuild {
  const known = wrapped.get(build);
  if (known) return known;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module: RouteModule | undefined = route?.module;
    if (!route || !module || module.default || module.ErrorBoundary || (!module.loader && !module.action)) {
      routes[id] = route;
      continue;
    }
    const answering: RouteModule = { ...module };
    if (module.loader) answering.loader = answeringDatabaseFailures(module.loader as Handler) as RouteModule["loader"];
    if (module.action) answering.action = answeringDatabaseFailures(module.action as Handler) as RouteModule["action"];
    routes[id] = { ...route, module: answering };
  }
  const result = { ...build, routes };
  wrapped.set(build, result);
  return result;
}
