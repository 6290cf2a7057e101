import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { listAccountEvents, recordEvent, recordEvents } from "./events.server.ts";

describe("recording engagement events", () => {
  it("stores events and lists an account's newest first", async () => {
    const account = await createAccount();
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    await recordEvents(prisma, [
      {
        kind: "video.watched",
        accountId: account.id,
        userId: user.id,
        subjectType: "video",
        subjectId: "v1",
        value: 0.6,
        occurredAt: new Date("2026-10-01T10:00:00Z"),
      },
      {
        kind: "document.opened",
        accountId: account.id,
        userId: user.id,
        data: { source: "newsletter" },
        occurredAt: new Date("2026-10-02T10:00:00Z"),
      },
    ]);
    const events = await listAccountEvents(account.id);
    expect(events.map((event) => event.kind)).toEqual(["document.opened", "video.watched"]);
    expect(events[1]).toMatchObject({ subjectType: "video", subjectId: "v1", value: 0.6, user: { name: user.name } });
  });

  it("skips an event whose dedupe key was already recorded, so producers may retry", async () => {
    const account = await createAccount();
    const event = {
      kind: "newsletter.opened" as const,
      accountId: account.id,
      userId: null,
      dedupeKey: "resend:evt_1",
      occurredAt: new Date(),
    };
    expect(await recordEvent(prisma, event)).toBe(1);
    expect(await recordEvent(prisma, event)).toBe(0);
    expect(await prisma.engagementEvent.count({ where: { accountId: account.id } })).toBe(1);
  });

  it("refuses an unknown kind instead of storing a word nobody reads", async () => {
    await expect(
      recordEvent(prisma, { kind: "video.liked" as never, accountId: null, userId: null, occurredAt: new Date() }),
    ).rejects.toThrow();
  });

  it("rolls back with the business write that carried it", async () => {
    const account = await createAccount();
    await expect(
      prisma.$transaction(async (tx) => {
        await recordEvent(tx, { kind: "csm_hour.booked", accountId: account.id, userId: null, occurredAt: new Date() });
        throw new Error("booking failed");
      }),
    ).rejects.toThrow("booking failed");
    expect(await prisma.engagementEvent.count({ where: { accountId: account.id } })).toBe(0);
  });
});
