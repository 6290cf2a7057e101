import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "../../test/factories.ts";
import { prisma } from "./db.server.ts";
import { cacheQueryPlans, queryPlanCacheStats, type QueryPlanCacheMode } from "./query-plans.server.ts";

// Two halves. First, a stand-in compiler that counts its calls and inlines values the way Prisma's does,
// to pin down what is compiled when. Then the real client on this run's database (the suite runs with
// QUERY_PLAN_CACHE=verify, so every plan served below is also compared with a fresh compile).

type Node = Record<string, unknown>;

/** Compiles `{ where: { <field>: value } }` into a one-statement plan, as Prisma lays its plans out. */
function standInCompiler(inline: (value: unknown) => unknown = (value) => value) {
  const calls: string[] = [];
  class StandIn {
    compile(request: string): unknown {
      calls.push(request);
      const where = (JSON.parse(request) as { query: { arguments: { where: Node } } }).query.arguments.where;
      const args = Object.entries(where).map(([field, value]) => {
        const param = value as { $type?: string; value?: string } | null;
        if (param && typeof param === "object" && param.$type === "Param") {
          return { prisma__type: "param", prisma__value: { name: param.value, type: field === "seats" ? "Int" : "String" } };
        }
        return field === "seats" ? String(value) : inline(value);
      });
      return {
        type: "templateSql",
        args,
        argTypes: args.map((_, index) => ({ scalarType: Object.keys(where)[index] === "seats" ? "int" : "string" })),
      };
    }
  }
  return { StandIn, calls };
}

const request = (where: Node, action = "findMany") => JSON.stringify({ modelName: "LiveSession", action, query: { arguments: { where } } });

function cached(mode: QueryPlanCacheMode = "on", inline?: (value: unknown) => unknown) {
  const { StandIn, calls } = standInCompiler(inline);
  cacheQueryPlans(StandIn, mode);
  return { compiler: new StandIn(), calls };
}

describe("the query plan cache", () => {
  it("compiles a shape once and serves each later call's values from it", () => {
    const { compiler, calls } = cached();
    expect(compiler.compile(request({ id: "a", seats: 3 }))).toEqual({
      type: "templateSql",
      args: ["a", "3"],
      argTypes: [{ scalarType: "string" }, { scalarType: "bigint" }],
    });
    expect(compiler.compile(request({ id: "b", seats: 12 }))).toEqual({
      type: "templateSql",
      args: ["b", "12"],
      argTypes: [{ scalarType: "string" }, { scalarType: "bigint" }],
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain('"$type":"Param"');
    // Another shape (another field, another action) is compiled on its own.
    compiler.compile(request({ title: "x" }));
    compiler.compile(request({ id: "c" }, "deleteMany"));
    expect(calls).toHaveLength(3);
  });

  it("compiles the query as it comes when a value is of another kind than its placeholder", () => {
    const { compiler, calls } = cached();
    compiler.compile(request({ seats: 3 }));
    expect(compiler.compile(request({ seats: "three" }))).toEqual({
      type: "templateSql",
      args: ["three"],
      argTypes: [{ scalarType: "int" }],
    });
    expect(calls.at(-1)).toBe(request({ seats: "three" }));
  });

  it("leaves raw SQL and upserts to the compiler every time, and caches a query without values as it is", () => {
    const { compiler, calls } = cached();
    const raw = JSON.stringify({ action: "queryRaw", query: { arguments: { query: "SELECT 1", parameters: "[]" } } });
    expect(() => compiler.compile(raw)).toThrow();
    compiler.compile(request({ id: "a" }, "upsertOne"));
    compiler.compile(request({ id: "a" }, "upsertOne"));
    expect(compiler.compile(request({}))).toEqual(compiler.compile(request({})));
    expect(calls).toEqual([raw, request({ id: "a" }, "upsertOne"), request({ id: "a" }, "upsertOne"), request({})]);
  });

  it("in verify mode, throws when a served plan differs from a fresh compile", () => {
    // A compiler that rewrites the value it inlines (as Prisma does for LIKE patterns) but leaves its
    // placeholder bare: the copy made from the cached plan cannot match, and verify says so.
    const { compiler } = cached("verify", (value) => `%${String(value)}%`);
    expect(() => compiler.compile(request({ id: "a" }))).toThrow(/cached query plan differs/);
    const off = cached("off", (value) => `%${String(value)}%`);
    expect(off.compiler.compile(request({ id: "a" }))).toEqual({
      type: "templateSql",
      args: ["%a%"],
      argTypes: [{ scalarType: "string" }],
    });
  });
});

describe("the real client with cached plans", () => {
  it("answers each call with its own values, and the second call of a shape comes from the cache", async () => {
    const account = await createAccount();
    const [ada, bob] = [
      await createUser({ role: "MEMBER", accountId: account.id, name: "Ada" }),
      await createUser({ role: "MEMBER", accountId: account.id, name: "Bob" }),
    ];
    const find = (id: string) => prisma.user.findUnique({ where: { id }, select: { name: true } });
    expect(await find(ada.id)).toEqual({ name: "Ada" });
    const before = queryPlanCacheStats().hits;
    expect(await find(bob.id)).toEqual({ name: "Bob" });
    expect(await find("nobody")).toBeNull();
    expect(queryPlanCacheStats().hits - before).toBe(2);
  });

  it("keeps values whose plan depends on them literal: LIKE patterns, enums, dates and counts still filter right", async () => {
    const title = `Plans ${Date.now()}`;
    const session = (suffix: string, days: number, seatCap: number) =>
      prisma.liveSession.create({
        data: {
          kind: "EXPERT",
          status: "PUBLISHED",
          title: `${title} ${suffix}`,
          startsAt: new Date(Date.now() + days * 86_400_000),
          durationMinutes: 60,
          timeZone: "UTC",
          meetingUrl: "https://meet.example.com/plans",
          seatCap,
        },
      });
    const soon = await session("soon", 1, 5);
    const later = await session("later", 7, 50);
    const titles = async (where: Parameters<typeof prisma.liveSession.findMany>[0]) =>
      (await prisma.liveSession.findMany({ ...where, orderBy: { startsAt: "asc" }, select: { title: true } })).map((row) => row.title);
    expect(await titles({ where: { title: { contains: `${title} so` } } })).toEqual([soon.title]);
    expect(await titles({ where: { title: { contains: `${title} la` } } })).toEqual([later.title]);
    expect(await titles({ where: { title: { startsWith: title }, startsAt: { gte: new Date(Date.now() + 2 * 86_400_000) } } })).toEqual([
      later.title,
    ]);
    expect(await titles({ where: { title: { startsWith: title }, startsAt: { gte: new Date() } } })).toEqual([soon.title, later.title]);
    expect(await titles({ where: { title: { startsWith: title }, seatCap: { gt: 10 } } })).toEqual([later.title]);
    expect(await titles({ where: { title: { startsWith: title }, seatCap: { gt: 1 } } })).toEqual([soon.title, later.title]);
    expect(await titles({ where: { title: { startsWith: title }, status: "DRAFT" } })).toEqual([]);
    expect(await titles({ where: { title: { startsWith: title }, status: "PUBLISHED", id: { in: [soon.id, later.id] } } })).toEqual([
      soon.title,
      later.title,
    ]);
  });

  it("still refuses a value of the wrong type or an unknown enum value, as Prisma always has", async () => {
    await prisma.liveSession.findMany({ where: { seatCap: 3 }, take: 1 });
    await expect(prisma.liveSession.findMany({ where: { seatCap: "three" as never }, take: 1 })).rejects.toThrow();
    await prisma.liveSession.findMany({ where: { status: "PUBLISHED" }, take: 1 });
    await expect(prisma.liveSession.findMany({ where: { status: "NOT_A_STATUS" as never }, take: 1 })).rejects.toThrow();
  });

  it("writes with cached plans: each create gets its own id and timestamps, each update its own values", async () => {
    const account = await createAccount();
    const users = [];
    for (const name of ["One", "Two", "Three"]) users.push(await createUser({ role: "MEMBER", accountId: account.id, name }));
    expect(new Set(users.map((user) => user.id)).size).toBe(3);
    for (const [index, user] of users.entries()) await prisma.user.update({ where: { id: user.id }, data: { name: `Renamed ${index}` } });
    const names = await prisma.user.findMany({ where: { accountId: account.id }, orderBy: { name: "asc" }, select: { name: true } });
    expect(names.map((row) => row.name)).toEqual(["Renamed 0", "Renamed 1", "Renamed 2"]);
  });
});
