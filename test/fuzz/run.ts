// Registers one fuzz test per route: random loader requests and random action requests, as the route's
// actor and (a fifth of the time) as an actor it refuses. The property: the answer is never a 5xx, and
// nothing but a Response is ever thrown.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ORIGIN, invoke } from "../request.ts";
import { bodyArb, buildBody, paramArb, queryArb, vocabularyOf } from "./arbitraries.ts";
import { cookiesFor, createFuzzFixture, type Actor, type FuzzFixture } from "./fixture.ts";
import { FUZZ_TARGETS, paramNames, routePath, SEEDS } from "./routes.ts";

type Handler = (args: never) => unknown;
export type RouteModule = { loader?: Handler; action?: Handler };

/** Runs per route and handler; FUZZ_RUNS raises it for a deep run. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
export const RESEND_SECRET = `whsec_${Buffer.from("lyceum-fuzz-webhook-secret-0123").toString("base64")}`;

function svixHeaders(body: string): Record<string, string> {
  const id = "msg_fuzz";
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(RESEND_SECRET.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}` };
}

const headerArb = fc.record(
  {
    origin: fc.constantFrom(TEST_ORIGIN, TEST_ORIGIN, TEST_ORIGIN, "https://evil.example", "null"),
    authorization: fc.constantFrom("Bearer nope", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer lyk_" + "x".repeat(300)),
    contentRange: fc.oneof(
      fc.constantFrom("bytes 0-9/10", "bytes */10", "bytes 5-1/10", "bytes 0-99999999999999/1", "bytes=0-", "garbage", "bytes -1--5/-3"),
      fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([a, b, c]) => `bytes ${a}-${b}/${c}`),
    ),
    accept: fc.constantFrom("application/json", "text/html", "*/*"),
  },
  { requiredKeys: ["origin"] },
);

export function fuzzRoutes(modules: Record<string, RouteModule>) {
  const stats = { requests: 0, byStatus: new Map<number, number>(), byRoute: {} as Record<string, Record<number, number>> };
  let fixture: FuzzFixture;
  beforeAll(async () => {
    process.env.RESEND_WEBHOOK_SECRET = RESEND_SECRET;
    const { resetEnvForTests } = await import("~/utils/env.server.ts");
    resetEnvForTests();
    fixture = await createFuzzFixture();
  });
  afterAll(() => {
    const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
    console.info(`fuzz: ${Object.keys(modules).length} routes, ${stats.requests} requests, runs=${FUZZ_RUNS}: ${statuses.join(" ")}`);
    // FUZZ_REPORT=<file> keeps each handler's answers by status, to see how deep random input gets.
    if (process.env.FUZZ_REPORT) fs.appendFileSync(process.env.FUZZ_REPORT, `${JSON.stringify(stats.byRoute)}\n`);
  });

  for (const [id, module] of Object.entries(modules)) {
    const target = FUZZ_TARGETS[id];
    if (!target || "exempt" in target) continue;
    const vocab = vocabularyOf(id);
    describe(id, () => {
      for (const kind of ["loader", "action"] as const) {
        const handler = module[kind];
        if (!handler) continue;
        it(
          `${kind} never answers 5xx`,
          async () => {
            const cookies = await cookiesFor(fixture);
            const actorArb = fc.oneof(
              { weight: 4, arbitrary: fc.constant<Actor>(target.as) },
              { weight: 1, arbitrary: fc.constant<Actor>(target.refused ?? target.as) },
            );
            const paramsArb = fc.record(
              Object.fromEntries(paramNames(id).map((name) => [name, paramArb(name, vocab.words, fixture.ids, fixture.all)])),
            ) as fc.Arbitrary<Record<string, string>>;
            const methodArb =
              kind === "loader"
                ? fc.constant("GET")
                : fc.oneof(
                    { weight: 12, arbitrary: fc.constant(id.startsWith("uploads.") ? "PUT" : "POST") },
                    { weight: 1, arbitrary: fc.constantFrom("PUT", "PATCH", "DELETE", "POST") },
                  );
            const property = fc.asyncProperty(
              actorArb,
              paramsArb,
              queryArb(vocab.words, fixture.all),
              methodArb,
              kind === "loader" ? fc.constant({ kind: "none" } as const) : bodyArb(vocab, fixture.all, SEEDS[id]?.(fixture)),
              headerArb,
              fc.boolean(),
              async (actor, params, query, method, bodySpec, extra, sign) => {
                const headers = new Headers();
                const cookie = cookies.get(actor);
                if (cookie) headers.set("Cookie", cookie);
                if (actor === "API_KEY") headers.set("Authorization", `Bearer ${fixture.apiKey}`);
                else if (extra.authorization) headers.set("Authorization", extra.authorization);
                if (extra.contentRange) headers.set("Content-Range", extra.contentRange);
                if (extra.accept) headers.set("Accept", extra.accept);
                const { body, contentType } = buildBody(bodySpec);
                if (contentType) headers.set("Content-Type", contentType);
                if (method !== "GET") headers.set("Origin", extra.origin);
                if (sign && typeof body === "string")
                  for (const [name, value] of Object.entries(svixHeaders(body))) headers.set(name, value);
                const request = new Request(new URL(routePath(id, params) + query, TEST_ORIGIN), { method, headers, body });
                const response = await invoke(handler as never, request, params);
                stats.requests++;
                stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);
                const counts = (stats.byRoute[`${id} ${kind}`] ??= {});
                counts[response.status] = (counts[response.status] ?? 0) + 1;
                expect(
                  response.status,
                  `${kind} of ${id} answered ${response.status}: ${String(response.body).slice(0, 300)}`,
                ).toBeLessThan(500);
              },
            );
            await fc.assert(property, { numRuns: FUZZ_RUNS, seed: SEED, endOnFailure: false, interruptAfterTimeLimit: undefined });
          },
          120_000 + FUZZ_RUNS * 2_000,
        );
      }
    });
  }
}
