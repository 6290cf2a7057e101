import { describe, expect, it } from "vitest";
import { rememberForRequest, runInRequestScope } from "./request-scope.server.ts";

function counter() {
  let calls = 0;
  return { make: () => ++calls, calls: () => calls };
}

describe("request scope", () => {
  it("remembers a value for the rest of a GET, across awaits", async () => {
    const count = counter();
    const seen = await runInRequestScope("GET", async () => {
      const first = rememberForRequest("k", count.make);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return [first, rememberForRequest("k", count.make), rememberForRequest("other", count.make)];
    });
    expect(seen).toEqual([1, 1, 2]);
  });

  it("makes the value afresh in a POST and outside any scope", () => {
    const count = counter();
    runInRequestScope("POST", () => [rememberForRequest("k", count.make), rememberForRequest("k", count.make)]);
    expect(count.calls()).toBe(2);
    rememberForRequest("k", count.make);
    rememberForRequest("k", count.make);
    expect(count.calls()).toBe(4);
  });

  it("keeps concurrent requests apart", async () => {
    const run = (value: string) =>
      runInRequestScope("GET", async () => {
        rememberForRequest("who", () => value);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return rememberForRequest("who", () => "never made");
      });
    expect(await Promise.all([run("a"), run("b")])).toEqual(["a", "b"]);
  });
});
