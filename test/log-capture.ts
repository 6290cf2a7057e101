import { vi } from "vitest";
import { resetEnvForTests } from "~/utils/env.server.ts";

/** Turns logging on (LOG_LEVEL=info) and collects the JSON lines written to stdout and stderr. */
export function captureLogs() {
  const previous = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  resetEnvForTests();
  const lines: Record<string, unknown>[] = [];
  const collect = (chunk: unknown) => {
    for (const line of String(chunk).split("\n")) if (line.startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(collect);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(collect);
  return {
    lines,
    restore() {
      out.mockRestore();
      err.mockRestore();
      process.env.LOG_LEVEL = previous;
      resetEnvForTests();
    },
  };
}
