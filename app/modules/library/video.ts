// Pure pieces of the video capability: what a player needs, the chunked-upload protocol, and
// recognising a video file by its first bytes. No Prisma, no Request.

/** What the player gets for a READY video; the same shape whichever provider stores it. */
export type LocalPlayback = {
  kind: "local";
  src: string;
  mimeType: string;
  durationSeconds: number | null;
  captions?: { src: string; lang: string };
};

export type MuxPlayback = {
  kind: "mux";
  playbackId: string;
  /** Signed JWTs for the stream, the poster image and the seek-bar storyboard. */
  tokens: { playback: string; thumbnail: string; storyboard: string };
  durationSeconds: number | null;
};

export type VideoPlayback = LocalPlayback | MuxPlayback;

export const ACCEPTED_VIDEO_TYPES = ["video/mp4", "video/webm", "video/ogg", "video/quicktime"] as const;
export type AcceptedVideoType = (typeof ACCEPTED_VIDEO_TYPES)[number];

export const NOT_A_VIDEO_MESSAGE = "This file is not a video Lyceum can play. Upload an MP4, WebM, Ogg or QuickTime (.mov) file.";

/** Bytes needed to recognise a file; fewer are enough only when the whole file is shorter. */
export const SNIFF_BYTES = 64;

/**
 * The container, from the file's first bytes (never from its name or the browser's guess).
 * MP4 and QuickTime start with a box whose type sits at bytes 4–8 ("ftyp", or for older
 * QuickTime files "moov"/"mdat"/"wide"/"free"); the ftyp brand "qt  " marks QuickTime. WebM is
 * an EBML document (1A 45 DF A3) whose DocType says "webm"; Ogg pages begin "OggS".
 */
export function sniffVideoType(head: Uint8Array): AcceptedVideoType | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(4, 8) === "ftyp") return ascii(8, 12) === "qt  " ? "video/quicktime" : "video/mp4";
  if (head.length >= 8 && ["moov", "mdat", "wide", "free"].includes(ascii(4, 8))) return "video/quicktime";
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    // Matroska (.mkv) shares the EBML header; only its WebM profile is accepted.
    return ascii(4, Math.min(head.length, SNIFF_BYTES)).includes("webm") ? "video/webm" : null;
  }
  if (head.length >= 4 && ascii(0, 4) === "OggS") return "video/ogg";
  return null;
}

/** One chunk of an upload, as UpChunk (and Google's resumable uploads) describe it. */
export type ContentRange = { start: number; end: number; total: number } | { start: null; end: null; total: number };

/**
 * Reads `Content-Range: bytes <start>-<end>/<total>` (end inclusive), or `bytes * /<total>`
 * (written without the space), which asks how much has arrived without sending bytes.
 */
export function parseContentRange(header: string | null): ContentRange | null {
  if (!header) return null;
  const query = /^bytes \*\/(\d{1,15})$/.exec(header.trim());
  if (query) {
    const total = Number(query[1]);
    return total > 0 ? { start: null, end: null, total } : null;
  }
  const match = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(header.trim());
  if (!match) return null;
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (end < start || end >= total) return null;
  return { start, end, total };
}

/** The `Range` header of a 308 answer: the bytes stored so far (none: no header at all). */
export function storedRange(receivedBytes: number): string | null {
  return receivedBytes > 0 ? `bytes=0-${receivedBytes - 1}` : null;
}

/** What to do with a chunk, given what the server already holds. */
export type ChunkPlan =
  { action: "write" } | { action: "already-stored" } | { action: "refuse"; reason: "gap" | "overlap"; expectedStart: number };

/**
 * Chunks must arrive in order: the next one starts exactly where the stored bytes end. One that
 * ends inside what is stored is a retry of a chunk we already have (its answer got lost); one
 * that starts later would leave a hole, and one that straddles the end disagrees with what was
 * sent before: both are refused with the offset expected.
 */
export function planChunk(range: { start: number; end: number }, receivedBytes: number): ChunkPlan {
  if (range.start === receivedBytes) return { action: "write" };
  if (range.end < receivedBytes) return { action: "already-stored" };
  return { action: "refuse", reason: range.start > receivedBytes ? "gap" : "overlap", expectedStart: receivedBytes };
}

export function megabytes(bytes: number) {
  return Math.ceil(bytes / (1024 * 1024));
}

/** A WebVTT file starts with "WEBVTT" (after an optional byte-order mark), then a break or space. */
export function isWebVtt(text: string) {
  return /^\uFEFF?WEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|$)/.test(text);
}
