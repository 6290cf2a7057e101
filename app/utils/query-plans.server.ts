// Prisma 6's Rust-free client compiles every query into a plan in WebAssembly before it runs it, and
// it does so again for every call: about 0.4 ms a query on the machines we measure, most of what a page
// spends in Prisma (docs/decisions/0036-query-plan-cache.md). Most calls differ only in their values
// (this user's id, the current time), so this module caches plans by the query's shape.
//
// The compiler already understands placeholders (`{ $type: "Param" }`) and leaves them in the plan as
// parameter nodes. A query's values under `where`, `data` and `cursor` are swapped for numbered
// placeholders, the plan for that shape is compiled once, and each call gets a copy of it with its own
// values put back where the placeholders were, converted as the compiler itself would have inlined them.
// Values it cannot stand in for stay literal and become part of the shape (a query with no other
// values is cached as it is):
// - values whose plan form changes with the value itself (LIKE patterns for `contains`/`startsWith`/
//   `endsWith`, JSON paths, `mode`), nulls, floats, and anything outside `where`/`data`/`cursor`
//   (`take`, `skip`, `orderBy`); a list's length is part of the shape, its elements are values;
// - values whose placeholder gets a type not converted below (enums, so the compiler still checks
//   each new one; Json, Float, Decimal, Bytes).
// Compiled as before, every time: raw SQL, upserts (their plan depends on whether the `where` and
// `create` values are equal), batches (`compileBatch`), and shapes the compiler refuses placeholders in.
// `QUERY_PLAN_CACHE=verify` (the test suites run with it) compiles every query the old way as well and
// throws if the two plans differ by a single byte, so the whole suite, on both databases, checks this.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Plan = unknown;
type QueryCompilerClass = { prototype: { compile(this: unknown, request: string): Plan } };
export type QueryPlanCacheMode = "on" | "off" | "verify";

const PREFIX = "lyceum$";
const VALUE_KEYS = new Set(["where", "data", "cursor"]);
// Filter keys whose value the compiler rewrites (patterns, paths) or reads as an option.
const LITERAL_KEYS = new Set([
  "mode",
  "path",
  "contains",
  "startsWith",
  "endsWith",
  "search",
  "string_contains",
  "string_starts_with",
  "string_ends_with",
  "array_contains",
  "array_starts_with",
  "array_ends_with",
]);
const ACTIONS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "aggregate",
  "groupBy",
  "createOne",
  "createMany",
  "createManyAndReturn",
  "updateOne",
  "updateMany",
  "updateManyAndReturn",
  "deleteOne",
  "deleteMany",
]);
const MAX_SHAPES = 2_000;

/** How the compiler inlines a literal of each placeholder type (checked by `verify`). */
const INLINE: Record<string, (value: Json) => Json | undefined> = {
  String: (value) => (typeof value === "string" ? value : undefined),
  Boolean: (value) => (typeof value === "boolean" ? value : undefined),
  Int: (value) => (typeof value === "number" && Number.isSafeInteger(value) ? String(value) : undefined),
  DateTime: (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value) && value.$type === "DateTime" && typeof value.value === "string"
      ? value.value
      : undefined,
};

const isObject = (value: unknown): value is Record<string, Json> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Walks a query's values in a fixed order, numbering them. Each value not in `keep` is pushed onto
 * `values` at its number and replaced by a placeholder of that number; kept ones stay literal.
 */
class Shaper {
  readonly values: (Json | undefined)[] = [];
  constructor(private readonly keep: ReadonlySet<number>) {}

  private value(node: Json): Json {
    const index = this.values.length;
    const kept = this.keep.has(index);
    this.values.push(kept ? undefined : node);
    return kept ? node : { $type: "Param", value: `${PREFIX}${index}` };
  }

  private walk(node: Json): Json {
    if (node === null) return node;
    if (Array.isArray(node)) return node.map((item) => this.walk(item));
    if (isObject(node)) {
      if (typeof node.$type === "string") return node.$type === "DateTime" ? this.value(node) : node;
      const copy: Record<string, Json> = {};
      for (const [key, value] of Object.entries(node)) copy[key] = LITERAL_KEYS.has(key) ? value : this.walk(value);
      return copy;
    }
    return typeof node === "number" && !Number.isSafeInteger(node) ? node : this.value(node);
  }

  /** The query with its values swapped (in arguments and in nested selections' arguments). */
  shape(query: Json): Json {
    if (!isObject(query)) return query;
    const shaped: Record<string, Json> = { ...query };
    if (isObject(query.arguments)) {
      const args: Record<string, Json> = {};
      for (const [key, value] of Object.entries(query.arguments)) args[key] = VALUE_KEYS.has(key) ? this.walk(value) : value;
      shaped.arguments = args;
    }
    if (isObject(query.selection)) {
      const selection: Record<string, Json> = {};
      for (const [key, value] of Object.entries(query.selection)) selection[key] = isObject(value) ? this.shape(value) : value;
      shaped.selection = selection;
    }
    return shaped;
  }
}

const NOTHING_KEPT: ReadonlySet<number> = new Set();

function shaped(request: Record<string, Json>, keep: ReadonlySet<number>) {
  const shaper = new Shaper(keep);
  const shape = JSON.stringify({ ...request, query: shaper.shape(request.query ?? null) });
  return { shape, values: shaper.values };
}

type ParamNode = { prisma__type: "param"; prisma__value: { name: string; type: string } };
const isOurParam = (node: Record<string, unknown>): node is ParamNode =>
  node.prisma__type === "param" &&
  isObject(node.prisma__value as Json) &&
  typeof (node.prisma__value as { name?: unknown }).name === "string" &&
  (node.prisma__value as { name: string }).name.startsWith(PREFIX);

/** Each placeholder of ours in the plan, by number, with the type the compiler gave it. */
function placeholderTypes(plan: unknown, types = new Map<number, string>()): Map<number, string> {
  if (Array.isArray(plan)) for (const item of plan) placeholderTypes(item, types);
  else if (plan !== null && typeof plan === "object") {
    const node = plan as Record<string, unknown>;
    if (isOurParam(node)) {
      const index = Number(node.prisma__value.name.slice(PREFIX.length));
      // A number used with two types is kept literal, like one of a type INLINE does not convert.
      types.set(index, types.has(index) && types.get(index) !== node.prisma__value.type ? "" : node.prisma__value.type);
    } else for (const key in node) placeholderTypes(node[key], types);
  }
  return types;
}

class NotConvertible extends Error {}

/** A copy of the cached plan with this call's values where its placeholders were. */
function fill(plan: unknown, values: (Json | undefined)[]): unknown {
  if (Array.isArray(plan)) return plan.map((item) => fill(item, values));
  if (plan === null || typeof plan !== "object") return plan;
  const node = plan as Record<string, unknown>;
  if (isOurParam(node)) {
    const value = values[Number(node.prisma__value.name.slice(PREFIX.length))];
    const inlined = value === undefined ? undefined : INLINE[node.prisma__value.type]?.(value);
    if (inlined === undefined) throw new NotConvertible();
    return inlined;
  }
  const copy: Record<string, unknown> = {};
  for (const key in node) copy[key] = fill(node[key], values);
  // An SQL template: the compiler binds an inlined integer as a bigint, a placeholder of type Int as an int.
  if (Array.isArray(node.args) && Array.isArray(node.argTypes)) {
    copy.argTypes = (node.argTypes as Record<string, unknown>[]).map((argType, index) => {
      const arg = (node.args as Record<string, unknown>[])[index];
      return arg && typeof arg === "object" && isOurParam(arg) && arg.prisma__value.type === "Int" && argType?.scalarType === "int"
        ? { ...argType, scalarType: "bigint" }
        : argType;
    });
  }
  return copy;
}

const UNCACHEABLE = Symbol("uncacheable");
const patched = new WeakSet<object>();
const stats = { hits: 0, misses: 0, uncached: 0 };

/** How the cache has done in this process (for tests and the benchmark). */
export function queryPlanCacheStats() {
  return { ...stats };
}

/**
 * Wraps the compile method of a Prisma query compiler class (the runtime module the generated client
 * loads: `@prisma/client/runtime/query_compiler_bg.<provider>.mjs`). Every client of that provider in
 * the process shares the cache; shapes are per provider because each class has its own.
 */
export function cacheQueryPlans(compilerClass: QueryCompilerClass, mode: QueryPlanCacheMode) {
  if (mode === "off" || patched.has(compilerClass)) return;
  patched.add(compilerClass);
  const compile = compilerClass.prototype.compile;
  // For a query with every value a placeholder: which values must stay literal (their placeholder has
  // a type INLINE does not convert, or the compiler used the value itself, as in a LIKE pattern).
  const literalValues = new Map<string, ReadonlySet<number> | typeof UNCACHEABLE>();
  const plans = new Map<string, Plan>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= MAX_SHAPES) map.delete(map.keys().next().value!);
    map.set(key, value);
  };

  function cached(compiler: unknown, request: string): Plan {
    const query = JSON.parse(request) as Json;
    if (!isObject(query) || typeof query.action !== "string" || !ACTIONS.has(query.action)) {
      stats.uncached++;
      return compile.call(compiler, request);
    }
    const open = shaped(query, NOTHING_KEPT);
    // A query with no values at all (or with every value kept literal) is its own shape: cached as it is.
    let keep = open.values.length === 0 ? NOTHING_KEPT : literalValues.get(open.shape);
    let compiledNow = false;
    if (keep === undefined) {
      try {
        const plan = compile.call(compiler, open.shape);
        const types = placeholderTypes(plan);
        keep = new Set([...open.values.keys()].filter((index) => !INLINE[types.get(index) ?? ""]));
        // Nothing to keep literal: this compile is the shape's plan.
        if (keep.size === 0) {
          remember(plans, open.shape, plan);
          compiledNow = true;
        }
      } catch {
        // A placeholder where the compiler wants a literal: such queries are compiled as they come.
        keep = UNCACHEABLE;
      }
      remember(literalValues, open.shape, keep);
    }
    if (keep === UNCACHEABLE) {
      stats.uncached++;
      return compile.call(compiler, request);
    }
    const { shape, values } = keep.size === 0 ? open : shaped(query, keep);
    let plan = plans.get(shape);
    if (plan === undefined) {
      plan = compile.call(compiler, shape);
      remember(plans, shape, plan);
      compiledNow = true;
    }
    stats[compiledNow ? "misses" : "hits"]++;
    try {
      return fill(plan, values);
    } catch (error) {
      if (!(error instanceof NotConvertible)) throw error;
      // The same shape with a value of another kind (a string where an int was): compiled as it comes,
      // so the compiler reports the mistake as it always has.
      stats.uncached++;
      return compile.call(compiler, request);
    }
  }

  compilerClass.prototype.compile = function (this: unknown, request: string): Plan {
    const plan = cached(this, request);
    if (mode === "verify") {
      const expected = JSON.stringify(compile.call(this, request));
      const actual = JSON.stringify(plan);
      if (expected !== actual) {
        throw new Error(
          `The cached query plan differs from the compiled one.\nquery: ${request}\ncached: ${actual}\ncompiled: ${expected}`,
        );
      }
    }
    return plan;
  };
}
