import { databaseFailure } from "~/utils/db.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { urlForLog } from "~/utils/log-path.ts";

// The one place where the database's own trouble becomes an answer (docs/decisions/0033-faults.md).
// Remix hands every error a loader or action throws to entry.server's handleError with its Request, then
// renders the document with that same Request: handleError notes a busy or full database here, and
// handleRequest answers with this page instead of the generic 500 error boundary.

type Failure = NonNullable<ReturnType<typeof databaseFailure>>;

const failures = new WeakMap<Request, Failure>();

/** Notes (and logs, as a warning) a busy or full database; false for any other error. */
export function noteDatabaseFailure(request: Request, error: unknown): boolean {
  const failure = databaseFailure(error);
  if (!failure) return false;
  failures.set(request, failure);
  logger.warn(failure === "busy" ? "database busy past its timeout" : "database or disk full", {
    method: request.method,
    url: urlForLog(request.url),
    error: error instanceof Error ? error.message : String(error),
  });
  return true;
}

export function requestDatabaseFailure(request: Request): Failure | null {
  return failures.get(request) ?? null;
}

const COPY: Record<Failure, { status: number; title: string; body: string }> = {
  busy: {
    status: 503,
    title: "Lyceum is busy, try again",
    body: "The database was busy for longer than usual, so nothing was saved. Wait a few seconds and try again.",
  },
  full: {
    status: 507,
    title: "Lyceum could not save this",
    body: "The server's disk is full, so nothing was saved. Try again later; the administrator has been told in the logs.",
  },
};

/** A self-contained page (no scripts, no database reads) with the status and Retry-After. */
export function databaseFailurePage(failure: Failure): Response {
  const { status, title, body } = COPY[failure];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937">
<main><h1 style="font-size: 1.5rem">${title}</h1><p>${body}</p><p><a href="/">Go to the start page</a></p></main>
</body></html>`;
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": failure === "busy" ? "5" : "60", "Cache-Control": "no-store" },
  });
}
