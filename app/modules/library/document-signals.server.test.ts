import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { registerCompletionListener, type ContentCompletion } from "./completion-hooks.server.ts";
import { recordDocumentSignal, type DocumentSignalKind } from "./document-signals.server.ts";

let actor: { id: string; accountId: string | null };
let contentId: string;

const signal = (kind: DocumentSignalKind, now: Date) =>
  prisma.$transaction((tx) => recordDocumentSignal(tx, { actor, contentId, kind, now }));

beforeAll(async () => {
  const account = await createAccount({ tier: "TECH" });
  const user = await createUser({ role: "MEMBER", accountId: account.id });
  actor = { id: user.id, accountId: account.id };
  contentId = (await prisma.contentItem.create({ data: { kind: "ONE_PAGER", slug: "signals", title: "Signals", body: "x" } })).id;
});

describe("recordDocumentSignal", () => {
  it("counts every open, records one event a day, and keeps the first completion", async () => {
    const heard: ContentCompletion[] = [];
    const unregister = registerCompletionListener("document-test", (_tx, completion) => void heard.push(completion));
    const monday = new Date("2026-03-09T08:00:00Z");
    expect(await signal("open", monday)).toBe(true);
    expect(await signal("open", new Date("2026-03-09T21:00:00Z"))).toBe(false);
    expect(await signal("open", new Date("2026-03-10T07:00:00Z"))).toBe(true);
    expect(await signal("download", new Date("2026-03-10T07:05:00Z"))).toBe(true);

    const progress = await prisma.contentProgress.findUniqueOrThrow({ where: { userId_contentId: { userId: actor.id, contentId } } });
    expect(progress).toMatchObject({ opens: 3, downloads: 1, accountId: actor.accountId, completedAt: monday, firstSeenAt: monday });
    expect(progress.lastSeenAt).toEqual(new Date("2026-03-10T07:05:00Z"));
    const events = await prisma.engagementEvent.findMany({ where: { subjectId: contentId }, orderBy: { occurredAt: "asc" } });
    expect(events.map((event) => [event.kind, event.occurredAt.toISOString()])).toEqual([
      ["document.opened", "2026-03-09T08:00:00.000Z"],
      ["document.opened", "2026-03-10T07:00:00.000Z"],
      ["document.downloaded", "2026-03-10T07:05:00.000Z"],
    ]);
    // Learning paths hear of the completion once: at the first open, not at later opens or downloads.
    expect(heard).toEqual([{ userId: actor.id, contentId, accountId: actor.accountId, now: monday }]);
    unregister();
  });

  it("writes nothing when the transaction around it fails", async () => {
    const before = await prisma.engagementEvent.count();
    await expect(
      prisma.$transaction(async (tx) => {
        await recordDocumentSignal(tx, { actor, contentId, kind: "open", now: new Date("2026-04-01T00:00:00Z") });
        throw new Error("the business write failed");
      }),
    ).rejects.toThrow("the business write failed");
    expect(await prisma.engagementEvent.count()).toBe(before);
    expect((await prisma.contentProgress.findFirstOrThrow({ where: { contentId } })).opens).toBe(3);
  });
});
