// Lyceum's HTTP server: Express around the Remix request handler, plus the job worker.
// Plain JavaScript on purpose: it runs without a build step and loads the app through the Remix
// server build, so routes and the worker share one set of module instances.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";

if (fs.existsSync(".env")) process.loadEnvFile(".env");

const root = path.dirname(fileURLToPath(import.meta.url));
const isDev = process.argv.includes("--dev");

const vite = isDev ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true }, appType: "custom" })) : undefined;

async function loadBuild() {
  return vite ? vite.ssrLoadModule("virtual:remix/server-build") : import(path.join(root, "build/server/index.js"));
}

const build = await loadBuild();
/** @type {import("./app/server-hooks.server.ts").lyceumServer} */
const lyceum = build.entry.module.lyceumServer;
const env = lyceum.env();
const log = lyceum.logger;
const secureOrigin = env.APP_URL.startsWith("https://");

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());

// Every request gets an id, returned in X-Request-Id and carried by every log line written while it is
// handled (its request line, and any error). Behind a trusted proxy, the proxy's own id is kept.
const REQUEST_ID = /^[\w.:@-]{8,128}$/;
app.use((req, res, next) => {
  const incoming = env.TRUST_PROXY ? req.get("x-request-id") : undefined;
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  res.setHeader("X-Request-Id", requestId);
  lyceum.withLogContext({ requestId }, () => {
    res.locals.logContext = lyceum.currentLogContext();
    next();
  });
});

// Requests being served right now; the job worker waits while there are any (bursts stay fast).
let inFlight = 0;
let stopping = false;
app.use((req, res, next) => {
  inFlight++;
  res.once("close", () => {
    inFlight--;
    // Shutting down: a keep-alive socket is closed as soon as its last response is out.
    if (stopping) setImmediate(() => server.closeIdleConnections());
  });
  if (stopping) res.setHeader("Connection", "close");
  next();
});

app.use((req, res, next) => {
  res.locals.nonce = crypto.randomBytes(16).toString("base64");
  next();
});

// The Mux player streams from Mux's hosts and starts hls.js in a blob: worker; those sources are
// allowed only when Mux is configured (local videos come from our own origin).
const videoSources = lyceum.videoContentSecurity();
const withVideo = (directive, sources) => [...sources, ...(videoSources[directive] ?? [])];

app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "base-uri": ["'self'"],
        "connect-src": withVideo("connect-src", ["'self'", ...(isDev ? ["ws:"] : [])]),
        "font-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        // Nothing may be framed except a newsletter's preview HTML, by the preview page beside it.
        "frame-ancestors": [(req) => (/^\/console\/newsletters\/[^/]+\/email$/.test(req.path) ? "'self'" : "'none'")],
        "frame-src": ["'self'"],
        "img-src": withVideo("img-src", ["'self'", "data:", "blob:"]),
        "media-src": withVideo("media-src", ["'self'", "blob:"]),
        "object-src": ["'none'"],
        "script-src": ["'self'", (req, res) => `'nonce-${res.locals.nonce}'`],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        ...(videoSources["worker-src"] ? { "worker-src": videoSources["worker-src"] } : {}),
        ...(secureOrigin ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    // HSTS only makes sense (and is only honoured) over https.
    strictTransportSecurity: secureOrigin ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  }),
);

// Server-to-server POSTs (Mux's and Resend's webhooks, mail providers' one-click unsubscribes) carry no
// Origin: csrfRefusal leaves /webhooks/, /api/ and /email/unsubscribe/ to their own signature, key or
// signed-token checks instead of refusing them here.
app.use((req, res, next) => {
  const reason = lyceum.csrfRefusal({
    method: req.method,
    path: req.path,
    origin: req.get("origin") ?? null,
    secFetchSite: req.get("sec-fetch-site") ?? null,
    host: req.get("host") ?? null,
    protocol: req.protocol,
  });
  if (!reason) return next();
  log.warn("refused cross-site request", { method: req.method, path: lyceum.pathForLog(req.path), reason });
  res.status(403).type("text/plain").send("Refused: this request did not come from a Lyceum page. Reload the page and try again.");
});

// The local video upload endpoint answers a stored chunk with 308 and Range, without Location, as
// Mux's upload URLs do (UpChunk reads it as "send the next chunk"). Remix only lets a route return
// a 3xx with a Location, so the route names itself and the header is dropped here, before any
// byte is written: with it, the browser would follow the 308 and send the chunk again.
app.use("/uploads/video/", (req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    if (statusCode === 308) res.removeHeader("Location");
    return writeHead.call(this, statusCode, ...rest);
  };
  next();
});

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  // The other files of the build (public/: the favicon…) are known when the server starts; looking
  // every page's path up on disk first cost each request a failed stat.
  const clientDir = path.join(root, "build/client");
  const publicFiles = new Set(
    fs
      .readdirSync(clientDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => "/" + path.relative(clientDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .filter((file) => !file.startsWith("/assets/")),
  );
  const servePublic = express.static(clientDir, { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
}

app.use((req, res, next) => {
  const started = performance.now();
  res.on("finish", () => {
    if (req.path.startsWith("/assets/")) return;
    const context = res.locals.logContext ?? {};
    log.info("request", {
      requestId: context.requestId,
      ...(context.userId ? { userId: context.userId } : {}),
      method: req.method,
      path: lyceum.pathForLog(req.path),
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    });
  });
  next();
});

// A page's loaders each get their own copy of the Request; this scope lets them share one session
// lookup (GET and HEAD only: after a POST's action the loaders read afresh).
app.use((req, res, next) => lyceum.runInRequestScope(req.method, next));

// Resource routes (/api/..., webhooks, exports) answer a busy or full database with 503/507 and
// Retry-After rather than Remix's 500; pages and `.data` requests get theirs in entry.server.
app.all(
  "*",
  createRequestHandler({
    build: vite ? () => loadBuild().then(lyceum.withDatabaseFailureAnswers) : lyceum.withDatabaseFailureAnswers(build),
    mode: isDev ? "development" : "production",
    getLoadContext: (req, res) => ({ nonce: res.locals.nonce, clientIp: req.ip ?? "unknown" }),
  }),
);

await lyceum.start({ busy: () => inFlight > 0 });

const server = app.listen(env.PORT, env.HOST, () => {
  log.info("Lyceum is listening", { url: env.APP_URL, port: env.PORT });
  process.send?.("ready");
});

// On SIGTERM: stop listening (new connections are refused), close idle keep-alive sockets, let the
// requests in flight finish, and stop the worker at once (it claims nothing more, lets running jobs
// finish and releases what it claimed but had not started). Then the database is closed and the
// process exits 0. Past SHUTDOWN_TIMEOUT_MS it exits 1 and says what was still running: a hung
// request or job must not keep a deploy waiting (an unfinished job's lease lapses and it runs again).
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log.info("shutting down", { signal, inFlight, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
  let jobsDone = false;
  const deadline = setTimeout(() => {
    log.error("shutdown deadline passed; exiting with work unfinished", { inFlight, jobsDone, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS);
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const jobs = lyceum.stopWorker().then(() => (jobsDone = true));
  await Promise.all([closed.then(() => log.info("requests drained")), jobs]);
  await lyceum.close();
  await vite?.close();
  clearTimeout(deadline);
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
