// Node flags the app server runs with, shared by `npm start` and the benchmarks (which must measure
// what production runs). A page render allocates a few MB that die young; V8's default young
// generation (16 MB semi-spaces) fills several times a second under load and promotes some of it,
// so collections were about a tenth of a page's CPU. 64 MB semi-spaces collect less often, and the
// process keeps at most ~130 MB more for it (docs/decisions/0036-request-cost.md).
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64"];
