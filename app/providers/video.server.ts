import { createHmac, timingSafeEqual } from "node:crypto";
import Mux from "@mux/mux-node";
import type { VideoPlayback } from "~/modules/library/video.ts";
import { getEnv, type Env } from "~/utils/env.server.ts";
import { logger } from "~/utils/logger.server.ts";
import { newStorageKey, removeFile } from "./storage.server.ts";

/**
 * Where videos live: Mux (all five MUX_ settings present; the env check refuses a partial set) or
 * Lyceum's own storage. Both drivers take uploads through the same protocol (chunked PUTs with
 * Content-Range, answered 308 until the last chunk), so the browser code does not know which one
 * it talks to. A video remembers its provider: switching drivers leaves existing videos playable
 * where they are.
 */
export type VideoDriverName = "mux" | "local";

export function videoDriverName(): VideoDriverName {
  return getEnv().MUX_TOKEN_ID ? "mux" : "local";
}

// Signed playback tokens live this long: enough for a long watch, short enough that a copied
// URL stops working the same day.
const PLAYBACK_TOKEN_LIFETIME = "6h";
// Mux fetches uploaded captions once, soon after we ask; the link stays valid for a day of retries.
const CAPTIONS_LINK_SECONDS = 24 * 60 * 60;

type MuxEnv = Pick<
  Env,
  "MUX_TOKEN_ID" | "MUX_TOKEN_SECRET" | "MUX_WEBHOOK_SECRET" | "MUX_SIGNING_KEY_ID" | "MUX_SIGNING_KEY_PRIVATE" | "MUX_BASE_URL"
>;

let cached: { mux: Mux; settings: string } | undefined;

/** The Mux SDK configured from the environment; every value is passed so the SDK never reads process.env. */
function muxClient(env: MuxEnv = getEnv()): Mux {
  if (!env.MUX_TOKEN_ID) throw new Error("Mux is not configured (MUX_TOKEN_ID and the other MUX_ settings are unset)");
  const settings = JSON.stringify([
    env.MUX_TOKEN_ID,
    env.MUX_TOKEN_SECRET,
    env.MUX_WEBHOOK_SECRET,
    env.MUX_SIGNING_KEY_ID,
    env.MUX_SIGNING_KEY_PRIVATE,
    env.MUX_BASE_URL,
  ]);
  if (cached?.settings !== settings) {
    const mux = new Mux({
      tokenId: env.MUX_TOKEN_ID,
      tokenSecret: env.MUX_TOKEN_SECRET,
      webhookSecret: env.MUX_WEBHOOK_SECRET,
      jwtSigningKey: env.MUX_SIGNING_KEY_ID,
      jwtPrivateKey: env.MUX_SIGNING_KEY_PRIVATE,
      baseURL: env.MUX_BASE_URL?.replace(/\/+$/, "") ?? "https://api.mux.com",
    });
    cached = { mux, settings };
  }
  return cached.mux;
}

export type CreatedUpload = {
  /** Where the browser PUTs the chunks: Mux's signed upload URL, or our own endpoint. */
  uploadUrl: string;
  muxUploadId?: string;
  /** Local driver: where the bytes will be stored. */
  storageKey?: string;
};

/**
 * Prepares an upload. Mux: a direct upload whose asset is signed-playback only, remembers the
 * content item (passthrough), and gets English captions generated from its audio. Local: a key in
 * our storage and the app's chunk endpoint for this video row.
 */
export async function createUpload(input: { contentId: string; videoId: string; corsOrigin: string }): Promise<CreatedUpload> {
  if (videoDriverName() === "local") {
    return { uploadUrl: `/uploads/video/${input.videoId}`, storageKey: newStorageKey("videos", "video") };
  }
  const upload = await muxClient().video.uploads.create({
    cors_origin: input.corsOrigin,
    new_asset_settings: {
      playback_policies: ["signed"],
      passthrough: input.contentId,
      // A direct upload's input has no URL: the settings apply to the file that arrives.
      inputs: [{ generated_subtitles: [{ language_code: "en", name: "English (generated)" }] }],
    },
  });
  if (!upload.url) throw new Error(`Mux created upload ${upload.id} without an upload URL`);
  return { uploadUrl: upload.url, muxUploadId: upload.id };
}

/**
 * Frees what a replaced video holds: its stored file, or at Mux its asset (or, when no file
 * arrived, its direct upload, so a late file cannot become an asset nobody plays).
 */
export async function discardVideo(video: {
  provider: "LOCAL" | "MUX";
  storageKey: string | null;
  muxAssetId: string | null;
  muxUploadId: string | null;
}) {
  if (video.provider === "LOCAL") {
    if (video.storageKey) await removeFile(video.storageKey);
    return;
  }
  if (videoDriverName() !== "mux") throw new Error("Mux settings are missing: the replaced video stays at Mux");
  const mux = muxClient();
  if (video.muxAssetId) await mux.video.assets.delete(video.muxAssetId);
  else if (video.muxUploadId) await mux.video.uploads.cancel(video.muxUploadId);
}

/** The columns of a Video row that playback needs. */
export type PlayableVideo = {
  id: string;
  contentId: string;
  provider: "LOCAL" | "MUX";
  mimeType: string | null;
  muxPlaybackId: string | null;
  durationSeconds: number | null;
  captionsKey: string | null;
  captionsLang: string | null;
};

/**
 * What a player needs for a ready video. Local sources carry the video's id so a replaced video is
 * never served from a browser's cache of the old one. Null when a Mux video cannot be signed
 * (Mux settings removed since it was uploaded).
 */
export async function playbackFor(video: PlayableVideo): Promise<VideoPlayback | null> {
  if (video.provider === "LOCAL") {
    const src = `/media/videos/${video.contentId}`;
    const uploadedCaptions = video.captionsKey && video.captionsKey !== GENERATED_CAPTIONS;
    return {
      kind: "local",
      src: `${src}?v=${video.id}`,
      mimeType: video.mimeType ?? "video/mp4",
      durationSeconds: video.durationSeconds,
      ...(uploadedCaptions ? { captions: { src: `${src}/captions?v=${video.id}`, lang: video.captionsLang ?? "en" } } : {}),
    };
  }
  if (!video.muxPlaybackId) return null;
  if (videoDriverName() !== "mux") {
    logger.warn("Mux video cannot be played: Mux settings are missing", { videoId: video.id });
    return null;
  }
  const tokens = await muxClient().jwt.signPlaybackId(video.muxPlaybackId, {
    type: ["video", "thumbnail", "storyboard"],
    expiration: PLAYBACK_TOKEN_LIFETIME,
  });
  const [playback, thumbnail, storyboard] = [tokens["playback-token"], tokens["thumbnail-token"], tokens["storyboard-token"]];
  if (!playback || !thumbnail || !storyboard) throw new Error(`Mux did not sign every token for video ${video.id}`);
  return {
    kind: "mux",
    playbackId: video.muxPlaybackId,
    tokens: { playback, thumbnail, storyboard },
    durationSeconds: video.durationSeconds,
  };
}

/** `captionsKey` of a Mux video whose English captions Mux generates itself. */
export const GENERATED_CAPTIONS = "generated";

/**
 * Publishes uploaded WebVTT captions. Local: nothing to do, the stored file is served as the
 * player's <track>. Mux: Mux downloads the file from a link to the app signed for it, replacing
 * the captions uploaded earlier in that language (Mux wants one track per name).
 */
export async function addCaptions(
  video: { provider: "LOCAL" | "MUX"; contentId: string; muxAssetId: string | null },
  captions: { storageKey: string; lang: string; label: string },
): Promise<void> {
  if (video.provider === "LOCAL") return;
  if (!video.muxAssetId) throw new Error("Mux has not created this video's asset yet");
  const mux = muxClient();
  const asset = await mux.video.assets.retrieve(video.muxAssetId);
  for (const track of asset.tracks ?? []) {
    if (track.id && track.type === "text" && track.text_source === "uploaded" && track.language_code === captions.lang) {
      await mux.video.assets.deleteTrack(video.muxAssetId, track.id);
    }
  }
  await mux.video.assets.createTrack(video.muxAssetId, {
    url: signedCaptionsUrl(video.contentId, captions.storageKey),
    type: "text",
    text_type: "subtitles",
    language_code: captions.lang,
    name: captions.label,
    closed_captions: false,
  });
}

// Mux fetches captions without a session, so their link carries its own credential: an HMAC over
// the item, the exact captions file and an expiry. The key is derived from the Mux token secret
// (only Mux videos need these links) so there is no extra secret to configure.
function captionsLinkKey() {
  const secret = getEnv().MUX_TOKEN_SECRET;
  if (!secret) throw new Error("Signed captions links need the Mux settings");
  return createHmac("sha256", secret).update("lyceum captions link").digest();
}

function captionsSignature(contentId: string, storageKey: string, expires: number) {
  return createHmac("sha256", captionsLinkKey()).update(`${contentId}\n${storageKey}\n${expires}`).digest("base64url");
}

export function signedCaptionsUrl(contentId: string, storageKey: string, now = Date.now()) {
  const expires = Math.floor(now / 1000) + CAPTIONS_LINK_SECONDS;
  const token = `${expires}.${captionsSignature(contentId, storageKey, expires)}`;
  return `${getEnv().APP_URL}/media/videos/${contentId}/captions?${new URLSearchParams({ token })}`;
}

/** True when `token` was made by signedCaptionsUrl for this file and has not expired. */
export function captionsTokenValid(contentId: string, storageKey: string, token: string, now = Date.now()) {
  if (videoDriverName() !== "mux") return false;
  const [expiresText, signature] = token.split(".");
  const expires = Number(expiresText);
  if (!signature || !Number.isInteger(expires) || expires * 1000 < now) return false;
  const expected = Buffer.from(captionsSignature(contentId, storageKey, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export class InvalidWebhookError extends Error {
  name = "InvalidWebhookError";
}

export type MuxWebhookEvent = { id: string; type: string; data: Record<string, unknown> };

/**
 * Checks the `mux-signature` header (HMAC of the timestamp and the raw body with the webhook
 * secret, refused when older than five minutes) and parses the event. Any failure, including a
 * body that is not an event, is an InvalidWebhookError: the route answers 400.
 */
export async function verifyMuxWebhook(rawBody: string, headers: Headers): Promise<MuxWebhookEvent> {
  const env = getEnv();
  if (!env.MUX_WEBHOOK_SECRET) throw new InvalidWebhookError("Mux webhooks are not configured");
  let event: unknown;
  try {
    event = await muxClient(env).webhooks.unwrap(rawBody, headers, env.MUX_WEBHOOK_SECRET);
  } catch (error) {
    throw new InvalidWebhookError(error instanceof Error ? error.message : "invalid webhook");
  }
  const { id, type, data } = (event ?? {}) as Partial<MuxWebhookEvent>;
  if (typeof id !== "string" || !id || typeof type !== "string" || !data || typeof data !== "object") {
    throw new InvalidWebhookError("The webhook body is not a Mux event");
  }
  return { id, type, data };
}

/**
 * Extra Content-Security-Policy sources for Mux, only when it is configured: the stream and its
 * segments (*.mux.com), posters and storyboards (image.mux.com), Mux Data's playback beacons
 * (*.litix.io), hls.js's worker, which it starts from a blob: URL, and the direct upload URLs the
 * browser PUTs to (Google Cloud Storage).
 */
export function videoContentSecurity(): Record<string, string[]> {
  if (videoDriverName() !== "mux") return {};
  return {
    "connect-src": ["https://*.mux.com", "https://*.litix.io", "https://storage.googleapis.com"],
    "img-src": ["https://image.mux.com", "https://*.litix.io"],
    "media-src": ["https://*.mux.com"],
    "worker-src": ["'self'", "blob:"],
  };
}
