import { describe, expect, it } from "vitest";
import {
  addSegment,
  applyProgressEvents,
  clampRanges,
  fitsElapsedTime,
  formatClock,
  isComplete,
  MAX_BATCH_EVENTS,
  mergeRanges,
  parseProgressBatch,
  parseRanges,
  parseStartParam,
  percentWatched,
  resumePosition,
  segmentRange,
  watchedSeconds,
  type ProgressEvent,
  type Range,
} from "./progress.ts";

describe("mergeRanges", () => {
  it.each<[string, Range[], Range[]]>([
    ["nothing", [], []],
    ["one range", [[0, 10]], [[0, 10]]],
    [
      "unsorted disjoint ranges are sorted",
      [
        [20, 30],
        [0, 10],
      ],
      [
        [0, 10],
        [20, 30],
      ],
    ],
    [
      "overlapping ranges merge",
      [
        [0, 10],
        [5, 15],
      ],
      [[0, 15]],
    ],
    [
      "a contained range disappears",
      [
        [0, 30],
        [10, 20],
      ],
      [[0, 30]],
    ],
    [
      "touching ranges merge",
      [
        [0, 10],
        [10, 20],
      ],
      [[0, 20]],
    ],
    [
      "a gap within a timeupdate tick merges",
      [
        [0, 10],
        [10.4, 20],
      ],
      [[0, 20]],
    ],
    [
      "a real gap stays",
      [
        [0, 10],
        [11, 20],
      ],
      [
        [0, 10],
        [11, 20],
      ],
    ],
    [
      "a chain merges into one",
      [
        [0, 5],
        [4, 9],
        [8, 12],
        [30, 31],
      ],
      [
        [0, 12],
        [30, 31],
      ],
    ],
    [
      "reversed ranges are dropped",
      [
        [10, 5],
        [0, 1],
      ],
      [[0, 1]],
    ],
    ["empty ranges are dropped", [[5, 5]], []],
    ["negative starts are dropped", [[-3, 5]], []],
    [
      "NaN and Infinity are dropped",
      [
        [Number.NaN, 5],
        [0, Number.POSITIVE_INFINITY],
        [1, 2],
      ],
      [[1, 2]],
    ],
  ])("%s", (_name, input, expected) => {
    expect(mergeRanges(input)).toEqual(expected);
  });

  it("leaves its input alone", () => {
    const input: Range[] = [
      [5, 15],
      [0, 10],
    ];
    mergeRanges(input);
    expect(input).toEqual([
      [5, 15],
      [0, 10],
    ]);
  });
});

describe("segmentRange and addSegment", () => {
  it.each<[string, number, number, number | null, Range | null]>([
    ["an ordinary segment", 10, 20, 100, [10, 20]],
    ["the end is clamped to the duration", 95, 105, 100, [95, 100]],
    ["a start past the end is ignored", 100, 105, 100, null],
    ["a negative start is ignored", -1, 5, 100, null],
    ["a reversed segment is ignored", 20, 10, 100, null],
    ["an empty segment is ignored", 20, 20, 100, null],
    ["NaN is ignored", Number.NaN, 10, 100, null],
    ["Infinity is ignored", 0, Number.POSITIVE_INFINITY, null, null],
    ["a jump longer than one report can cover is ignored", 0, 600, 3600, null],
    ["exactly the longest report is kept", 0, 120, 3600, [0, 120]],
    ["with no duration, only the longest video bounds it", 86_390, 86_450, null, [86_390, 86_400]],
  ])("%s", (_name, from, to, duration, expected) => {
    expect(segmentRange(from, to, duration)).toEqual(expected);
  });

  it("adds a believable segment and ignores the rest", () => {
    let ranges: Range[] = [];
    ranges = addSegment(ranges, { from: 0, to: 10 }, 100);
    ranges = addSegment(ranges, { from: 50, to: 5000 }, 100);
    ranges = addSegment(ranges, { from: 8, to: 18 }, 100);
    expect(ranges).toEqual([[0, 18]]);
  });
});

describe("fitsElapsedTime", () => {
  it.each<[string, number, number | null, boolean]>([
    ["the first event of a batch", 100, null, true],
    ["ten seconds in ten seconds", 10, 10_000, true],
    ["forty seconds in ten seconds (4× speed)", 42, 10_000, true],
    ["forty-three seconds in ten seconds", 43, 10_000, false],
    ["a little within the slack", 2, 0, true],
    ["a minute in one second", 60, 1000, false],
    ["a clock that went backwards allows only the slack", 5, -3000, false],
  ])("%s", (_name, length, elapsed, expected) => {
    expect(fitsElapsedTime(length, elapsed)).toBe(expected);
  });
});

describe("watched seconds, percent and completion", () => {
  it.each<[string, Range[], number | null, number, number, boolean]>([
    ["nothing watched", [], 100, 0, 0, false],
    [
      "half, in two pieces",
      [
        [0, 25],
        [50, 75],
      ],
      100,
      50,
      50,
      false,
    ],
    [
      "overlaps are not counted twice",
      [
        [0, 30],
        [20, 50],
      ],
      100,
      50,
      50,
      false,
    ],
    ["just under 90 %", [[0, 89.9]], 100, 89.9, 89.9, false],
    ["exactly 90 %", [[0, 90]], 100, 90, 90, true],
    ["90 % with a skipped intro", [[10, 100]], 100, 90, 90, true],
    ["all of it", [[0, 100]], 100, 100, 100, true],
    ["ranges past a shorter duration are cut", [[0, 200]], 100, 200, 100, true],
    ["unknown duration: no percent, never complete", [[0, 500]], null, 500, 0, false],
    ["zero duration: no percent, never complete", [[0, 5]], 0, 5, 0, false],
  ])("%s", (_name, ranges, duration, seconds, percent, complete) => {
    expect(watchedSeconds(ranges)).toBe(seconds);
    expect(percentWatched(ranges, duration)).toBe(percent);
    expect(isComplete(ranges, duration)).toBe(complete);
  });

  it("rounds percent to one decimal", () => {
    expect(percentWatched([[0, 10]], 30)).toBe(33.3);
  });

  it("clamps stored ranges to a duration learned later", () => {
    expect(
      clampRanges(
        [
          [0, 50],
          [150, 160],
        ],
        120,
      ),
    ).toEqual([[0, 50]]);
  });
});

describe("resumePosition", () => {
  it.each<[string, number, number | null, number]>([
    ["never started", 0, 600, 0],
    ["in the middle: where they stopped, whole seconds", 205.7, 600, 205],
    ["just before the tail of a long video", 569, 600, 569],
    ["in the last 5 % of a long video: from the start", 571, 600, 0],
    ["in the last 10 s of a short video: from the start", 51, 60, 0],
    ["11 s before the end of a short video: where they stopped", 49, 60, 49],
    ["at the very end: from the start", 600, 600, 0],
    ["no duration known: where they stopped", 42.9, null, 42],
    ["a negative position: from the start", -5, 600, 0],
    ["NaN: from the start", Number.NaN, 600, 0],
  ])("%s", (_name, position, duration, expected) => {
    expect(resumePosition(position, duration)).toBe(expected);
  });
});

describe("formatClock and parseStartParam", () => {
  it.each<[number, string]>([
    [0, "0:00"],
    [9, "0:09"],
    [205, "3:25"],
    [205.9, "3:25"],
    [3599, "59:59"],
    [3723, "1:02:03"],
    [-4, "0:00"],
  ])("%d s reads %s", (seconds, text) => {
    expect(formatClock(seconds)).toBe(text);
  });

  it.each<[string | null, number | null]>([
    ["205", 205],
    [" 0 ", 0],
    [null, null],
    ["", null],
    ["-3", null],
    ["3:25", null],
    ["1e3", null],
    ["12.5", null],
    ["9999999", null],
  ])("?t=%j → %j", (value, expected) => {
    expect(parseStartParam(value)).toBe(expected);
  });
});

describe("parseRanges", () => {
  it.each<[string, string | null, Range[]]>([
    [
      "stored ranges",
      "[[0,10],[20,30]]",
      [
        [0, 10],
        [20, 30],
      ],
    ],
    ["empty text", "", []],
    ["null", null, []],
    ["not JSON", "{oops", []],
    ["not a list", '{"a":1}', []],
    [
      "junk entries are skipped",
      '[[0,10],"x",[5],[30,20],[40,50]]',
      [
        [0, 10],
        [40, 50],
      ],
    ],
  ])("%s", (_name, text, expected) => {
    expect(parseRanges(text)).toEqual(expected);
  });
});

const event = (overrides: Partial<ProgressEvent> & Pick<ProgressEvent, "type" | "position" | "seq">): ProgressEvent => ({
  contentId: "video-1",
  // Ten seconds of wall clock between consecutive events, like the player's reports.
  at: 1_700_000_000_000 + overrides.seq * 10_000,
  ...overrides,
});

describe("parseProgressBatch", () => {
  const valid = { batchId: "batch-0001", events: [event({ type: "start", position: 0, seq: 0 })] };

  it("accepts a well-formed batch", () => {
    expect(parseProgressBatch(JSON.stringify(valid))).toEqual({ ok: true, batch: valid });
  });

  it.each<[string, unknown, RegExp]>([
    ["not JSON", "{", /not JSON/],
    ["no events", { ...valid, events: [] }, /at least one event/],
    [
      "too many events",
      { ...valid, events: Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, seq) => event({ type: "progress", position: seq, seq })) },
      /at most 100 events/,
    ],
    ["no batch id", { events: valid.events }, /batchId/],
    ["a batch id with odd characters", { ...valid, batchId: "../../etc/passwd" }, /batchId/],
    ["an unknown event type", { ...valid, events: [{ ...valid.events[0], type: "rewind" }] }, /events\.0\.type/],
    ["a position that is text", { ...valid, events: [{ ...valid.events[0], position: "12" }] }, /events\.0\.position/],
    ["a position that was NaN (JSON null)", { ...valid, events: [{ ...valid.events[0], position: null }] }, /events\.0\.position/],
    ["from without to", { ...valid, events: [{ ...valid.events[0], from: 1 }] }, /from and to come together/],
    ["a fractional seq", { ...valid, events: [{ ...valid.events[0], seq: 1.5 }] }, /events\.0\.seq/],
    ["a zero duration", { ...valid, events: [{ ...valid.events[0], duration: 0 }] }, /events\.0\.duration/],
    ["a missing content id", { ...valid, events: [{ ...valid.events[0], contentId: "" }] }, /events\.0\.contentId/],
    ["an array instead of an object", [valid], /expected object/],
  ])("refuses %s with a reason", (_name, body, reason) => {
    const result = parseProgressBatch(typeof body === "string" ? body : JSON.stringify(body));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join("\n")).toMatch(reason);
  });

  it("keeps negative and reversed numbers for the fold to ignore, instead of refusing the batch", () => {
    const batch = { ...valid, events: [event({ type: "progress", position: -1, from: 30, to: 10, seq: 1 })] };
    expect(parseProgressBatch(JSON.stringify(batch)).ok).toBe(true);
  });
});

describe("applyProgressEvents", () => {
  it("records played ranges, the last position and percent", () => {
    const applied = applyProgressEvents(
      null,
      [
        event({ type: "start", position: 0, seq: 0 }),
        event({ type: "progress", position: 10, from: 0, to: 10, seq: 1 }),
        event({ type: "pause", position: 20, from: 10, to: 20, seq: 2 }),
      ],
      100,
    );
    expect(applied).toMatchObject({
      ranges: [[0, 20]],
      positionSeconds: 20,
      durationSeconds: 100,
      watchedSeconds: 20,
      percent: 20,
      complete: false,
      newlyWatchedSeconds: 20,
      playedSeconds: 20,
      starts: 1,
    });
  });

  it("orders events by seq, so a late-arriving earlier event does not move the position back", () => {
    const applied = applyProgressEvents(
      null,
      [
        event({ type: "pause", position: 40, from: 30, to: 40, seq: 5 }),
        event({ type: "progress", position: 30, from: 20, to: 30, seq: 4 }),
      ],
      100,
    );
    expect(applied.positionSeconds).toBe(40);
    expect(applied.ranges).toEqual([[20, 40]]);
  });

  it("counts only seconds not watched before as new, but all played seconds as played", () => {
    const applied = applyProgressEvents(
      { ranges: [[0, 30]], positionSeconds: 30, durationSeconds: 100 },
      [event({ type: "progress", position: 40, from: 20, to: 40, seq: 1 })],
      100,
    );
    expect(applied.newlyWatchedSeconds).toBe(10);
    expect(applied.playedSeconds).toBe(20);
    expect(applied.watchedSeconds).toBe(40);
  });

  it("does not complete a video by seeking to its end", () => {
    const applied = applyProgressEvents(
      null,
      [
        event({ type: "start", position: 0, seq: 0 }),
        event({ type: "seek", position: 98, from: 0, to: 5, seq: 1 }),
        event({ type: "end", position: 100, from: 98, to: 100, seq: 2 }),
      ],
      100,
    );
    expect(applied.complete).toBe(false);
    expect(applied.percent).toBe(7);
    expect(applied.positionSeconds).toBe(100);
  });

  it("ignores a segment that jumps further than a report can cover", () => {
    const applied = applyProgressEvents(null, [event({ type: "progress", position: 95, from: 0, to: 95, seq: 1 })], 3600);
    expect(applied.ranges).toEqual([[0, 95]]);
    const forged = applyProgressEvents(null, [event({ type: "progress", position: 3600, from: 0, to: 3600, seq: 1 })], 3600);
    expect(forged.ranges).toEqual([]);
    expect(forged.complete).toBe(false);
  });

  it("ignores a segment longer than the time since the previous report allows", () => {
    const applied = applyProgressEvents(
      null,
      [
        event({ type: "progress", position: 10, from: 0, to: 10, seq: 1 }),
        // One second later, a report claims a minute and a half of playing.
        { ...event({ type: "progress", position: 100, from: 10, to: 100, seq: 2 }), at: 1_700_000_011_000 },
        // Ten seconds after that, forty seconds at 4× speed is still possible.
        { ...event({ type: "progress", position: 140, from: 100, to: 140, seq: 3 }), at: 1_700_000_021_000 },
      ],
      600,
    );
    expect(applied.ranges).toEqual([
      [0, 10],
      [100, 140],
    ]);
  });

  it("prefers the server's duration over the browser's, and clamps the position to it", () => {
    const applied = applyProgressEvents(null, [event({ type: "end", position: 500, from: 60, to: 120, duration: 500, seq: 1 })], 100);
    expect(applied.durationSeconds).toBe(100);
    expect(applied.positionSeconds).toBe(100);
    expect(applied.ranges).toEqual([[60, 100]]);
  });

  it("falls back to the browser's latest duration, then to the stored one", () => {
    const reported = applyProgressEvents(
      null,
      [event({ type: "start", position: 0, duration: 50, seq: 0 }), event({ type: "progress", position: 5, duration: 60, seq: 1 })],
      null,
    );
    expect(reported.durationSeconds).toBe(60);
    const stored = applyProgressEvents(
      { ranges: [], positionSeconds: 0, durationSeconds: 80 },
      [event({ type: "pause", position: 5, seq: 1 })],
      null,
    );
    expect(stored.durationSeconds).toBe(80);
  });

  it("clamps a negative position to zero", () => {
    expect(applyProgressEvents(null, [event({ type: "seek", position: -3, seq: 1 })], 100).positionSeconds).toBe(0);
  });

  it("is idempotent: the same events applied twice change nothing more", () => {
    const events = [event({ type: "progress", position: 50, from: 40, to: 50, seq: 1 })];
    const once = applyProgressEvents(null, events, 100);
    const twice = applyProgressEvents(once, events, 100);
    expect(twice.ranges).toEqual(once.ranges);
    expect(twice.newlyWatchedSeconds).toBe(0);
  });

  it("completes at 90 % of real ranges", () => {
    const events = Array.from({ length: 9 }, (_, i) =>
      event({ type: "progress", position: (i + 1) * 10, from: i * 10, to: (i + 1) * 10, seq: i }),
    );
    const applied = applyProgressEvents(null, events, 100);
    expect(applied.percent).toBe(90);
    expect(applied.complete).toBe(true);
  });
});
