import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { registerCompletionListener, type ContentCompletion } from "./completion-hooks.server.ts";
import { completedDedupeKey, getResumePosition, listContinueWatching, recordProgressBatch, watchedDedupeKey } from "./progress.server.ts";
import type { ProgressEvent } from "./progress.ts";

type Customer = { id: string; role: "MEMBER"; accountId: string };

let counter = 0;
async function createVideo(overrides: Partial<Prisma.ContentItemUncheckedCreateInput> = {}, durationSeconds: number | null = 100) {
  counter += 1;
  return prisma.contentItem.create({
    data: {
      kind: "VIDEO",
      status: "PUBLISHED",
      slug: `progress-video-${counter}`,
      title: `Video ${counter}`,
      publishedAt: new Date(),
      ...overrides,
      video: { create: { provider: "LOCAL", status: "READY", durationSeconds } },
    },
  });
}

/** Played segments [from, to] as one batch, each segment a progress event. */
function played(
  contentId: string,
  segments: Array<[number, number]>,
  batchId: string,
  startSeq = 0,
): { batchId: string; events: ProgressEvent[] } {
  return {
    batchId,
    events: segments.map(([from, to], i) => ({
      contentId,
      type: "progress",
      position: to,
      from,
      to,
      at: 1_700_000_000_000 + i * 60_000,
      seq: startSeq + i,
    })),
  };
}

let customer: Customer;
let techCustomer: Customer;

beforeAll(async () => {
  const account = await createAccount({ tier: "HIGH" });
  const user = await createUser({ role: "MEMBER", accountId: account.id });
  customer = { id: user.id, role: "MEMBER", accountId: account.id };
  const tech = await createAccount({ tier: "TECH" });
  const techUser = await createUser({ role: "MEMBER", accountId: tech.id });
  techCustomer = { id: techUser.id, role: "MEMBER", accountId: tech.id };
});

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe("completion listeners", () => {
  it("are called exactly once, inside the transaction, when a video is first completed", async () => {
    const video = await createVideo();
    const calls: ContentCompletion[] = [];
    cleanups.push(
      registerCompletionListener("test-path-steps", async (tx, completion) => {
        // The row is already complete inside the same transaction.
        const row = await tx.contentProgress.findUniqueOrThrow({
          where: { userId_contentId: { userId: completion.userId, contentId: completion.contentId } },
        });
        expect(row.completedAt).toEqual(completion.now);
        calls.push(completion);
      }),
    );
    const now = new Date("2026-11-01T10:00:00Z");
    await recordProgressBatch(customer, played(video.id, [[0, 60]], "batch-listen-1"), now);
    expect(calls).toEqual([]);
    const outcome = await recordProgressBatch(customer, played(video.id, [[60, 95]], "batch-listen-2", 10), now);
    expect(outcome.completed).toEqual([video.id]);
    await recordProgressBatch(customer, played(video.id, [[95, 100]], "batch-listen-3", 20), new Date("2026-11-01T11:00:00Z"));
    await recordProgressBatch(customer, played(video.id, [[95, 100]], "batch-listen-2", 10), now);
    expect(calls).toEqual([{ userId: customer.id, contentId: video.id, accountId: customer.accountId, now }]);
  });

  it("registering a name twice replaces the listener instead of calling both", async () => {
    const video = await createVideo();
    const first = vi.fn();
    const second = vi.fn();
    cleanups.push(registerCompletionListener("test-twice", first));
    cleanups.push(registerCompletionListener("test-twice", second));
    await recordProgressBatch(customer, played(video.id, [[0, 100]], "batch-twice-1"));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it("a listener that fails rolls the completion back, so it is retried with the next batch", async () => {
    const video = await createVideo();
    const failing = registerCompletionListener("test-failing", () => {
      throw new Error("path engine down");
    });
    await expect(recordProgressBatch(customer, played(video.id, [[0, 100]], "batch-fail-1"))).rejects.toThrow("path engine down");
    failing();
    const row = await prisma.contentProgress.findUnique({ where: { userId_contentId: { userId: customer.id, contentId: video.id } } });
    expect(row).toBeNull();
    expect(await prisma.engagementEvent.count({ where: { subjectId: video.id } })).toBe(0);

    const later = vi.fn();
    cleanups.push(registerCompletionListener("test-later", later));
    const outcome = await recordProgressBatch(customer, played(video.id, [[0, 100]], "batch-fail-1"));
    expect(outcome.completed).toEqual([video.id]);
    expect(later).toHaveBeenCalledTimes(1);
  });
});

describe("recordProgressBatch", () => {
  it("records engagement for the customer's account, one watched row per item per batch", async () => {
    const a = await createVideo();
    const b = await createVideo();
    const batch = played(
      a.id,
      [
        [0, 10],
        [10, 20],
        [20, 30],
      ],
      "batch-two-items",
    );
    batch.events.push(...played(b.id, [[0, 5]], "ignored", 10).events);
    await recordProgressBatch(customer, batch);
    const events = await prisma.engagementEvent.findMany({
      where: { subjectId: { in: [a.id, b.id] } },
      select: { kind: true, accountId: true, userId: true, subjectType: true, subjectId: true, value: true, data: true },
      orderBy: { value: "desc" },
    });
    expect(events).toEqual([
      {
        kind: "video.watched",
        accountId: customer.accountId,
        userId: customer.id,
        subjectType: "content",
        subjectId: a.id,
        value: 30,
        data: JSON.stringify({ batchId: "batch-two-items", playedSeconds: 30, percent: 30 }),
      },
      expect.objectContaining({ kind: "video.watched", subjectId: b.id, value: 5 }),
    ]);
  });

  it("refuses staff: their previews are not an account's viewing", async () => {
    const video = await createVideo();
    const staff = await createUser({ role: "PUBLISHER" });
    await expect(
      recordProgressBatch({ id: staff.id, role: "PUBLISHER", accountId: null }, played(video.id, [[0, 10]], "batch-staff")),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it("counts opens from start events", async () => {
    const video = await createVideo();
    const start = (seq: number): ProgressEvent => ({ contentId: video.id, type: "start", position: 0, at: 1_700_000_000_000 + seq, seq });
    await recordProgressBatch(customer, { batchId: "batch-opens-1", events: [start(0)] });
    await recordProgressBatch(customer, { batchId: "batch-opens-2", events: [start(1), start(2)] });
    const row = await prisma.contentProgress.findUniqueOrThrow({
      where: { userId_contentId: { userId: customer.id, contentId: video.id } },
    });
    expect(row.opens).toBe(3);
  });
});

describe("dedupe keys", () => {
  it("name the person, item and batch, and stay within the 200 characters engagement allows", () => {
    expect(watchedDedupeKey("u1", "c1", "batch-1")).toBe("video.watched:u1:c1:batch-1");
    expect(completedDedupeKey("u1", "c1")).toBe("video.completed:u1:c1");
    const long = watchedDedupeKey("u".repeat(60), "c".repeat(100), "b".repeat(64));
    expect(long).toMatch(/^video\.watched:sha256:[0-9a-f]{64}$/);
    expect(long).not.toBe(watchedDedupeKey("u".repeat(60), "c".repeat(100), `${"b".repeat(63)}c`));
  });
});

describe("getResumePosition", () => {
  it("is 0 for a video never opened, where they stopped in the middle, and 0 again near the end", async () => {
    const video = await createVideo({}, 600);
    expect(await getResumePosition(customer.id, video.id)).toBe(0);
    await recordProgressBatch(customer, played(video.id, [[100, 205.6]], "batch-resume-1"));
    expect(await getResumePosition(customer.id, video.id)).toBe(205);
    await recordProgressBatch(customer, {
      batchId: "batch-resume-2",
      events: [{ contentId: video.id, type: "seek", position: 590, at: 1_700_000_100_000, seq: 50 }],
    });
    expect(await getResumePosition(customer.id, video.id)).toBe(0);
  });

  it("belongs to one person: another's progress is not theirs", async () => {
    const video = await createVideo({}, 600);
    await recordProgressBatch(customer, played(video.id, [[0, 100]], "batch-resume-own"));
    expect(await getResumePosition(techCustomer.id, video.id)).toBe(0);
  });
});

describe("listContinueWatching", () => {
  it("lists started, unfinished videos the viewer's tier may see, most recent first", async () => {
    const viewer = await createUser({ role: "MEMBER", accountId: customer.accountId });
    const actor = { id: viewer.id, role: "MEMBER" as const, accountId: customer.accountId };
    const older = await createVideo({ title: "Older" }, 600);
    const newer = await createVideo({ title: "Newer" }, 600);
    const finished = await createVideo({ title: "Finished" });
    const unpublished = await createVideo({ title: "Unpublished later" });
    const techOnly = await createVideo({ title: "Tech only", audienceTiers: "TECH" });
    const opened = await createVideo({ title: "Opened, nothing played" });
    const record = (contentId: string, segments: Array<[number, number]>, batchId: string, at: string) =>
      recordProgressBatch(actor, played(contentId, segments, batchId), new Date(at));
    await record(older.id, [[0, 60]], "batch-cw-1", "2026-11-01T10:00:00Z");
    await record(
      newer.id,
      [
        [0, 120],
        [200, 205],
      ],
      "batch-cw-2",
      "2026-11-01T11:00:00Z",
    );
    await record(finished.id, [[0, 95]], "batch-cw-3", "2026-11-01T12:00:00Z");
    await record(unpublished.id, [[0, 10]], "batch-cw-4", "2026-11-01T13:00:00Z");
    await record(techOnly.id, [[0, 10]], "batch-cw-5", "2026-11-01T14:00:00Z");
    await recordProgressBatch(actor, {
      batchId: "batch-cw-6",
      events: [{ contentId: opened.id, type: "start", position: 0, at: 1, seq: 0 }],
    });
    await prisma.contentItem.update({ where: { id: unpublished.id }, data: { status: "DRAFT" } });

    const list = await listContinueWatching(actor);
    expect(list).toEqual([
      {
        contentId: newer.id,
        slug: newer.slug,
        title: "Newer",
        percent: 20,
        resumeAt: 205,
        resumeLabel: "3:25",
        href: `/portal/library/${newer.slug}?t=205`,
      },
      expect.objectContaining({ contentId: older.id, percent: 10, resumeAt: 60, resumeLabel: "1:00" }),
    ]);
    expect(await listContinueWatching(actor, { take: 1 })).toHaveLength(1);
  });

  it("is empty for staff and for someone who has watched nothing", async () => {
    const staff = await createUser({ role: "CSM" });
    expect(await listContinueWatching({ id: staff.id, role: "CSM", accountId: null })).toEqual([]);
    const fresh = await createUser({ role: "MEMBER", accountId: techCustomer.accountId });
    expect(await listContinueWatching({ id: fresh.id, role: "MEMBER", accountId: techCustomer.accountId })).toEqual([]);
  });
});
