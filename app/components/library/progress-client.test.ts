import { describe, expect, it } from "vitest";
import { applyProgressEvents, ProgressBatchSchema, type ProgressEvent } from "~/modules/library/progress.ts";
import {
  batchAll,
  dispositionOf,
  emptyQueue,
  enqueue,
  FLUSH_AT_EVENTS,
  initialTracker,
  MAX_QUEUED_EVENTS,
  newBatchId,
  restoreQueue,
  serializeQueue,
  settleBatch,
  shouldFlushSoon,
  takeBatch,
  trackMedia,
  type EventDraft,
  type MediaSignal,
  type TrackerState,
} from "./progress-client.ts";

/** Runs signals through the tracker; each is [kind, media time, wall seconds]. */
function run(signals: Array<[MediaSignal["kind"], number, number]>, start: TrackerState = initialTracker()) {
  let state = start;
  const events: EventDraft[] = [];
  for (const [kind, time, wallSeconds] of signals) {
    const step = trackMedia(state, { kind, time, wall: wallSeconds * 1000 });
    state = step.state;
    events.push(...step.events);
  }
  return { state, events };
}

/** timeupdate ticks every quarter second of normal playback from `from` to `to` (media = wall). */
function playing(from: number, to: number, wallOffset = 0): Array<[MediaSignal["kind"], number, number]> {
  const ticks: Array<[MediaSignal["kind"], number, number]> = [];
  for (let t = from + 0.25; t <= to + 1e-9; t += 0.25) ticks.push(["timeupdate", t, t + wallOffset]);
  return ticks;
}

describe("trackMedia", () => {
  it("sends start on the first play only", () => {
    const { events } = run([
      ["play", 0, 0],
      ["pause", 0, 0],
      ["play", 0, 1],
    ]);
    expect(events.filter((event) => event.type === "start")).toEqual([{ type: "start", position: 0 }]);
  });

  it("reports the played segment about every ten seconds of playing", () => {
    const { events } = run([["play", 0, 0], ...playing(0, 25)]);
    expect(events).toEqual([
      { type: "start", position: 0 },
      { type: "progress", position: 10, from: 0, to: 10 },
      { type: "progress", position: 20, from: 10, to: 20 },
    ]);
  });

  it("closes the segment on pause, and a pause while stopped says nothing", () => {
    const { events } = run([["play", 0, 0], ...playing(0, 4), ["pause", 4, 4], ["pause", 4, 5]]);
    expect(events.slice(1)).toEqual([{ type: "pause", position: 4, from: 0, to: 4 }]);
  });

  it("never lets a segment cross a seek", () => {
    const { events } = run([["play", 0, 0], ...playing(0, 3), ["seeking", 50, 3.1], ...playing(50, 55, -46.9), ["pause", 55, 8.1]]);
    expect(events.slice(1)).toEqual([
      { type: "seek", position: 50, from: 0, to: 3 },
      { type: "pause", position: 55, from: 50, to: 55 },
    ]);
  });

  it("a seek while paused carries no segment", () => {
    const { events } = run([["seeking", 30, 0]]);
    expect(events).toEqual([{ type: "seek", position: 30 }]);
  });

  it("treats a jump the element did not announce as a seek", () => {
    const { events } = run([["play", 0, 0], ...playing(0, 2), ["timeupdate", 90, 2.25], ...playing(90, 92, -87.75), ["pause", 92, 4.25]]);
    expect(events.slice(1)).toEqual([
      { type: "seek", position: 90, from: 0, to: 2 },
      { type: "pause", position: 92, from: 90, to: 92 },
    ]);
  });

  it("treats going backwards as a jump too", () => {
    const { events } = run([["play", 20, 0], ...playing(20, 24, -20), ["timeupdate", 5, 4.25], ["pause", 6, 5.25]]);
    expect(events.slice(1)).toEqual([
      { type: "seek", position: 5, from: 20, to: 24 },
      { type: "pause", position: 6, from: 5, to: 6 },
    ]);
  });

  it("reports the end, with what was played since the last report", () => {
    const ended = run([["play", 90, 0], ...playing(90, 100, -90), ["pause", 100, 10], ["ended", 100, 10]]);
    expect(ended.events.slice(1)).toEqual([
      { type: "progress", position: 100, from: 90, to: 100 },
      { type: "pause", position: 100 },
      { type: "end", position: 100 },
    ]);
    // Some browsers fire ended without a pause first.
    const bare = run([["play", 95, 0], ...playing(95, 100, -95).slice(0, -1), ["ended", 100, 5]]);
    expect(bare.events.slice(1)).toEqual([{ type: "end", position: 100, from: 95, to: 100 }]);
  });

  it("a checkpoint reports the open segment at once and keeps playing", () => {
    const { state, events } = run([["play", 0, 0], ...playing(0, 3), ["checkpoint", 3.2, 3.2]]);
    expect(events.slice(1)).toEqual([{ type: "progress", position: 3.2, from: 0, to: 3.2 }]);
    expect(state).toMatchObject({ playing: true, segmentStart: 3.2 });
  });

  it("ignores timeupdates while paused, and survives NaN times", () => {
    const { events, state } = run([
      ["timeupdate", 10, 0],
      ["timeupdate", Number.NaN, 1],
    ]);
    expect(events).toEqual([]);
    expect(state.lastTime).toBe(0);
  });

  it("reports faster playback as long as the wall clock allows it", () => {
    let state = trackMedia(initialTracker(), { kind: "play", time: 0, wall: 0, rate: 2 }).state;
    const events: EventDraft[] = [];
    for (let wall = 0.25; wall <= 10; wall += 0.25) {
      const step = trackMedia(state, { kind: "timeupdate", time: wall * 2, wall: wall * 1000, rate: 2 });
      state = step.state;
      events.push(...step.events);
    }
    expect(events).toEqual([{ type: "progress", position: 20, from: 0, to: 20 }]);
  });

  it("produces segments the server turns into the watched ranges", () => {
    const { events } = run([["play", 0, 0], ...playing(0, 12), ["seeking", 40, 12.1], ...playing(40, 45, -27.9), ["pause", 45, 17.1]]);
    const queued = enqueue(emptyQueue(), events, { contentId: "v1", now: 1_700_000_000_000, duration: 100 });
    const stamped = queued.pending.map((event, i) => ({ ...event, at: event.at + i * 10_000 }));
    expect(applyProgressEvents(null, stamped, 100).ranges).toEqual([
      [0, 12],
      [40, 45],
    ]);
  });
});

const drafts = (n: number, type: EventDraft["type"] = "progress"): EventDraft[] =>
  Array.from({ length: n }, (_, i) => ({ type, position: i + 1, from: i, to: i + 1 }));

describe("the queue", () => {
  it("stamps events with the item, time, duration and a rising sequence", () => {
    const queue = enqueue(emptyQueue(), drafts(2), { contentId: "v1", now: 1000, duration: 60 });
    const next = enqueue(queue, drafts(1), { contentId: "v2", now: 2000, duration: Number.NaN });
    expect(next.pending).toEqual([
      { contentId: "v1", type: "progress", position: 1, from: 0, to: 1, duration: 60, at: 1000, seq: 0 },
      { contentId: "v1", type: "progress", position: 2, from: 1, to: 2, duration: 60, at: 1000, seq: 1 },
      { contentId: "v2", type: "progress", position: 1, from: 0, to: 1, at: 2000, seq: 2 },
    ]);
    expect(next.seq).toBe(3);
  });

  it("keeps only the last of a run of bare seeks (dragging the scrubber)", () => {
    let queue = enqueue(emptyQueue(), [{ type: "seek", position: 10 }], { contentId: "v1", now: 1 });
    queue = enqueue(queue, [{ type: "seek", position: 20 }], { contentId: "v1", now: 2 });
    queue = enqueue(queue, [{ type: "seek", position: 30 }], { contentId: "v1", now: 3 });
    queue = enqueue(queue, [{ type: "seek", position: 40, from: 30, to: 35 }], { contentId: "v1", now: 4 });
    queue = enqueue(queue, [{ type: "seek", position: 50 }], { contentId: "v2", now: 5 });
    expect(queue.pending.map((event) => [event.contentId, event.position])).toEqual([
      ["v1", 30],
      ["v1", 40],
      ["v2", 50],
    ]);
  });

  it("asks for a flush once enough events wait", () => {
    expect(shouldFlushSoon(enqueue(emptyQueue(), drafts(FLUSH_AT_EVENTS - 1), { contentId: "v1", now: 1 }))).toBe(false);
    expect(shouldFlushSoon(enqueue(emptyQueue(), drafts(FLUSH_AT_EVENTS), { contentId: "v1", now: 1 }))).toBe(true);
  });

  it("splits pending events into batches of at most 100 that the server accepts", () => {
    const queue = enqueue(emptyQueue(), drafts(250), { contentId: "v1", now: 1 });
    let id = 0;
    const batched = batchAll(queue, () => `batch-${String(++id).padStart(4, "0")}`);
    expect(batched.pending).toEqual([]);
    expect(batched.outbox.map((batch) => [batch.batchId, batch.events.length])).toEqual([
      ["batch-0001", 100],
      ["batch-0002", 100],
      ["batch-0003", 50],
    ]);
    for (const batch of batched.outbox) expect(ProgressBatchSchema.safeParse(batch).success).toBe(true);
    expect(takeBatch(emptyQueue(), "batch-none")).toEqual(emptyQueue());
  });

  it.each<[number | null, string]>([
    [204, "delivered"],
    [200, "delivered"],
    [400, "rejected"],
    [401, "rejected"],
    [404, "rejected"],
    [413, "rejected"],
    [408, "retry"],
    [429, "retry"],
    [500, "retry"],
    [503, "retry"],
    [null, "retry"],
  ])("an answer of %j means %s", (status, disposition) => {
    expect(dispositionOf(status)).toBe(disposition);
  });

  it("keeps a batch to retry under the same id, and drops it once settled", () => {
    const queue = takeBatch(enqueue(emptyQueue(), drafts(3), { contentId: "v1", now: 1 }), "batch-retry");
    expect(settleBatch(queue, "batch-retry", "retry").outbox.map((batch) => batch.batchId)).toEqual(["batch-retry"]);
    expect(settleBatch(queue, "batch-retry", "delivered").outbox).toEqual([]);
    expect(settleBatch(queue, "batch-retry", "rejected").outbox).toEqual([]);
  });

  it("drops the oldest events beyond its cap, outbox batches first", () => {
    const full = takeBatch(enqueue(emptyQueue(), drafts(100), { contentId: "old", now: 1 }), "batch-old1");
    const over = enqueue(full, drafts(MAX_QUEUED_EVENTS), { contentId: "new", now: 2 });
    expect(over.outbox).toEqual([]);
    expect(over.pending).toHaveLength(MAX_QUEUED_EVENTS);
    const more = enqueue(over, drafts(5), { contentId: "newest", now: 3 });
    expect(more.pending).toHaveLength(MAX_QUEUED_EVENTS);
    expect(more.pending.at(-1)?.contentId).toBe("newest");
    expect(more.pending[0]?.seq).toBe(105);
  });
});

describe("surviving a reload", () => {
  it("round-trips through sessionStorage text", () => {
    const queue = takeBatch(enqueue(emptyQueue(), drafts(8), { contentId: "v1", now: 1 }), "batch-saved");
    const withPending = enqueue(queue, drafts(2), { contentId: "v1", now: 2 });
    expect(restoreQueue(serializeQueue(withPending))).toEqual(withPending);
  });

  it.each<[string, string | null]>([
    ["nothing stored", null],
    ["not JSON", "{"],
    ["not an object", "42"],
    ["lists of the wrong things", '{"seq":"x","pending":{},"outbox":"y"}'],
  ])("starts empty from %s", (_name, text) => {
    expect(restoreQueue(text)).toEqual(emptyQueue());
  });

  it("drops invalid entries and never reuses a sequence number", () => {
    const good: ProgressEvent = { contentId: "v1", type: "pause", position: 5, at: 1, seq: 41 };
    const text = JSON.stringify({
      seq: 3,
      pending: [good, { contentId: "v1", type: "explode", position: 1, at: 1, seq: 50 }],
      outbox: [{ batchId: "x", events: [good] }],
    });
    expect(restoreQueue(text)).toEqual({ seq: 42, pending: [good], outbox: [] });
  });
});

describe("newBatchId", () => {
  it("is accepted by the server's batch schema, with or without crypto.randomUUID", () => {
    const event: ProgressEvent = { contentId: "v1", type: "start", position: 0, at: 1, seq: 0 };
    expect(ProgressBatchSchema.safeParse({ batchId: newBatchId(), events: [event] }).success).toBe(true);
    const original = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
      const fallback = newBatchId(() => 0.5);
      expect(fallback).toMatch(/^[a-z0-9]{24}$/);
      expect(ProgressBatchSchema.safeParse({ batchId: fallback, events: [event] }).success).toBe(true);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: original, configurable: true });
    }
  });
});
