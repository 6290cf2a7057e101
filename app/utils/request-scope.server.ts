import { AsyncLocalStorage } from "node:async_hooks";

// Remix hands every loader of a page its own copy of the Request (it strips its `?index`/`?_routes`
// parameters), so state keyed by the Request object is not shared by the root, layout and page
// loaders. The server runs each HTTP request in one scope instead, and values read once per page —
// the signed-in user above all — are remembered there.
//
// Only GET and HEAD get a scope: they run loaders and nothing else. A POST runs an action that may
// change what the loaders after it must see (a new time zone, a signed-out session), so every read
// there stays fresh.
const scopes = new AsyncLocalStorage<Map<string, unknown>>();

export function runInRequestScope<T>(method: string, handle: () => T): T {
  return method === "GET" || method === "HEAD" ? scopes.run(new Map(), handle) : handle();
}

/** `make()` once per request scope and key; outside a scope (tests, jobs, POSTs), every call makes its own. */
export function rememberForRequest<T>(key: string, make: () => T): T {
  const scope = scopes.getStore();
  if (!scope) return make();
  if (!scope.has(key)) scope.set(key, make());
  return scope.get(key) as T;
}
