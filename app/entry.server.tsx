import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import {
  databaseFailureDataResponse,
  databaseFailurePage,
  noteDatabaseFailure,
  requestDatabaseFailure,
} from "~/utils/database-failure.server.ts";
import { urlForLog } from "~/utils/log-path.ts";
import { logger } from "~/utils/logger.server.ts";
import { NonceProvider } from "~/utils/nonce.tsx";

export { lyceumServer } from "~/server-hooks.server.ts";

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The database was busy past its timeout or full: a page that says so (503/507), not the generic 500.
  const failure = requestDatabaseFailure(request);
  if (failure) return databaseFailurePage(failure);
  const nonce = loadContext?.nonce ?? "";
  const userAgent = request.headers.get("user-agent");
  const waitForAll = (userAgent && isbot(userAgent)) || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let settled = false;
    let abortTimer: ReturnType<typeof setTimeout> | undefined;
    const send = () => {
      shellRendered = true;
      const body = coalescing();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) send();
        },
        onAllReady() {
          if (waitForAll) send();
          // Nothing is left to abort: the timer would only keep the finished render in memory.
          settled = true;
          clearTimeout(abortTimer);
        },
        onShellError(error: unknown) {
          settled = true;
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error("render failed", { error, url: urlForLog(request.url) });
        },
      },
    );
    if (!settled) abortTimer = setTimeout(abort, streamTimeout + 1_000);
  });
}

/**
 * React writes a page in many small pieces (2 kB each, then the streamed data), and each piece then
 * crosses a web stream, Express and gzip on its own. Pieces written in the same turn of the event loop
 * are passed on as one: the browser gets the same bytes, at the same moment, in fewer chunks.
 */
function coalescing() {
  let pending: Buffer[] = [];
  let scheduled = false;
  const passOn = () => {
    scheduled = false;
    if (pending.length === 0) return;
    stream.push(pending.length === 1 ? pending[0] : Buffer.concat(pending));
    pending = [];
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(passOn);
      }
      done();
    },
    flush(done) {
      passOn();
      done();
    },
  });
  return stream;
}

// `.data` requests (Remix's client with JavaScript, loaders and form submissions alike): a 500 from a
// busy or full database becomes 503/507 with Retry-After; the body stays Remix's, for the error boundary.
export const handleDataRequest: HandleDataRequestFunction = (response, { request, context }) =>
  databaseFailureDataResponse(response, request, context);

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (noteDatabaseFailure(request, error)) return;
  logger.error("unhandled error", { error, method: request.method, url: urlForLog(request.url) });
}
