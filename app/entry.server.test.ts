import { createRequestHandler } from "@remix-run/node";
import { createElement } from "react";
import { afterEach, expect, test, vi } from "vitest";
import { testBuild } from "#test/remix-build.ts";
import { buildRequest, testContext } from "#test/request.ts";
import * as entry from "./entry.server.tsx";

// entry.server renders a document and arms a timer that aborts a render still streaming after
// streamTimeout. Once the render is complete the timer must go: left armed, it kept each finished
// render (its tree and data) in memory for six more seconds, which under load filled the old
// generation and set off full collections every few seconds.

const build = testBuild({
  root: { id: "root", path: "", module: { default: () => createElement("p", null, "A page"), loader: () => ({ at: 1 }) } },
});

afterEach(() => vi.restoreAllMocks());

test("a document's abort timer is cleared once its render is complete", async () => {
  const armed: unknown[] = [];
  const setTimer = globalThis.setTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, delay?: number) => {
    const timer = setTimer(callback, delay);
    if (delay === entry.streamTimeout + 1_000) armed.push(timer);
    return timer;
  }) as typeof setTimeout);
  const cleared = vi.spyOn(globalThis, "clearTimeout");

  const response = await createRequestHandler(build, "production")(buildRequest("/"), testContext);
  expect(response.status).toBe(200);
  await response.text();

  expect(armed).toHaveLength(1);
  expect(cleared).toHaveBeenCalledWith(armed[0]);
});
