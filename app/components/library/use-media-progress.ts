import { useCallback, useEffect, useRef } from "react";
import {
  batchAll,
  dispositionOf,
  enqueue,
  initialTracker,
  newBatchId,
  restoreQueue,
  serializeQueue,
  settleBatch,
  shouldFlushSoon,
  trackMedia,
  type MediaSignal,
  type QueueState,
} from "./progress-client.ts";

// The DOM glue for video progress: listens to a media element, keeps the reports in a per-tab queue
// mirrored to sessionStorage (a reload loses nothing), and sends them to /api/progress: by fetch
// while the page is in use, by sendBeacon when it is hidden or closed.

const ENDPOINT = "/api/progress";
const STORAGE_KEY = "lyceum:video-progress";

let queue: QueueState | null = null;
const inFlight = new Set<string>();
/** Closes every attached player's open segment, so a hidden page reports up to the last second. */
const checkpoints = new Set<() => void>();

function readQueue(): QueueState {
  if (!queue) {
    try {
      queue = restoreQueue(sessionStorage.getItem(STORAGE_KEY));
    } catch {
      queue = restoreQueue(null);
    }
  }
  return queue;
}

function writeQueue(next: QueueState) {
  queue = next;
  try {
    sessionStorage.setItem(STORAGE_KEY, serializeQueue(next));
  } catch {
    // Storage full or blocked: the queue still lives in memory for this page.
  }
}

function beacon(body: string): boolean {
  if (typeof navigator.sendBeacon !== "function") return false;
  // Chromium has at times refused non-safelisted Blob types in beacons (crbug 490015); the endpoint
  // takes text/plain JSON too.
  for (const type of ["application/json", "text/plain"]) {
    try {
      if (navigator.sendBeacon(ENDPOINT, new Blob([body], { type }))) return true;
    } catch {
      // try the next type
    }
  }
  return false;
}

async function post(batchId: string, body: string) {
  inFlight.add(batchId);
  let status: number | null = null;
  try {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      keepalive: true,
    });
    status = response.status;
  } catch {
    status = null;
  } finally {
    inFlight.delete(batchId);
  }
  writeQueue(settleBatch(readQueue(), batchId, dispositionOf(status)));
}

/**
 * Sends everything queued. "beacon" is for a page going away: sendBeacon hands the request to the
 * browser, which delivers it after the page is gone; a refused beacon falls back to a keepalive fetch.
 */
export function flushProgress(mode: "fetch" | "beacon") {
  if (mode === "beacon") for (const checkpoint of checkpoints) checkpoint();
  const batched = batchAll(readQueue(), newBatchId);
  writeQueue(batched);
  for (const batch of batched.outbox) {
    if (inFlight.has(batch.batchId)) continue;
    const body = JSON.stringify(batch);
    if (mode === "beacon" && beacon(body)) {
      writeQueue(settleBatch(readQueue(), batch.batchId, "delivered"));
      continue;
    }
    void post(batch.batchId, body);
  }
}

function watchElement(element: HTMLMediaElement, contentId: string): () => void {
  let tracker = initialTracker();
  const signal = (kind: MediaSignal["kind"]) => {
    const step = trackMedia(tracker, { kind, time: element.currentTime, wall: Date.now(), rate: element.playbackRate });
    tracker = step.state;
    if (step.events.length === 0) return;
    const next = enqueue(readQueue(), step.events, { contentId, now: Date.now(), duration: element.duration });
    writeQueue(next);
    if (kind === "pause" || kind === "ended" || shouldFlushSoon(next)) flushProgress("fetch");
  };
  const kinds = ["play", "timeupdate", "pause", "seeking", "ended"] as const;
  const handlers = kinds.map((kind) => [kind, () => signal(kind)] as const);
  for (const [kind, handler] of handlers) element.addEventListener(kind, handler);
  const checkpoint = () => signal("checkpoint");
  checkpoints.add(checkpoint);
  return () => {
    // Leaving mid-play (navigating away, the player replaced) reports the stretch played so far.
    signal("pause");
    checkpoints.delete(checkpoint);
    for (const [kind, handler] of handlers) element.removeEventListener(kind, handler);
  };
}

/**
 * Progress tracking for one library video. Pass `attach` as the player's `onMediaElement`; pass
 * `enabled: false` where viewing must not be recorded (staff previews).
 */
export function useMediaProgress({ contentId, enabled = true }: { contentId: string; enabled?: boolean }) {
  const detach = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flushProgress("beacon");
    };
    const onPageHide = () => flushProgress("beacon");
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onPageHide);
    // Reports a reload or a closed tab left in sessionStorage.
    flushProgress("fetch");
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onPageHide);
      detach.current?.();
      detach.current = null;
      flushProgress("fetch");
    };
  }, [enabled]);

  return useCallback(
    (element: HTMLMediaElement | null) => {
      detach.current?.();
      detach.current = null;
      if (element && enabled) detach.current = watchElement(element, contentId);
    },
    [contentId, enabled],
  );
}
