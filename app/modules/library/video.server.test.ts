import fs from "node:fs";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { createMuxMock, createSigningKey, muxEvent, muxSignature, muxTestEnv } from "#test/mocks/mux.ts";
import { createVideoItem, sampleVideo } from "#test/video-items.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { pathForKey } from "~/providers/storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { deleteContent } from "./content.server.ts";
import { NOT_A_VIDEO_MESSAGE } from "./video.ts";
import {
  getCaptionsFile,
  getVideoPlayback,
  getVideoScreen,
  handleMuxWebhook,
  receiveVideoChunk,
  removeVideo,
  saveVideoCaptions,
  startVideoUpload,
} from "./video.server.ts";

let publisher: Actor;
let csm: Actor;
let customer: Actor;

const actorOf = (user: { id: string; role: Actor["role"]; accountId: string | null }): Actor => ({
  id: user.id,
  role: user.role,
  accountId: user.accountId,
});

beforeAll(async () => {
  publisher = actorOf(await createUser({ role: "PUBLISHER" }));
  csm = actorOf(await createUser({ role: "CSM" }));
  const account = await createAccount({ tier: "LOW", domains: ["video-co.example"] });
  customer = actorOf(await createUser({ role: "MEMBER", accountId: account.id, email: "member@video-co.example" }));
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

function put(videoId: string, bytes: Uint8Array<ArrayBuffer>, start: number, total: number, actor = publisher) {
  return receiveVideoChunk(actor, videoId, {
    contentRange: `bytes ${start}-${start + bytes.length - 1}/${total}`,
    contentLength: String(bytes.length),
    body: new Blob([bytes]).stream(),
  });
}

const videoOf = (contentId: string) => prisma.video.findUniqueOrThrow({ where: { contentId } });

async function localUpload(bytes = sampleVideo(), durationSeconds?: number) {
  const item = await createVideoItem();
  const upload = await startVideoUpload(publisher, item.id, { sizeBytes: bytes.length, durationSeconds });
  return { item, upload, bytes };
}

describe("local uploads", () => {
  it("assemble three chunks byte for byte, answer 308 with the stored range, then 200, and the video is ready", async () => {
    const { item, upload, bytes } = await localUpload(sampleVideo(), 24.04);
    expect(upload).toMatchObject({ driver: "local", uploadUrl: `/uploads/video/${upload.videoId}` });
    const total = bytes.length;

    expect(await put(upload.videoId, bytes.subarray(0, 100_000), 0, total)).toEqual({ status: 308, range: "bytes=0-99999" });
    expect(await put(upload.videoId, bytes.subarray(100_000, 200_000), 100_000, total)).toEqual({ status: 308, range: "bytes=0-199999" });
    expect((await videoOf(item.id)).status).toBe("WAITING");
    expect(await put(upload.videoId, bytes.subarray(200_000), 200_000, total)).toEqual({
      status: 200,
      videoStatus: "READY",
      range: `bytes=0-${total - 1}`,
    });

    const video = await videoOf(item.id);
    expect(video).toMatchObject({
      status: "READY",
      mimeType: "video/webm",
      sizeBytes: total,
      receivedBytes: total,
      durationSeconds: 24.04,
      error: null,
    });
    expect(Buffer.compare(fs.readFileSync(pathForKey(video.storageKey!)), Buffer.from(bytes))).toBe(0);
    expect(await getVideoPlayback(item.id)).toEqual({
      kind: "local",
      src: `/media/videos/${item.id}?v=${video.id}`,
      mimeType: "video/webm",
      durationSeconds: 24.04,
    });
  });

  it("take a repeated chunk as already stored, even two copies at once, and a repeated last chunk as done", async () => {
    const { item, upload, bytes } = await localUpload();
    const total = bytes.length;
    const first = bytes.subarray(0, 150_000);
    const twice = await Promise.all([put(upload.videoId, first, 0, total), put(upload.videoId, first, 0, total)]);
    expect(twice).toEqual([
      { status: 308, range: "bytes=0-149999" },
      { status: 308, range: "bytes=0-149999" },
    ]);
    expect(await put(upload.videoId, first, 0, total)).toEqual({ status: 308, range: "bytes=0-149999" });
    expect((await videoOf(item.id)).receivedBytes).toBe(150_000);

    const last = bytes.subarray(150_000);
    expect(await put(upload.videoId, last, 150_000, total)).toMatchObject({ status: 200 });
    expect(await put(upload.videoId, last, 150_000, total)).toMatchObject({ status: 200, videoStatus: "READY" });
    const video = await videoOf(item.id);
    expect(Buffer.compare(fs.readFileSync(pathForKey(video.storageKey!)), Buffer.from(bytes))).toBe(0);
  });

  it("refuse a chunk that would leave a gap, naming the byte the upload continues at", async () => {
    const { item, upload, bytes } = await localUpload();
    await put(upload.videoId, bytes.subarray(0, 100_000), 0, bytes.length);
    const gap = await put(upload.videoId, bytes.subarray(150_000, 200_000), 150_000, bytes.length);
    expect(gap).toEqual({
      status: 416,
      message: "This chunk starts at byte 150000, but the upload continues at byte 100000.",
      range: "bytes=0-99999",
    });
    const straddling = await put(upload.videoId, bytes.subarray(50_000, 120_000), 50_000, bytes.length);
    expect(straddling).toMatchObject({ status: 416, range: "bytes=0-99999" });
    expect(await videoOf(item.id)).toMatchObject({ status: "WAITING", receivedBytes: 100_000 });
  });

  it("refuse a file over UPLOAD_MAX_MB with 413, before and during the upload", async () => {
    process.env.UPLOAD_MAX_MB = "1";
    resetEnvForTests();
    try {
      const item = await createVideoItem();
      const early = await refusal(startVideoUpload(publisher, item.id, { sizeBytes: 3 * 1024 * 1024 }));
      expect(early.status).toBe(400);
      expect(early.message).toBe("This video is 3 MB; the largest upload this Lyceum accepts is 1 MB (UPLOAD_MAX_MB).");

      const { upload } = await startVideoUpload(publisher, item.id, {}).then((started) => ({ upload: started }));
      const result = await put(upload.videoId, sampleVideo().subarray(0, 1000), 0, 2 * 1024 * 1024);
      expect(result).toEqual({
        status: 413,
        message: "This video is 2 MB; the largest upload this Lyceum accepts is 1 MB (UPLOAD_MAX_MB).",
      });
      expect((await videoOf(item.id)).receivedBytes).toBe(0);
    } finally {
      delete process.env.UPLOAD_MAX_MB;
      resetEnvForTests();
    }
  });

  it("mark a file that is not a video ERRORED as soon as its first bytes arrive, and keep nothing", async () => {
    const pdf = new TextEncoder().encode(`%PDF-1.7\n${"x".repeat(5000)}`);
    const { item, upload } = await localUpload(pdf);
    const result = await put(upload.videoId, pdf.subarray(0, 2000), 0, pdf.length);
    expect(result).toEqual({ status: 415, message: NOT_A_VIDEO_MESSAGE });
    const video = await videoOf(item.id);
    expect(video).toMatchObject({ status: "ERRORED", error: NOT_A_VIDEO_MESSAGE });
    expect(fs.existsSync(pathForKey(video.storageKey!))).toBe(false);
    expect(await put(upload.videoId, pdf.subarray(2000), 2000, pdf.length)).toMatchObject({ status: 409, message: NOT_A_VIDEO_MESSAGE });
    expect(await getVideoPlayback(item.id)).toBeNull();
  });

  it("checks a tiny file when its last byte arrives", async () => {
    const text = new TextEncoder().encode("not a video");
    const { item, upload } = await localUpload(text);
    expect(await put(upload.videoId, text, 0, text.length)).toMatchObject({ status: 415 });
    expect((await videoOf(item.id)).status).toBe("ERRORED");
  });

  it("refuse a chunk with more bytes than its range, and a missing or malformed Content-Range", async () => {
    const { item, upload, bytes } = await localUpload();
    const longer = await receiveVideoChunk(publisher, upload.videoId, {
      contentRange: `bytes 0-999/${bytes.length}`,
      contentLength: null,
      body: new Blob([bytes.subarray(0, 5000)]).stream(),
    });
    expect(longer).toMatchObject({ status: 400, message: "The chunk has more bytes than its Content-Range says (1000)." });
    const malformed = await receiveVideoChunk(publisher, upload.videoId, { contentRange: "bytes 0-999", contentLength: null, body: null });
    expect(malformed).toMatchObject({ status: 400 });
    expect((await videoOf(item.id)).receivedBytes).toBe(0);
  });

  it("answer a status query with what is stored", async () => {
    const { upload, bytes } = await localUpload();
    const ask = () =>
      receiveVideoChunk(publisher, upload.videoId, { contentRange: `bytes */${bytes.length}`, contentLength: "0", body: null });
    expect(await ask()).toEqual({ status: 308, range: null });
    await put(upload.videoId, bytes.subarray(0, 1000), 0, bytes.length);
    expect(await ask()).toEqual({ status: 308, range: "bytes=0-999" });
  });

  it("are for publishers only", async () => {
    const { upload, bytes } = await localUpload();
    expect((await refusal(put(upload.videoId, bytes.subarray(0, 10), 0, bytes.length, csm))).status).toBe(403);
    expect((await refusal(put(upload.videoId, bytes.subarray(0, 10), 0, bytes.length, customer))).status).toBe(404);
    const item = await createVideoItem();
    expect((await refusal(startVideoUpload(csm, item.id))).status).toBe(403);
    expect((await refusal(startVideoUpload(customer, item.id))).status).toBe(404);
  });

  it("start only for video items that exist", async () => {
    const document = await createVideoItem({ kind: "ONE_PAGER" });
    expect((await refusal(startVideoUpload(publisher, document.id))).status).toBe(409);
    expect((await refusal(startVideoUpload(publisher, "missing"))).status).toBe(404);
  });

  it("replace the previous video: its upload URL stops working and its file is deleted", async () => {
    const { item, upload, bytes } = await localUpload();
    await put(upload.videoId, bytes, 0, bytes.length);
    const first = await videoOf(item.id);

    const second = await startVideoUpload(publisher, item.id, { sizeBytes: bytes.length });
    expect(second.videoId).not.toBe(first.id);
    expect(fs.existsSync(pathForKey(first.storageKey!))).toBe(false);
    expect(await put(upload.videoId, bytes, 0, bytes.length)).toMatchObject({ status: 404 });
    expect(await videoOf(item.id)).toMatchObject({ id: second.videoId, status: "WAITING", receivedBytes: 0 });
    expect(await getVideoPlayback(item.id)).toBeNull();
  });
});

describe("removeVideo", () => {
  it("deletes the row and its files, for publishers only", async () => {
    const { item, upload, bytes } = await localUpload();
    await put(upload.videoId, bytes, 0, bytes.length);
    const video = await videoOf(item.id);
    expect((await refusal(removeVideo(csm, item.id))).status).toBe(403);
    expect(await removeVideo(publisher, item.id)).toBe(true);
    expect(await prisma.video.findUnique({ where: { contentId: item.id } })).toBeNull();
    expect(fs.existsSync(pathForKey(video.storageKey!))).toBe(false);
    expect(await removeVideo(publisher, item.id)).toBe(false);
  });

  it("runs when the library item itself is deleted, so no bytes are left behind", async () => {
    const { item, upload, bytes } = await localUpload();
    await put(upload.videoId, bytes, 0, bytes.length);
    const video = await videoOf(item.id);
    await deleteContent(publisher, item.id);
    expect(await prisma.contentItem.findUnique({ where: { id: item.id } })).toBeNull();
    expect(fs.existsSync(pathForKey(video.storageKey!))).toBe(false);
  });
});

describe("captions on a local video", () => {
  it("are stored and played as a track; anything but WebVTT is refused", async () => {
    const { item, upload, bytes } = await localUpload();
    await put(upload.videoId, bytes, 0, bytes.length);
    const vtt = new File(["WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"], "hello.vtt", { type: "text/vtt" });
    expect(await saveVideoCaptions(publisher, item.id, { file: vtt, lang: "fr", label: "French" })).toEqual({ lang: "fr" });

    const playback = await getVideoPlayback(item.id);
    expect(playback).toMatchObject({
      kind: "local",
      captions: { src: `/media/videos/${item.id}/captions?v=${upload.videoId}`, lang: "fr" },
    });
    const { storageKey } = await getCaptionsFile(customer, item.id, null);
    expect(fs.readFileSync(pathForKey(storageKey), "utf8")).toContain("Hello");

    const srt = new File(["1\n00:00:00,000 --> 00:00:02,000\nHello\n"], "hello.srt");
    const refused = await refusal(saveVideoCaptions(publisher, item.id, { file: srt, lang: "en", label: "English" }));
    expect(refused).toMatchObject({ status: 400, field: "captions" });
    expect((await refusal(saveVideoCaptions(csm, item.id, { file: vtt, lang: "en", label: "English" }))).status).toBe(403);
  });
});

describe("Mux", () => {
  const mux = createMuxMock();
  const server = setupServer(...mux.handlers);
  const key = createSigningKey();
  const env = muxTestEnv(key.privateKeyBase64);

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    Object.assign(process.env, env);
    resetEnvForTests();
  });
  afterEach(() => {
    server.resetHandlers();
    mux.reset();
    for (const name of Object.keys(env)) delete process.env[name];
    resetEnvForTests();
  });
  afterAll(() => server.close());

  function deliver(id: string, type: string, data: Record<string, unknown>, signature?: string) {
    const body = muxEvent(id, type, data);
    return handleMuxWebhook(body, new Headers({ "content-type": "application/json", "mux-signature": signature ?? muxSignature(body) }));
  }

  async function muxUpload() {
    const item = await createVideoItem();
    const upload = await startVideoUpload(publisher, item.id, {
      sizeBytes: 1000,
      durationSeconds: 99,
      corsOrigin: "http://localhost:3000",
    });
    const video = await videoOf(item.id);
    return { item, upload, video, uploadId: video.muxUploadId! };
  }

  const deliveries = (eventId: string) => prisma.webhookDelivery.count({ where: { source: "mux", eventId } });

  it("starts a direct upload and follows the webhooks to a ready video with a signed playback id", async () => {
    const { item, upload, video, uploadId } = await muxUpload();
    expect(upload).toMatchObject({ driver: "mux", uploadUrl: `https://storage.mux.test/uploads/${uploadId}` });
    // Mux reports the length itself; captions are generated by Mux.
    expect(video).toMatchObject({
      provider: "MUX",
      status: "WAITING",
      durationSeconds: null,
      captionsKey: "generated",
      captionsLang: "en",
    });
    expect(mux.received[0]!.body).toMatchObject({ cors_origin: "http://localhost:3000", new_asset_settings: { passthrough: item.id } });

    expect(
      await deliver("evt-created", "video.upload.asset_created", { id: uploadId, asset_id: "asset-9", status: "asset_created" }),
    ).toEqual({
      status: 200,
      message: "Processed video.upload.asset_created.",
    });
    expect(await videoOf(item.id)).toMatchObject({ status: "PROCESSING", muxAssetId: "asset-9" });
    expect(await getVideoPlayback(item.id)).toBeNull();

    const ready = {
      id: "asset-9",
      upload_id: uploadId,
      status: "ready",
      duration: 24.024,
      passthrough: item.id,
      playback_ids: [
        { id: "public-id", policy: "public" },
        { id: "signed-id", policy: "signed" },
      ],
    };
    expect((await deliver("evt-ready", "video.asset.ready", ready)).status).toBe(200);
    expect(await videoOf(item.id)).toMatchObject({ status: "READY", muxPlaybackId: "signed-id", durationSeconds: 24.024, error: null });
    const playback = await getVideoPlayback(item.id);
    expect(playback).toMatchObject({ kind: "mux", playbackId: "signed-id", durationSeconds: 24.024 });
  });

  it("refuses a wrong or old signature with 400 and changes nothing", async () => {
    const { item, uploadId } = await muxUpload();
    const data = { id: uploadId, asset_id: "asset-x" };
    const wrong = await deliver("evt-wrong", "video.upload.asset_created", data, "t=1,v1=deadbeef");
    expect(wrong).toEqual({ status: 400, message: "Invalid webhook signature or body." });
    const body = muxEvent("evt-old", "video.upload.asset_created", data);
    const old = await handleMuxWebhook(
      body,
      new Headers({ "mux-signature": muxSignature(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }) }),
    );
    expect(old.status).toBe(400);
    const unsigned = await handleMuxWebhook(body, new Headers());
    expect(unsigned.status).toBe(400);
    expect(await videoOf(item.id)).toMatchObject({ status: "WAITING", muxAssetId: null });
    expect(await deliveries("evt-wrong")).toBe(0);
    expect(await deliveries("evt-old")).toBe(0);
  });

  it("applies a retried delivery once, even when both copies arrive at the same moment", async () => {
    const { item, uploadId } = await muxUpload();
    const errored = {
      id: "asset-e",
      upload_id: uploadId,
      status: "errored",
      errors: { type: "invalid_input", messages: ["Invalid input file."] },
    };
    expect(await deliver("evt-err", "video.asset.errored", errored)).toEqual({ status: 200, message: "Processed video.asset.errored." });
    expect(await videoOf(item.id)).toMatchObject({ status: "ERRORED", error: "Mux could not process this video: Invalid input file." });

    // Something else moves the row on; replaying the old event must not drag it back.
    await prisma.video.update({ where: { contentId: item.id }, data: { status: "PROCESSING", error: null } });
    expect(await deliver("evt-err", "video.asset.errored", errored)).toEqual({ status: 200, message: "Already processed evt-err." });
    expect(await videoOf(item.id)).toMatchObject({ status: "PROCESSING", error: null });
    expect(await deliveries("evt-err")).toBe(1);

    const created = { id: uploadId, asset_id: "asset-e" };
    const both = await Promise.all([
      deliver("evt-twice", "video.upload.asset_created", created),
      deliver("evt-twice", "video.upload.asset_created", created),
    ]);
    expect(both.map((result) => result.status)).toEqual([200, 200]);
    expect(both.map((result) => result.message).sort()).toEqual(["Already processed evt-twice.", "Processed video.upload.asset_created."]);
    expect(await deliveries("evt-twice")).toBe(1);
  });

  it("acknowledges event types it does not act on without recording them", async () => {
    const result = await deliver("evt-other", "video.asset.static_renditions.ready", { id: "asset-1" });
    expect(result).toEqual({ status: 200, message: "Ignored video.asset.static_renditions.ready." });
    expect(await deliveries("evt-other")).toBe(0);
  });

  it("takes asset.ready arriving before upload.asset_created, and a late asset_created does not undo it", async () => {
    const { item, uploadId } = await muxUpload();
    await deliver("evt-r", "video.asset.ready", {
      id: "asset-early",
      upload_id: uploadId,
      duration: 10,
      playback_ids: [{ id: "signed-early", policy: "signed" }],
    });
    await deliver("evt-c", "video.upload.asset_created", { id: uploadId, asset_id: "asset-early" });
    expect(await videoOf(item.id)).toMatchObject({ status: "READY", muxAssetId: "asset-early", muxPlaybackId: "signed-early" });
  });

  it("discards the replaced video at Mux: the asset once there is one, the waiting upload otherwise", async () => {
    const { item, uploadId } = await muxUpload();
    await startVideoUpload(publisher, item.id, { sizeBytes: 1000 });
    expect(mux.received.filter((request) => request.method !== "POST")).toEqual([
      { method: "PUT", path: `/video/v1/uploads/${uploadId}/cancel`, body: undefined },
    ]);

    const secondUpload = (await videoOf(item.id)).muxUploadId!;
    await deliver("evt-replace", "video.asset.ready", {
      id: "asset-old",
      upload_id: secondUpload,
      playback_ids: [{ id: "s", policy: "signed" }],
    });
    mux.received.length = 0;
    await startVideoUpload(publisher, item.id, { sizeBytes: 1000 });
    expect(mux.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      "DELETE /video/v1/assets/asset-old",
      "POST /video/v1/uploads",
    ]);
  });

  it("leaves the new video alone when events about a replaced one arrive", async () => {
    const { item, uploadId: oldUpload } = await muxUpload();
    await startVideoUpload(publisher, item.id, { sizeBytes: 1000 });
    await deliver("evt-stale", "video.upload.asset_created", { id: oldUpload, asset_id: "asset-stale" });
    await deliver("evt-stale-ready", "video.asset.ready", {
      id: "asset-stale",
      upload_id: oldUpload,
      passthrough: item.id,
      playback_ids: [{ id: "signed-stale", policy: "signed" }],
    });
    expect(await videoOf(item.id)).toMatchObject({ status: "WAITING", muxAssetId: null, muxPlaybackId: null });
  });

  it("shows the publisher why Mux failed", async () => {
    const { item, uploadId } = await muxUpload();
    await deliver("evt-upload-err", "video.upload.errored", {
      id: uploadId,
      error: { type: "invalid_file", message: "The file was empty" },
    });
    const screen = await getVideoScreen(publisher, item.id);
    expect(screen.video).toMatchObject({ status: "ERRORED", error: "Mux could not take the upload: The file was empty." });
  });

  it("adds uploaded captions to a ready asset through a signed link, and not before it is ready", async () => {
    const { item, uploadId } = await muxUpload();
    const vtt = () => new File(["WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"], "hello.vtt");
    expect((await refusal(saveVideoCaptions(publisher, item.id, { file: vtt(), lang: "en", label: "English" }))).status).toBe(409);

    mux.addAsset("asset-c");
    await deliver("evt-cr", "video.asset.ready", {
      id: "asset-c",
      upload_id: uploadId,
      playback_ids: [{ id: "signed-c", policy: "signed" }],
    });
    await saveVideoCaptions(publisher, item.id, { file: vtt(), lang: "en", label: "English" });
    const track = mux.received.find((request) => request.path === "/video/v1/assets/asset-c/tracks");
    const url = new URL((track!.body as { url: string }).url);
    expect(url.pathname).toBe(`/media/videos/${item.id}/captions`);
    const video = await videoOf(item.id);
    expect(video.captionsKey).toMatch(/^captions\//);
    // The link is what Mux uses to fetch the file, without a session.
    const file = await getCaptionsFile(null, item.id, url.searchParams.get("token"));
    expect(file.storageKey).toBe(video.captionsKey);
    expect((await refusal(getCaptionsFile(null, item.id, "1.forged"))).status).toBe(404);
  });

  it("answers 404 to webhooks when Mux is not configured", async () => {
    for (const name of Object.keys(env)) delete process.env[name];
    resetEnvForTests();
    expect((await deliver("evt-off", "video.asset.ready", { id: "a" })).status).toBe(404);
  });
});
