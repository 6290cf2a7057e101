import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { captureLogs } from "#test/log-capture.ts";
import { addLogContext, currentLogContext, logger, withLogContext } from "./logger.server.ts";

let capture: ReturnType<typeof captureLogs>;
beforeEach(() => (capture = captureLogs()));
afterEach(() => capture.restore());

describe("logger", () => {
  test("writes one JSON object per line with time, level and message", () => {
    logger.info("hello", { count: 2 });
    logger.error("broke", { error: new Error("boom") });
    expect(capture.lines).toHaveLength(2);
    expect(capture.lines[0]).toMatchObject({ level: "info", msg: "hello", count: 2 });
    expect(Date.parse(capture.lines[0]!.time as string)).not.toBeNaN();
    expect(capture.lines[1]).toMatchObject({ level: "error", msg: "broke", error: { message: "boom" } });
  });

  test("lines written while handling something carry its context, across awaits, without leaking to others", async () => {
    const handle = (requestId: string, userId: string) =>
      withLogContext({ requestId }, async () => {
        await sleep(5);
        addLogContext({ userId });
        await sleep(5);
        logger.error("failed while handling", { step: requestId });
        return currentLogContext();
      });
    const [first] = await Promise.all([handle("req-1", "user-1"), handle("req-2", "user-2")]);
    logger.info("outside");

    expect(first).toEqual({ requestId: "req-1", userId: "user-1" });
    const byStep = Object.fromEntries(capture.lines.filter((line) => line.step).map((line) => [line.step, line]));
    expect(byStep["req-1"]).toMatchObject({ requestId: "req-1", userId: "user-1", msg: "failed while handling" });
    expect(byStep["req-2"]).toMatchObject({ requestId: "req-2", userId: "user-2" });
    expect(capture.lines.find((line) => line.msg === "outside")).not.toHaveProperty("requestId");
  });

  test("addLogContext outside any context does nothing", () => {
    addLogContext({ userId: "nobody" });
    logger.info("plain");
    expect(capture.lines[0]).not.toHaveProperty("userId");
  });
});
