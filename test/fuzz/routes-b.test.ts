// The other half of the route modules (routes-a.test.ts has the first, and the table check).
import { half } from "./modules.ts";
import { fuzzRoutes } from "./run.ts";

fuzzRoutes(half(1));
