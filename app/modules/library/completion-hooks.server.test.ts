import { describe, expect, it } from "vitest";
import { prisma, type Tx } from "~/utils/db.server.ts";
import { onContentCompleted as notify, registerCompletionListener, type ContentCompletion } from "./completion-hooks.server.ts";

// Listeners run inside the completion's transaction: each call here is one, as in the library.
let tx: Tx | undefined;
const onContentCompleted = (_tx: unknown, input: ContentCompletion) =>
  prisma.$transaction(async (inner) => {
    tx = inner;
    await notify(inner, input);
  });
const completion = { userId: "u1", contentId: "c1", accountId: "a1", now: new Date("2026-11-01T10:00:00Z") };

describe("completion hooks", () => {
  it("calls every listener once, in registration order, with the transaction", async () => {
    const calls: string[] = [];
    const offA = registerCompletionListener("a", async (db, input) => {
      expect(db).toBe(tx);
      calls.push(`a:${input.contentId}`);
    });
    const offB = registerCompletionListener("b", (_db, input) => void calls.push(`b:${input.contentId}`));
    await onContentCompleted(tx, completion);
    expect(calls).toEqual(["a:c1", "b:c1"]);
    offA();
    offB();
    await onContentCompleted(tx, completion);
    expect(calls).toHaveLength(2);
  });

  it("does nothing with no listeners, and an old unregister does not remove a newer listener", async () => {
    await expect(onContentCompleted(tx, completion)).resolves.toBeUndefined();
    const calls: string[] = [];
    const offOld = registerCompletionListener("same", () => void calls.push("old"));
    const offNew = registerCompletionListener("same", () => void calls.push("new"));
    offOld();
    await onContentCompleted(tx, completion);
    expect(calls).toEqual(["new"]);
    offNew();
  });

  it("lets a listener's error reach the caller, so the completion's transaction rolls back", async () => {
    const off = registerCompletionListener("boom", () => {
      throw new Error("boom");
    });
    await expect(onContentCompleted(tx, completion)).rejects.toThrow("boom");
    off();
  });
});
