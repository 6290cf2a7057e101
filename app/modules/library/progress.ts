import { z } from "zod";

/**
 * How much of a video a person has watched, from the segments their player reports. Only seconds
 * actually played count: seeking to the end moves the position but watches nothing, so it never
 * completes a video.
 *
 * A worked example, a 200 s video:
 *   played [0, 30], seeked to 100, played [100, 130], went back, played [25, 40]
 *   ranges  [[0, 40], [100, 130]]  →  70 s watched  →  35 %
 */

export type Range = [start: number, end: number];

/** Watched this share of the duration, by played ranges, and the video is complete. */
export const COMPLETE_FRACTION = 0.9;
/** One report never covers more media than this; longer is a clock jump or a forged segment. */
export const MAX_SEGMENT_SECONDS = 120;
/** No video in the library is longer; durations and positions are clamped to it. */
export const MAX_DURATION_SECONDS = 24 * 60 * 60;
/**
 * A report cannot cover more media than the wall-clock time since the previous report allows, at the
 * fastest playback speed players offer plus a little slack: a longer one is a glitch (or forged).
 */
export const MAX_PLAYBACK_RATE = 4;
export const REPORT_SLACK_SECONDS = 2;
/** Ranges closer than this merge: consecutive reports meet within a timeupdate tick. */
export const MERGE_GAP_SECONDS = 0.5;
/** Stopping in the last 5 % (or the last 10 s, whichever is longer) means the next visit starts over. */
export const RESUME_TAIL_FRACTION = 0.05;
export const RESUME_TAIL_SECONDS = 10;

const round2 = (value: number) => Math.round(value * 100) / 100;

function usableDuration(duration: number | null | undefined): number | null {
  if (typeof duration !== "number" || !Number.isFinite(duration) || duration <= 0) return null;
  return Math.min(duration, MAX_DURATION_SECONDS);
}

function isRange(value: unknown): value is Range {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === "number" &&
    typeof value[1] === "number" &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1]) &&
    value[0] >= 0 &&
    value[1] > value[0]
  );
}

/** Sorts and merges overlapping or touching ranges; anything that is not a forward range is dropped. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(isRange).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1] + MERGE_GAP_SECONDS) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => [round2(start), round2(end)]);
}

/** Cuts ranges to [0, duration]; with no known duration they are only cut to the longest video. */
export function clampRanges(ranges: readonly Range[], duration: number | null): Range[] {
  const limit = usableDuration(duration) ?? MAX_DURATION_SECONDS;
  return mergeRanges(ranges.filter(isRange).map(([start, end]): Range => [start, Math.min(end, limit)]));
}

/** A played segment as a range, or null when it is not believable (see MAX_SEGMENT_SECONDS). */
export function segmentRange(from: number, to: number, duration: number | null): Range | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  if (from < 0 || to <= from || to - from > MAX_SEGMENT_SECONDS) return null;
  const limit = usableDuration(duration) ?? MAX_DURATION_SECONDS;
  if (from >= limit) return null;
  return [from, Math.min(to, limit)];
}

/** Adds one played segment [from, to]; a segment that is not believable leaves the ranges as they were. */
export function addSegment(ranges: readonly Range[], segment: { from: number; to: number }, duration: number | null): Range[] {
  const range = segmentRange(segment.from, segment.to, duration);
  return range ? mergeRanges([...ranges, range]) : mergeRanges(ranges);
}

export function watchedSeconds(ranges: readonly Range[]): number {
  return round2(mergeRanges(ranges).reduce((sum, [start, end]) => sum + (end - start), 0));
}

/** 0–100 with one decimal, of the duration; 0 while the duration is unknown. */
export function percentWatched(ranges: readonly Range[], duration: number | null): number {
  const total = usableDuration(duration);
  if (!total) return 0;
  const watched = watchedSeconds(clampRanges(ranges, total));
  return Math.min(100, Math.round((watched / total) * 1000) / 10);
}

export function isComplete(ranges: readonly Range[], duration: number | null): boolean {
  const total = usableDuration(duration);
  if (!total) return false;
  return watchedSeconds(clampRanges(ranges, total)) >= total * COMPLETE_FRACTION - 1e-9;
}

/**
 * Where the next visit starts, in whole seconds: where they stopped, unless that was in the closing
 * stretch (last 5 % or last 10 s), where the credits are and starting over is what people want.
 */
export function resumePosition(position: number, duration: number | null): number {
  if (!Number.isFinite(position) || position <= 0) return 0;
  const total = usableDuration(duration);
  if (!total) return Math.floor(Math.min(position, MAX_DURATION_SECONDS));
  const tail = Math.max(total * RESUME_TAIL_FRACTION, RESUME_TAIL_SECONDS);
  if (position >= total - tail) return 0;
  return Math.floor(position);
}

/** Stored `watchedRanges` text back to ranges; anything unreadable counts as nothing watched. */
export function parseRanges(text: string | null | undefined): Range[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? mergeRanges(value.filter(isRange)) : [];
  } catch {
    return [];
  }
}

/** 205 → "3:25", 3723 → "1:02:03". */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** The `?t=` of a library link: whole seconds, or null when absent or not a plain number. */
export function parseStartParam(value: string | null | undefined): number | null {
  if (value == null || !/^\d{1,6}$/.test(value.trim())) return null;
  return Math.min(Number(value.trim()), MAX_DURATION_SECONDS);
}

// --- What the player sends -------------------------------------------------------------------

export const PROGRESS_EVENT_TYPES = ["start", "progress", "pause", "end", "seek"] as const;
export type ProgressEventType = (typeof PROGRESS_EVENT_TYPES)[number];

export const MAX_BATCH_EVENTS = 100;
/** Largest request body the progress endpoint reads; a full batch is about a quarter of it. */
export const MAX_BATCH_BYTES = 64 * 1024;

// z.number() refuses NaN and ±Infinity, so every number below is finite.
export const ProgressEventSchema = z
  .object({
    contentId: z.string().min(1).max(100),
    type: z.enum(PROGRESS_EVENT_TYPES),
    position: z.number(),
    from: z.number().optional(),
    to: z.number().optional(),
    duration: z.number().positive().optional(),
    at: z.number().int().positive(),
    seq: z.number().int().min(0),
  })
  .refine((event) => (event.from === undefined) === (event.to === undefined), {
    error: "from and to come together",
    path: ["to"],
  });
export type ProgressEvent = z.output<typeof ProgressEventSchema>;

export const ProgressBatchSchema = z.object({
  // Generated by the browser for each batch it sends and kept when it resends: the server counts a
  // batch once.
  batchId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "batchId is 8–64 letters, digits, - or _" }),
  events: z
    .array(ProgressEventSchema)
    .min(1, { error: "a batch has at least one event" })
    .max(MAX_BATCH_EVENTS, { error: `a batch has at most ${MAX_BATCH_EVENTS} events` }),
});
export type ProgressBatch = z.output<typeof ProgressBatchSchema>;

/** Readable reasons for a refused batch: "events.3.position: Invalid input: expected number…". */
export function batchProblems(error: z.ZodError, limit = 10): string[] {
  return error.issues.slice(0, limit).map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
}

export type ParsedBatch = { ok: true; batch: ProgressBatch } | { ok: false; problems: string[] };

/** JSON text to a batch, or the reasons it is not one. */
export function parseProgressBatch(text: string): ParsedBatch {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ["the body is not JSON"] };
  }
  const parsed = ProgressBatchSchema.safeParse(value);
  return parsed.success ? { ok: true, batch: parsed.data } : { ok: false, problems: batchProblems(parsed.error) };
}

// --- Folding a batch into what is stored ------------------------------------------------------

export type StoredProgress = { ranges: Range[]; positionSeconds: number; durationSeconds: number | null };

export type AppliedProgress = StoredProgress & {
  watchedSeconds: number;
  percent: number;
  complete: boolean;
  /** Seconds of the video watched for the first time in these events. */
  newlyWatchedSeconds: number;
  /** Seconds played in these events, re-watching included. */
  playedSeconds: number;
  /** How many times playback started. */
  starts: number;
};

/**
 * Whether a segment of this length fits in the time since the item's previous event (client clock,
 * ms). The first event of a batch has nothing to compare with and is bounded by MAX_SEGMENT_SECONDS.
 */
export function fitsElapsedTime(lengthSeconds: number, elapsedMs: number | null): boolean {
  if (elapsedMs === null) return true;
  return lengthSeconds <= (Math.max(0, elapsedMs) / 1000) * MAX_PLAYBACK_RATE + REPORT_SLACK_SECONDS;
}

/** Events of one item in the order they happened in the player. */
export function orderEvents<T extends Pick<ProgressEvent, "seq" | "at">>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => a.seq - b.seq || a.at - b.at);
}

/**
 * Folds one item's events into its stored progress. The duration the server knows (from the video
 * provider) wins over what the browser reports; positions and ranges are clamped to it.
 */
export function applyProgressEvents(
  previous: StoredProgress | null,
  events: readonly ProgressEvent[],
  knownDuration: number | null,
): AppliedProgress {
  const ordered = orderEvents(events);
  const reported = [...ordered].reverse().find((event) => usableDuration(event.duration) !== null)?.duration ?? null;
  const duration = usableDuration(knownDuration) ?? usableDuration(reported) ?? usableDuration(previous?.durationSeconds);
  const before = clampRanges(previous?.ranges ?? [], duration);
  let ranges = before;
  let playedSeconds = 0;
  let previousAt: number | null = null;
  for (const event of ordered) {
    const elapsedMs = previousAt === null ? null : event.at - previousAt;
    previousAt = event.at;
    if (event.from === undefined || event.to === undefined) continue;
    const range = segmentRange(event.from, event.to, duration);
    if (!range || !fitsElapsedTime(range[1] - range[0], elapsedMs)) continue;
    playedSeconds += range[1] - range[0];
    ranges = mergeRanges([...ranges, range]);
  }
  const last = ordered.at(-1);
  const limit = duration ?? MAX_DURATION_SECONDS;
  const positionSeconds = last ? round2(Math.min(Math.max(last.position, 0), limit)) : (previous?.positionSeconds ?? 0);
  const watched = watchedSeconds(ranges);
  return {
    ranges,
    positionSeconds,
    durationSeconds: duration,
    watchedSeconds: watched,
    percent: percentWatched(ranges, duration),
    complete: isComplete(ranges, duration),
    newlyWatchedSeconds: round2(Math.max(0, watched - watchedSeconds(before))),
    playedSeconds: round2(playedSeconds),
    starts: ordered.filter((event) => event.type === "start").length,
  };
}
