import type { RouteModule } from "./run.ts";

const files = import.meta.glob<RouteModule>("../../app/routes/*.tsx", { eager: true });

/** Every route module by its Remix route id (the file name without .tsx). */
export const ROUTE_MODULES: Record<string, RouteModule> = Object.fromEntries(
  Object.entries(files).map(([file, module]) => [file.replace(/^.*\/routes\//, "").replace(/\.tsx$/, ""), module]),
);

/** Half of the routes, alternating by sorted id, so two test files share the work across two workers. */
export function half(which: 0 | 1): Record<string, RouteModule> {
  return Object.fromEntries(
    Object.keys(ROUTE_MODULES)
      .sort()
      .filter((_, index) => index % 2 === which)
      .map((id) => [id, ROUTE_MODULES[id]!]),
  );
}
