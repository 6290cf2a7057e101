import type { ServerBuild } from "@remix-run/node";
import * as entry from "~/entry.server.tsx";

/** A route of the build; its module may be a page or a resource route (which has no `default`). */
type TestRoute = { id: string; parentId?: string; path?: string; index?: boolean; module: object };

/**
 * A production server build of app/entry.server.tsx with these routes, for requests through Remix's
 * own request handler (`createRequestHandler`) as server.js serves them, without a Vite build.
 */
export function testBuild(routes: Record<string, TestRoute>): ServerBuild {
  return {
    mode: "production",
    entry: { module: entry },
    routes,
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
    publicPath: "/assets/",
    assetsBuildDirectory: "build/client",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_lazyRouteDiscovery: true,
      v3_singleFetch: true,
    },
    isSpaMode: false,
  } as unknown as ServerBuild;
}
