// Liveness: the process is up and serving requests. Unlike /healthz it reads nothing from the
// database, so a probe can tell "stuck process" from "database unreachable", and `npm run bench:load`
// uses it as the bare route every page is compared with.
export function loader() {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
