import {
  MAX_BATCH_EVENTS,
  ProgressBatchSchema,
  ProgressEventSchema,
  type ProgressBatch,
  type ProgressEvent,
  type ProgressEventType,
} from "~/modules/library/progress.ts";

// The browser side of video progress, as pure functions: what the media element's events mean as
// played segments (the tracker), and the queue of reports waiting to reach the server. The React
// hook (use-media-progress.ts) only feeds these and does the sending.

/** A progress report every this many seconds of playing. */
export const REPORT_EVERY_SECONDS = 10;
/** Send without waiting for the page to hide once this many events wait. */
export const FLUSH_AT_EVENTS = 6;
/** Beyond this, the oldest reports are dropped: a tab offline for hours must not fill sessionStorage. */
export const MAX_QUEUED_EVENTS = 600;

// --- The tracker ------------------------------------------------------------------------------

export type MediaSignal = {
  kind: "play" | "timeupdate" | "pause" | "seeking" | "ended" | "checkpoint";
  /** The element's currentTime, seconds. */
  time: number;
  /** Wall clock, ms (Date.now()). */
  wall: number;
  /** playbackRate; 1 when absent. */
  rate?: number;
};

export type EventDraft = { type: ProgressEventType; position: number; from?: number; to?: number };

export type TrackerState = {
  started: boolean;
  playing: boolean;
  /** Where the played stretch not yet reported began; null while nothing is being played. */
  segmentStart: number | null;
  lastTime: number;
  lastWall: number;
  /** Wall seconds of playing since the last report. */
  sinceReport: number;
};

export function initialTracker(): TrackerState {
  return { started: false, playing: false, segmentStart: null, lastTime: 0, lastWall: 0, sinceReport: 0 };
}

const finite = (value: number) => (Number.isFinite(value) ? value : 0);

/**
 * Whether moving from the last time to `time` is playing on, rather than a jump (a seek the
 * element did not announce, a stall recovered by skipping): forward, and no faster than the wall
 * clock at this speed allows, with a second of slack for coarse timeupdate ticks.
 */
function playedOn(state: TrackerState, time: number, wall: number, rate: number): boolean {
  const delta = time - state.lastTime;
  const wallSeconds = Math.max(0, wall - state.lastWall) / 1000;
  return delta >= -0.05 && delta <= wallSeconds * Math.max(rate, 1) * 1.5 + 1;
}

function segment(from: number | null, to: number): Pick<EventDraft, "from" | "to"> {
  return from !== null && to > from ? { from, to } : {};
}

/**
 * One media element signal in, the reports it causes out. Segments never cross a seek: a seek (or a
 * jump) closes the stretch played so far and starts a new one at the target.
 */
export function trackMedia(state: TrackerState, signal: MediaSignal): { state: TrackerState; events: EventDraft[] } {
  const time = Math.max(0, finite(signal.time));
  const { wall } = signal;
  const rate = signal.rate ?? 1;
  const moved = { lastTime: time, lastWall: wall };

  switch (signal.kind) {
    case "play": {
      const events: EventDraft[] = state.started ? [] : [{ type: "start", position: time }];
      return { state: { ...state, ...moved, started: true, playing: true, segmentStart: time }, events };
    }
    case "timeupdate":
    case "checkpoint": {
      if (!state.playing || state.segmentStart === null) return { state: { ...state, ...moved }, events: [] };
      if (!playedOn(state, time, wall, rate)) {
        const events: EventDraft[] = [{ type: "seek", position: time, ...segment(state.segmentStart, state.lastTime) }];
        return { state: { ...state, ...moved, segmentStart: time, sinceReport: 0 }, events };
      }
      const sinceReport = state.sinceReport + Math.max(0, wall - state.lastWall) / 1000;
      const due = signal.kind === "checkpoint" || sinceReport >= REPORT_EVERY_SECONDS;
      if (!due || time <= state.segmentStart) return { state: { ...state, ...moved, sinceReport }, events: [] };
      return {
        state: { ...state, ...moved, segmentStart: time, sinceReport: 0 },
        events: [{ type: "progress", position: time, from: state.segmentStart, to: time }],
      };
    }
    case "seeking": {
      const events: EventDraft[] = [
        { type: "seek", position: time, ...(state.playing ? segment(state.segmentStart, state.lastTime) : {}) },
      ];
      return { state: { ...state, ...moved, segmentStart: state.playing ? time : null, sinceReport: 0 }, events };
    }
    case "pause":
    case "ended": {
      const end = state.playing && playedOn(state, time, wall, rate) ? time : state.lastTime;
      const played = state.playing ? segment(state.segmentStart, end) : {};
      const next = { ...state, ...moved, playing: false, segmentStart: null, sinceReport: 0 };
      if (signal.kind === "ended") return { state: next, events: [{ type: "end", position: time, ...played }] };
      // The element fires pause before ended; a pause while already stopped says nothing new.
      return { state: next, events: state.playing ? [{ type: "pause", position: time, ...played }] : [] };
    }
  }
}

// --- The queue --------------------------------------------------------------------------------

export type QueueState = {
  /** The next event's sequence number; kept across reloads so order survives them. */
  seq: number;
  /** Events not yet put in a batch. */
  pending: ProgressEvent[];
  /** Batches sent or about to be, kept until the server has answered (with the same batchId for a retry). */
  outbox: ProgressBatch[];
};

export function emptyQueue(): QueueState {
  return { seq: 0, pending: [], outbox: [] };
}

const isBareSeek = (event: Pick<ProgressEvent, "type" | "from">) => event.type === "seek" && event.from === undefined;

function queuedCount(queue: QueueState) {
  return queue.pending.length + queue.outbox.reduce((sum, batch) => sum + batch.events.length, 0);
}

/** Drops the oldest events (batches first, being the oldest) until the queue is within its cap. */
function capQueue(queue: QueueState): QueueState {
  let { pending, outbox } = queue;
  let excess = queuedCount(queue) - MAX_QUEUED_EVENTS;
  while (excess > 0 && outbox.length > 0) {
    excess -= outbox[0]!.events.length;
    outbox = outbox.slice(1);
  }
  if (excess > 0) pending = pending.slice(excess);
  return { ...queue, pending, outbox };
}

/**
 * Stamps drafts with the item, time and sequence and queues them. Dragging the scrubber fires a run
 * of seeks with nothing played between them; only the last one is kept.
 */
export function enqueue(
  queue: QueueState,
  drafts: readonly EventDraft[],
  meta: { contentId: string; now: number; duration?: number | null },
): QueueState {
  let { seq } = queue;
  const pending = [...queue.pending];
  const duration = meta.duration && Number.isFinite(meta.duration) && meta.duration > 0 ? { duration: meta.duration } : {};
  for (const draft of drafts) {
    const event: ProgressEvent = { contentId: meta.contentId, ...draft, ...duration, at: meta.now, seq: seq++ };
    const last = pending.at(-1);
    if (last && isBareSeek(event) && isBareSeek(last) && last.contentId === event.contentId) pending.pop();
    pending.push(event);
  }
  return capQueue({ ...queue, seq, pending });
}

/** Moves up to a batch's worth of pending events into the outbox under `batchId`. */
export function takeBatch(queue: QueueState, batchId: string): QueueState {
  if (queue.pending.length === 0) return queue;
  const events = queue.pending.slice(0, MAX_BATCH_EVENTS);
  return { ...queue, pending: queue.pending.slice(events.length), outbox: [...queue.outbox, { batchId, events }] };
}

/** Every pending event into batches, each with an id from `newId`. */
export function batchAll(queue: QueueState, newId: () => string): QueueState {
  let next = queue;
  while (next.pending.length > 0) next = takeBatch(next, newId());
  return next;
}

export type Disposition = "delivered" | "rejected" | "retry";

/**
 * What an answer means for the batch: 2xx arrived; another 4xx will never be accepted (malformed,
 * signed out, not available), so it is dropped; 408, 429, 5xx and network failures (null) are tried
 * again later with the same batchId, which the server counts once.
 */
export function dispositionOf(status: number | null): Disposition {
  if (status === null) return "retry";
  if (status >= 200 && status < 300) return "delivered";
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return "rejected";
  return "retry";
}

/** Settles a batch: a delivered or rejected one leaves the outbox, a retried one stays. */
export function settleBatch(queue: QueueState, batchId: string, disposition: Disposition): QueueState {
  if (disposition === "retry") return queue;
  return { ...queue, outbox: queue.outbox.filter((batch) => batch.batchId !== batchId) };
}

export function shouldFlushSoon(queue: QueueState): boolean {
  return queue.pending.length >= FLUSH_AT_EVENTS;
}

export function serializeQueue(queue: QueueState): string {
  return JSON.stringify(queue);
}

/** What sessionStorage held, checked event by event; anything unreadable is dropped, never thrown. */
export function restoreQueue(text: string | null | undefined): QueueState {
  if (!text) return emptyQueue();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return emptyQueue();
  }
  if (!value || typeof value !== "object") return emptyQueue();
  const raw = value as { seq?: unknown; pending?: unknown; outbox?: unknown };
  const pending = Array.isArray(raw.pending)
    ? raw.pending.flatMap((event) => {
        const parsed = ProgressEventSchema.safeParse(event);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  const outbox = Array.isArray(raw.outbox)
    ? raw.outbox.flatMap((batch) => {
        const parsed = ProgressBatchSchema.safeParse(batch);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  const highest = Math.max(-1, ...pending.map((event) => event.seq), ...outbox.flatMap((batch) => batch.events.map((event) => event.seq)));
  const seq = typeof raw.seq === "number" && Number.isInteger(raw.seq) && raw.seq > highest ? raw.seq : highest + 1;
  return capQueue({ seq, pending, outbox });
}

/** A batch id the server accepts: a UUID where the browser has one, random letters otherwise. */
export function newBatchId(random: () => number = Math.random): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: 24 }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
}
