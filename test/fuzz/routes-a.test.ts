// Fuzzes half of the route modules under app/routes (see run.ts for what is thrown and asserted);
// routes-b.test.ts takes the other half, so the two files run side by side.
import { describe, expect, it } from "vitest";
import { half, ROUTE_MODULES } from "./modules.ts";
import { fuzzRoutes } from "./run.ts";
import { FUZZ_TARGETS } from "./routes.ts";

describe("the fuzz table", () => {
  it("names every route with a loader or an action, and only those", () => {
    const handled = Object.keys(ROUTE_MODULES).filter((id) => ROUTE_MODULES[id]!.loader || ROUTE_MODULES[id]!.action);
    expect(handled.length).toBeGreaterThan(90);
    expect(handled.filter((id) => !FUZZ_TARGETS[id]).sort(), "routes neither fuzzed nor exempt").toEqual([]);
    expect(
      Object.keys(FUZZ_TARGETS)
        .filter((id) => !handled.includes(id))
        .sort(),
      "rows without a route",
    ).toEqual([]);
  });
});

fuzzRoutes(half(0));
