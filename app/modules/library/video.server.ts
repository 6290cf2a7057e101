import fs from "node:fs/promises";
import { audienceIncludes } from "~/modules/accounts/audience.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { isUniqueViolation, prisma, type Db, type Tx } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { readLimitedText } from "~/utils/webhook-body.server.ts";
import { newStorageKey, pathForKey, putFile, removeFile, writeAt } from "~/providers/storage.server.ts";
import {
  addCaptions,
  captionsTokenValid,
  createUpload,
  discardVideo,
  GENERATED_CAPTIONS,
  InvalidWebhookError,
  playbackFor,
  verifyMuxWebhook,
  videoDriverName,
  type MuxWebhookEvent,
} from "~/providers/video.server.ts";
import { customerTier } from "./viewer.server.ts";
import {
  isWebVtt,
  megabytes,
  NOT_A_VIDEO_MESSAGE,
  parseContentRange,
  planChunk,
  sniffVideoType,
  SNIFF_BYTES,
  storedRange,
  type VideoPlayback,
} from "./video.ts";

export type { VideoPlayback } from "./video.ts";

const PLAYBACK_SELECT = {
  id: true,
  contentId: true,
  provider: true,
  status: true,
  mimeType: true,
  muxPlaybackId: true,
  durationSeconds: true,
  captionsKey: true,
  captionsLang: true,
} as const;

function refuseUnlessPublisher(actor: Actor) {
  // Staff learn that the screen exists; customers do not.
  if (!can(actor, "console.view")) throw new DomainError(404, "This item was not found.");
  if (!can(actor, "library.manage")) throw new DomainError(403, "Only publishers can change a video.");
}

function maxUploadBytes() {
  return getEnv().UPLOAD_MAX_MB * 1024 * 1024;
}

function tooLargeMessage(bytes: number) {
  const max = getEnv().UPLOAD_MAX_MB;
  return `This video is ${megabytes(bytes).toLocaleString("en")} MB; the largest upload this Lyceum accepts is ${max.toLocaleString("en")} MB (UPLOAD_MAX_MB).`;
}

async function requireVideoItem(db: Tx, contentId: string) {
  const item = await db.contentItem.findUnique({ where: { id: contentId }, select: { id: true, kind: true, title: true, status: true } });
  if (!item) throw new DomainError(404, "This item was not found.");
  if (item.kind !== "VIDEO") throw new DomainError(409, "Only video items have a video. This item is a document.");
  return item;
}

/** The player's view of an item's video: null unless it is READY (and, for Mux, can be signed). */
export async function getVideoPlayback(contentId: string): Promise<VideoPlayback | null> {
  const video = await prisma.video.findUnique({ where: { contentId }, select: PLAYBACK_SELECT });
  if (!video || video.status !== "READY") return null;
  return playbackFor(video);
}

/** What the publisher's video screen shows. */
export async function getVideoScreen(actor: Actor, contentId: string) {
  refuseUnlessPublisher(actor);
  const item = await requireVideoItem(prisma, contentId);
  const video = await prisma.video.findUnique({
    where: { contentId },
    select: {
      ...PLAYBACK_SELECT,
      error: true,
      receivedBytes: true,
      sizeBytes: true,
      updatedAt: true,
    },
  });
  return {
    item,
    driver: videoDriverName(),
    maxMegabytes: getEnv().UPLOAD_MAX_MB,
    video: video && {
      status: video.status,
      provider: video.provider,
      error: video.error,
      receivedBytes: video.receivedBytes,
      sizeBytes: video.sizeBytes,
      durationSeconds: video.durationSeconds,
      captions:
        video.captionsKey === GENERATED_CAPTIONS
          ? ({ kind: "generated", lang: video.captionsLang ?? "en" } as const)
          : video.captionsKey
            ? ({ kind: "uploaded", lang: video.captionsLang ?? "en" } as const)
            : null,
      updatedAt: video.updatedAt,
    },
    playback: video?.status === "READY" ? await playbackFor(video) : null,
  };
}

/**
 * Starts a new upload for a video item, replacing the video it had (a replaced video's uploads
 * and files are gone with it). The row is written first so the local endpoint has an id to
 * answer at; a Mux upload that cannot be created leaves the row ERRORED with the reason.
 * `durationSeconds` comes from the publisher's browser (local videos are not probed here);
 * Mux reports its own when the asset is ready.
 */
export async function startVideoUpload(
  actor: Actor,
  contentId: string,
  options: { sizeBytes?: number | null; durationSeconds?: number | null; corsOrigin?: string } = {},
) {
  refuseUnlessPublisher(actor);
  if (options.sizeBytes && options.sizeBytes > maxUploadBytes()) throw new DomainError(400, tooLargeMessage(options.sizeBytes), "file");
  const driver = videoDriverName();
  const { video, previous } = await prisma.$transaction(async (tx) => {
    await requireVideoItem(tx, contentId);
    const previous = await tx.video.findUnique({
      where: { contentId },
      select: { id: true, provider: true, storageKey: true, captionsKey: true, muxAssetId: true, muxUploadId: true },
    });
    await tx.video.deleteMany({ where: { contentId } });
    const video = await tx.video.create({
      data: {
        contentId,
        provider: driver === "mux" ? "MUX" : "LOCAL",
        status: "WAITING",
        durationSeconds: driver === "local" ? (options.durationSeconds ?? null) : null,
        // Mux generates English captions from the audio (see createUpload).
        captionsKey: driver === "mux" ? GENERATED_CAPTIONS : null,
        captionsLang: driver === "mux" ? "en" : null,
      },
      select: { id: true },
    });
    return { video, previous };
  });
  if (previous) await discardPrevious(previous);

  try {
    const upload = await createUpload({ contentId, videoId: video.id, corsOrigin: options.corsOrigin ?? getEnv().APP_URL });
    await prisma.video.update({
      where: { id: video.id },
      data: { muxUploadId: upload.muxUploadId ?? null, storageKey: upload.storageKey ?? null },
    });
    logger.info("video upload started", { contentId, videoId: video.id, driver });
    return { videoId: video.id, uploadUrl: upload.uploadUrl, driver };
  } catch (error) {
    logger.error("video upload could not start", { contentId, videoId: video.id, driver, error });
    await prisma.video.updateMany({
      where: { id: video.id },
      data: { status: "ERRORED", error: "The video service did not accept the upload. Try again in a few minutes." },
    });
    throw new DomainError(409, "The video service did not accept the upload. Try again in a few minutes.");
  }
}

/** Best effort: a file or Mux asset left behind costs space, not correctness; it is logged. */
async function discardPrevious(previous: Parameters<typeof discardVideo>[0] & { id: string; captionsKey: string | null }) {
  await discardVideo(previous).catch((error: unknown) => logger.warn("replaced video not discarded", { videoId: previous.id, error }));
  if (previous.captionsKey && previous.captionsKey !== GENERATED_CAPTIONS) {
    await removeFile(previous.captionsKey).catch((error: unknown) => logger.warn("captions not removed", { videoId: previous.id, error }));
  }
}

/**
 * Removes an item's video (for the editor, or before an item is deleted: the database cascade
 * alone would leave the file on disk or the asset at Mux). Returns whether there was one.
 */
/**
 * Stores a video file shipped with Lyceum (the starter library) as a ready local video, replacing
 * what the item had. Only for the local driver: with Mux, starter videos are uploaded from the
 * console like any other. Returns false (nothing written) when the bytes are not a playable video.
 */
export async function importLocalVideo(
  contentId: string,
  bytes: Uint8Array,
  { filename, durationSeconds }: { filename: string; durationSeconds: number | null },
  db: Db = prisma,
) {
  const mimeType = sniffVideoType(bytes.subarray(0, SNIFF_BYTES));
  if (!mimeType) return false;
  const storageKey = newStorageKey("videos", filename);
  await putFile(storageKey, bytes);
  const data = {
    provider: "LOCAL" as const,
    status: "READY" as const,
    storageKey,
    mimeType,
    sizeBytes: bytes.length,
    receivedBytes: bytes.length,
    durationSeconds,
  };
  const previous = await db.video.findUnique({ where: { contentId }, select: { storageKey: true } });
  await db.video.upsert({ where: { contentId }, create: { contentId, ...data }, update: { ...data, error: null } });
  if (previous?.storageKey) await removeFile(previous.storageKey);
  return true;
}

export async function removeVideo(actor: Actor, contentId: string) {
  refuseUnlessPublisher(actor);
  const previous = await prisma.$transaction(async (tx) => {
    const video = await tx.video.findUnique({
      where: { contentId },
      select: { id: true, provider: true, storageKey: true, captionsKey: true, muxAssetId: true, muxUploadId: true },
    });
    if (video) await tx.video.delete({ where: { id: video.id } });
    return video;
  });
  if (previous) await discardPrevious(previous);
  return previous !== null;
}

export type ChunkResult =
  | { status: 200; videoStatus: "READY"; range: string }
  | { status: 308; range: string | null }
  | { status: 400 | 404 | 409 | 413 | 415 | 416; message: string; range?: string | null };

// Chunks of one video are written one at a time in this process; the conditional update on
// receivedBytes below is what makes concurrent writers (even in other processes) agree.
const locks = new Map<string, Promise<unknown>>();
function withVideoLock<T>(videoId: string, run: () => Promise<T>): Promise<T> {
  const previous = locks.get(videoId) ?? Promise.resolve();
  const current = previous.then(run, run);
  const settled = current.catch(() => undefined);
  locks.set(videoId, settled);
  void settled.then(() => {
    if (locks.get(videoId) === settled) locks.delete(videoId);
  });
  return current;
}

/** A stream that fails as soon as more than `limit` bytes pass through it. */
function limited(body: ReadableStream<Uint8Array>, limit: number) {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(new ChunkTooLongError());
        else controller.enqueue(chunk);
      },
    }),
  );
}

class ChunkTooLongError extends Error {
  name = "ChunkTooLongError";
}

async function readHead(key: string, length: number) {
  const file = await fs.open(pathForKey(key), "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

const CHUNK_VIDEO_SELECT = {
  id: true,
  status: true,
  provider: true,
  storageKey: true,
  receivedBytes: true,
  sizeBytes: true,
  error: true,
} as const;

/**
 * The local driver's upload endpoint, speaking the protocol UpChunk speaks to Mux: each PUT carries
 * `Content-Range: bytes start-end/total`; a stored chunk that is not the last is answered 308 with
 * `Range: bytes=0-<last byte stored>`, the last one 200. A chunk already stored (a retry whose
 * answer was lost) gets the same 308, so retries are harmless. The upload is checked for being a
 * video as soon as its first bytes are in, and the file is READY when its last byte is.
 */
export async function receiveVideoChunk(
  actor: Actor,
  videoId: string,
  request: { contentRange: string | null; contentLength: string | null; body: ReadableStream<Uint8Array> | null },
): Promise<ChunkResult> {
  refuseUnlessPublisher(actor);
  const range = parseContentRange(request.contentRange);
  if (!range) return { status: 400, message: "Each chunk needs a Content-Range header such as `bytes 0-1048575/7340032`." };
  if (range.total > maxUploadBytes()) return { status: 413, message: tooLargeMessage(range.total) };

  return withVideoLock(videoId, async () => {
    const video = await prisma.video.findUnique({ where: { id: videoId }, select: CHUNK_VIDEO_SELECT });
    if (!video || video.provider !== "LOCAL" || !video.storageKey) {
      return { status: 404, message: "This upload no longer exists. Start the upload again." };
    }
    if (video.sizeBytes !== null && video.sizeBytes !== range.total) {
      return { status: 400, message: `This upload is for a file of ${video.sizeBytes} bytes, not ${range.total}. Start the upload again.` };
    }
    if (video.status === "ERRORED") return { status: 409, message: video.error ?? "This upload failed. Start the upload again." };
    const complete = video.status === "READY" || video.status === "PROCESSING";
    const stored = storedRange(video.receivedBytes);

    if (range.start === null) {
      // "How much do you have?" — answered without a body.
      return complete ? { status: 200, videoStatus: "READY", range: stored! } : { status: 308, range: stored };
    }
    const plan = planChunk(range, video.receivedBytes);
    if (plan.action === "already-stored") {
      return complete ? { status: 200, videoStatus: "READY", range: stored! } : { status: 308, range: stored };
    }
    if (plan.action === "refuse") {
      return {
        status: 416,
        message: `This chunk starts at byte ${range.start}, but the upload continues at byte ${plan.expectedStart}.`,
        range: stored,
      };
    }
    if (complete) return { status: 409, message: "This upload is already complete." };

    const length = range.end - range.start + 1;
    if (request.contentLength !== null && Number(request.contentLength) !== length) {
      return { status: 400, message: `The chunk has ${request.contentLength} bytes but its Content-Range says ${length}.` };
    }
    if (!request.body) return { status: 400, message: "The chunk has no bytes." };
    let written: number;
    try {
      written = await writeAt(video.storageKey, range.start, limited(request.body, length));
    } catch (error) {
      if (error instanceof ChunkTooLongError)
        return { status: 400, message: `The chunk has more bytes than its Content-Range says (${length}).` };
      throw error;
    }
    if (written !== length)
      return { status: 400, message: `The chunk was cut short: ${written} of ${length} bytes arrived.`, range: stored };

    const advanced = await prisma.video.updateMany({
      where: { id: videoId, status: "WAITING", receivedBytes: range.start },
      data: { receivedBytes: range.end + 1, sizeBytes: range.total },
    });
    if (advanced.count === 0) {
      // Another writer stored this range first: answer from what the database now holds.
      const now = await prisma.video.findUnique({ where: { id: videoId }, select: CHUNK_VIDEO_SELECT });
      return { status: 308, range: storedRange(now?.receivedBytes ?? 0) };
    }

    const receivedBytes = range.end + 1;
    const finished = receivedBytes === range.total;
    if (finished || (range.start < SNIFF_BYTES && receivedBytes >= SNIFF_BYTES)) {
      const mimeType = sniffVideoType(await readHead(video.storageKey, SNIFF_BYTES));
      if (!mimeType) {
        await prisma.video.updateMany({
          where: { id: videoId, status: "WAITING" },
          data: { status: "ERRORED", error: NOT_A_VIDEO_MESSAGE },
        });
        await removeFile(video.storageKey);
        return { status: 415, message: NOT_A_VIDEO_MESSAGE };
      }
      if (finished) {
        await prisma.video.updateMany({
          where: { id: videoId, status: "WAITING", receivedBytes },
          data: { status: "READY", mimeType, sizeBytes: range.total, error: null },
        });
        logger.info("local video ready", { videoId, sizeBytes: range.total, mimeType });
        return { status: 200, videoStatus: "READY", range: storedRange(receivedBytes)! };
      }
    }
    return { status: 308, range: storedRange(receivedBytes) };
  });
}

export const CAPTIONS_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Stores WebVTT captions for a video item (replacing earlier uploaded ones) and hands them to the
 * provider. Mux needs the asset to exist, so its captions wait until the video is ready.
 */
export async function saveVideoCaptions(actor: Actor, contentId: string, input: { file: File; lang: string; label: string }) {
  refuseUnlessPublisher(actor);
  await requireVideoItem(prisma, contentId);
  if (input.file.size > CAPTIONS_MAX_BYTES) throw new DomainError(400, "Captions files can be at most 2 MB.", "captions");
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  if (!isWebVtt(new TextDecoder().decode(bytes.subarray(0, 64)))) {
    throw new DomainError(400, "This is not a WebVTT file: its first line must be WEBVTT.", "captions");
  }
  const video = await prisma.video.findUnique({
    where: { contentId },
    select: { id: true, provider: true, status: true, muxAssetId: true, captionsKey: true },
  });
  if (!video) throw new DomainError(409, "Upload the video first, then its captions.");
  if (video.provider === "MUX" && video.status !== "READY") {
    throw new DomainError(409, "Mux is still preparing this video. Add captions once it is ready.");
  }
  const storageKey = newStorageKey("captions", `captions-${input.lang}.vtt`);
  await putFile(storageKey, bytes);
  try {
    await addCaptions(
      { provider: video.provider, contentId, muxAssetId: video.muxAssetId },
      { storageKey, lang: input.lang, label: input.label },
    );
  } catch (error) {
    await removeFile(storageKey);
    logger.error("captions not accepted by the video service", { contentId, error });
    throw new DomainError(409, "The video service did not accept the captions. Try again in a few minutes.");
  }
  const updated = await prisma.video.updateMany({
    where: { id: video.id },
    data: { captionsKey: storageKey, captionsLang: input.lang },
  });
  if (updated.count === 0) {
    await removeFile(storageKey);
    throw new DomainError(409, "The video was replaced meanwhile. Add the captions to the new upload.");
  }
  if (video.captionsKey && video.captionsKey !== GENERATED_CAPTIONS) await removeFile(video.captionsKey);
  return { lang: input.lang };
}

type Viewer = { id: string; role: Actor["role"]; accountId: string | null };

/**
 * Staff see every video; a customer sees the video of a published item their tier may see.
 * Anything else is "not found", so nobody learns which items exist.
 */
async function visibleVideo(viewer: Viewer, contentId: string) {
  const item = await prisma.contentItem.findUnique({
    where: { id: contentId },
    select: {
      kind: true,
      status: true,
      audienceTiers: true,
      video: {
        select: { id: true, status: true, provider: true, storageKey: true, mimeType: true, captionsKey: true, captionsLang: true },
      },
    },
  });
  if (!item || item.kind !== "VIDEO" || !item.video) return null;
  if (can(viewer, "console.view")) return item.video;
  if (!can(viewer, "library.view") || item.status !== "PUBLISHED" || !viewer.accountId) return null;
  return audienceIncludes(item.audienceTiers, await customerTier(viewer)) ? item.video : null;
}

const NOT_FOUND = "This video was not found.";

/** The stored file of a ready local video, for those who may watch it; 404 otherwise. */
export async function getVideoFile(viewer: Viewer, contentId: string) {
  const video = await visibleVideo(viewer, contentId);
  if (!video || video.status !== "READY" || video.provider !== "LOCAL" || !video.storageKey) throw new DomainError(404, NOT_FOUND);
  return { storageKey: video.storageKey, mimeType: video.mimeType ?? "application/octet-stream" };
}

/**
 * Uploaded captions, for those who may watch the video, or for Mux fetching them with a signed
 * link (no viewer then).
 */
export async function getCaptionsFile(viewer: Viewer | null, contentId: string, token: string | null) {
  let captionsKey: string | null = null;
  if (viewer) {
    const video = await visibleVideo(viewer, contentId);
    captionsKey = video?.status === "READY" ? video.captionsKey : null;
  } else if (token) {
    const video = await prisma.video.findUnique({ where: { contentId }, select: { captionsKey: true } });
    captionsKey = video?.captionsKey && captionsTokenValid(contentId, video.captionsKey, token) ? video.captionsKey : null;
  }
  if (!captionsKey || captionsKey === GENERATED_CAPTIONS) throw new DomainError(404, "These captions were not found.");
  return { storageKey: captionsKey };
}

class DuplicateDeliveryError extends Error {
  name = "DuplicateDeliveryError";
}

type WebhookEffect = (tx: Tx, data: Record<string, unknown>) => Promise<void>;

const text = (value: unknown) => (typeof value === "string" && value ? value : null);

/** A Mux asset is ours when we know its id, or (when `asset_created` has not arrived yet) its upload's. */
function assetWhere(data: Record<string, unknown>) {
  const assetId = text(data.id);
  const uploadId = text(data.upload_id);
  const ids = [...(assetId ? [{ muxAssetId: assetId }] : []), ...(uploadId ? [{ muxUploadId: uploadId }] : [])];
  return ids.length ? { provider: "MUX" as const, OR: ids } : null;
}

// Matching is by upload and asset ids only, never by passthrough (the content id): a replaced
// video's late events must not touch its successor.
const MUX_EFFECTS: Record<string, WebhookEffect> = {
  "video.upload.asset_created": async (tx, data) => {
    const uploadId = text(data.id);
    const assetId = text(data.asset_id);
    if (!uploadId || !assetId) return;
    await tx.video.updateMany({ where: { provider: "MUX", muxUploadId: uploadId, status: "WAITING" }, data: { status: "PROCESSING" } });
    await tx.video.updateMany({ where: { provider: "MUX", muxUploadId: uploadId }, data: { muxAssetId: assetId } });
  },
  "video.upload.errored": async (tx, data) => {
    const uploadId = text(data.id);
    if (!uploadId) return;
    const error = (data.error ?? {}) as { message?: unknown };
    await tx.video.updateMany({
      where: { provider: "MUX", muxUploadId: uploadId, status: { in: ["WAITING", "PROCESSING"] } },
      data: { status: "ERRORED", error: `Mux could not take the upload: ${text(error.message) ?? "no reason given"}.` },
    });
  },
  "video.asset.ready": async (tx, data) => {
    const where = assetWhere(data);
    if (!where) return;
    const playbackIds = Array.isArray(data.playback_ids) ? (data.playback_ids as Array<{ id?: unknown; policy?: unknown }>) : [];
    const signed = playbackIds.find((playback) => playback.policy === "signed" && text(playback.id));
    const duration = typeof data.duration === "number" && Number.isFinite(data.duration) ? data.duration : null;
    await tx.video.updateMany({
      where,
      data: signed
        ? { status: "READY", muxAssetId: text(data.id), muxPlaybackId: text(signed.id), durationSeconds: duration, error: null }
        : { status: "ERRORED", muxAssetId: text(data.id), error: "Mux made this video without a signed playback id. Upload it again." },
    });
  },
  "video.asset.errored": async (tx, data) => {
    const where = assetWhere(data);
    if (!where) return;
    const errors = (data.errors ?? {}) as { messages?: unknown; type?: unknown };
    const messages = Array.isArray(errors.messages) ? errors.messages.filter((message) => typeof message === "string") : [];
    const reason = messages.length ? messages.join(" ") : (text(errors.type) ?? "no reason given");
    await tx.video.updateMany({
      where,
      data: { status: "ERRORED", muxAssetId: text(data.id), error: `Mux could not process this video: ${reason}` },
    });
  },
};

export type WebhookResult = { status: 200 | 400 | 404 | 413; message: string };

// Mux's events are a few kilobytes; anything far bigger is not from Mux and is not read whole.
const WEBHOOK_MAX_BYTES = 1024 * 1024;

/** The raw body, as the signature covers it; null when it is larger than any Mux event. */
export function readWebhookBody(body: ReadableStream<Uint8Array> | null): Promise<string | null> {
  return readLimitedText(body, WEBHOOK_MAX_BYTES);
}

/**
 * A Mux webhook: verified, then applied once. The delivery's event id is recorded in the same
 * transaction as its effect, so a retried delivery finds its id taken and changes nothing, and a
 * failure rolls both back so Mux's retry applies it. Types we do not act on are acknowledged.
 */
export async function handleMuxWebhook(rawBody: string, headers: Headers): Promise<WebhookResult> {
  if (videoDriverName() !== "mux") return { status: 404, message: "Mux is not configured on this Lyceum." };
  let event: MuxWebhookEvent;
  try {
    event = await verifyMuxWebhook(rawBody, headers);
  } catch (error) {
    if (!(error instanceof InvalidWebhookError)) throw error;
    logger.warn("Mux webhook refused", { reason: error.message });
    return { status: 400, message: "Invalid webhook signature or body." };
  }
  const effect = MUX_EFFECTS[event.type];
  if (!effect) return { status: 200, message: `Ignored ${event.type}.` };
  try {
    await prisma.$transaction(async (tx) => {
      try {
        await tx.webhookDelivery.create({ data: { source: "mux", eventId: event.id, type: event.type } });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateDeliveryError();
        throw error;
      }
      await effect(tx, event.data);
    });
  } catch (error) {
    if (error instanceof DuplicateDeliveryError) return { status: 200, message: `Already processed ${event.id}.` };
    throw error;
  }
  logger.info("Mux webhook processed", { eventId: event.id, type: event.type });
  return { status: 200, message: `Processed ${event.type}.` };
}
