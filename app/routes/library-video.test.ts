import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { createMuxMock, createSigningKey, muxEvent, muxSignature, muxTestEnv } from "#test/mocks/mux.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { createVideoItem, sampleVideo, storeReadyLocalVideo } from "#test/video-items.ts";
import { newStorageKey, putFile } from "~/providers/storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { action as screenAction, loader as screenLoader } from "./_app.console.library.$contentId_.video.tsx";
import { loader as captionsLoader } from "./media.videos.$contentId_.captions.tsx";
import { loader as mediaLoader } from "./media.videos.$contentId.tsx";
import { action as uploadAction } from "./uploads.video.$videoId.tsx";
import { action as webhookAction } from "./webhooks.mux.tsx";

let lowMember: string;
let techMember: string;
let publisher: string;
let csm: string;

beforeAll(async () => {
  const low = await createAccount({ tier: "LOW" });
  const tech = await createAccount({ tier: "TECH" });
  lowMember = await sessionCookieFor((await createUser({ role: "MEMBER", accountId: low.id })).id);
  techMember = await sessionCookieFor((await createUser({ role: "MEMBER", accountId: tech.id })).id);
  publisher = await sessionCookieFor((await createUser({ role: "PUBLISHER" })).id);
  csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
});

async function readyItem(data: Parameters<typeof createVideoItem>[0] = {}) {
  const item = await createVideoItem({ audienceTiers: "LOW,HIGH", ...data });
  const video = await storeReadyLocalVideo(item.id);
  return { item, video };
}

function media(contentId: string, cookie: string | null, headers: Record<string, string> = {}, method = "GET") {
  return invoke(mediaLoader, buildRequest(`/media/videos/${contentId}`, { cookie, headers, method }), { contentId });
}

describe("media route", () => {
  it("serves a byte range with 206 to a customer whose tier may watch", async () => {
    const { item } = await readyItem();
    const result = await media(item.id, lowMember, { Range: "bytes=0-99" });
    expect(result.status).toBe(206);
    expect(result.headers.get("Content-Type")).toBe("video/webm");
    expect(result.headers.get("Content-Range")).toBe(`bytes 0-99/${sampleVideo().length}`);
    expect(result.headers.get("Accept-Ranges")).toBe("bytes");
    const bytes = new Uint8Array(await result.response!.arrayBuffer());
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(sampleVideo().subarray(0, 100)))).toBe(0);

    const whole = await media(item.id, lowMember, {}, "HEAD");
    expect(whole.status).toBe(200);
    expect(whole.headers.get("Content-Length")).toBe(String(sampleVideo().length));
  });

  it("is not found for a customer of another tier, a draft item, or a video not ready; staff see drafts", async () => {
    const { item } = await readyItem();
    expect((await media(item.id, techMember)).status).toBe(404);

    const { item: draft } = await readyItem({ status: "DRAFT" });
    expect((await media(draft.id, lowMember)).status).toBe(404);
    expect((await media(draft.id, csm, { Range: "bytes=0-9" })).status).toBe(206);

    const waiting = await createVideoItem();
    await prisma.video.create({
      data: { contentId: waiting.id, provider: "LOCAL", status: "WAITING", storageKey: newStorageKey("videos", "v") },
    });
    expect((await media(waiting.id, lowMember)).status).toBe(404);
    expect((await media("missing", publisher)).status).toBe(404);
  });

  it("sends anonymous visitors to sign in", async () => {
    const { item } = await readyItem();
    const result = await media(item.id, null);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/media/videos/${item.id}`)}`);
  });
});

describe("captions route", () => {
  it("serves uploaded captions as WebVTT to viewers, and to nobody else", async () => {
    const captionsKey = newStorageKey("captions", "captions-en.vtt");
    await putFile(captionsKey, new TextEncoder().encode("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"));
    const item = await createVideoItem({ audienceTiers: "LOW" });
    await storeReadyLocalVideo(item.id, undefined, { captionsKey, captionsLang: "en" });
    const get = (cookie: string | null, query = "") =>
      invoke(captionsLoader, buildRequest(`/media/videos/${item.id}/captions${query}`, { cookie }), { contentId: item.id });

    const allowed = await get(lowMember);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("Content-Type")).toBe("text/vtt; charset=utf-8");
    expect(allowed.body).toContain("WEBVTT");
    expect((await get(techMember)).status).toBe(404);
    expect((await get(null)).status).toBe(302);
    // A token only works when Mux is configured and it was signed for this file.
    expect((await get(null, "?token=123.forged")).status).toBe(404);
  });
});

function chunk(videoId: string, bytes: Uint8Array<ArrayBuffer>, start: number, total: number, cookie = publisher) {
  const request = buildRequest(`/uploads/video/${videoId}`, {
    method: "PUT",
    cookie,
    headers: { "Content-Range": `bytes ${start}-${start + bytes.length - 1}/${total}`, "Content-Type": "video/webm" },
    body: bytes,
  });
  return invoke(uploadAction, request, { videoId });
}

async function startUpload(contentId: string, form: Record<string, string> = {}) {
  const request = buildRequest(`/console/library/${contentId}/video`, {
    cookie: publisher,
    form: { intent: "start-upload", sizeBytes: String(sampleVideo().length), ...form },
  });
  return invoke(screenAction, request, { contentId });
}

type StartBody = { intent: string; upload?: { url: string; videoId: string }; result: { error?: Record<string, string[]> } };

describe("upload route (the local driver's UpChunk endpoint)", () => {
  it("answers 308 with Range until the last chunk, then 200; the screen then shows the ready video", async () => {
    const item = await createVideoItem();
    const started = await startUpload(item.id, { durationSeconds: "24.024" });
    expect(started.status).toBe(200);
    const { upload } = started.body as StartBody;
    expect(upload!.url).toBe(`/uploads/video/${upload!.videoId}`);

    const bytes = sampleVideo();
    const first = await chunk(upload!.videoId, bytes.subarray(0, 262_144), 0, bytes.length);
    expect(first.status).toBe(308);
    expect(first.headers.get("Range")).toBe("bytes=0-262143");
    // For Remix only: server.js drops it on the wire (the journey checks), so browsers do not follow it.
    expect(first.headers.get("Location")).toBe(`/uploads/video/${upload!.videoId}`);
    const last = await chunk(upload!.videoId, bytes.subarray(262_144), 262_144, bytes.length);
    expect(last.status).toBe(200);
    expect(last.headers.get("Range")).toBe(`bytes=0-${bytes.length - 1}`);

    const screen = await invoke(screenLoader, buildRequest(`/console/library/${item.id}/video`, { cookie: publisher }), {
      contentId: item.id,
    });
    expect(screen.status).toBe(200);
    expect(screen.body).toMatchObject({
      item: { id: item.id, kind: "VIDEO" },
      driver: "local",
      video: { status: "READY", provider: "LOCAL", sizeBytes: bytes.length, durationSeconds: 24.024 },
      playback: { kind: "local", mimeType: "video/webm", src: `/media/videos/${item.id}?v=${upload!.videoId}` },
      chunkKb: 8192,
    });
  });

  it("explains refusals in the body: a gap (416 with the stored Range) and a file too large (413)", async () => {
    const item = await createVideoItem();
    const { upload } = (await startUpload(item.id)).body as StartBody;
    const bytes = sampleVideo();
    await chunk(upload!.videoId, bytes.subarray(0, 1000), 0, bytes.length);
    const gap = await chunk(upload!.videoId, bytes.subarray(2000, 3000), 2000, bytes.length);
    expect(gap.status).toBe(416);
    expect(gap.headers.get("Range")).toBe("bytes=0-999");
    expect(gap.body).toBe("This chunk starts at byte 2000, but the upload continues at byte 1000.");

    const huge = await chunk(upload!.videoId, bytes.subarray(0, 10), 0, 5 * 1024 * 1024 * 1024);
    expect(huge.status).toBe(413);
    expect(huge.body).toMatch(/^This video is 5,120 MB; the largest upload this Lyceum accepts is 4,096 MB/);
  });

  it("refuses other methods and other staff", async () => {
    const item = await createVideoItem();
    const { upload } = (await startUpload(item.id)).body as StartBody;
    const post = buildRequest(`/uploads/video/${upload!.videoId}`, { cookie: publisher, method: "POST", body: "x" });
    expect((await invoke(uploadAction, post, { videoId: upload!.videoId })).status).toBe(405);
    expect((await chunk(upload!.videoId, sampleVideo().subarray(0, 10), 0, 100, csm)).status).toBe(403);
  });
});

describe("video screen", () => {
  it("refuses a start without a size and a document item, with the reason in the form", async () => {
    const item = await createVideoItem();
    const missing = await invoke(
      screenAction,
      buildRequest(`/console/library/${item.id}/video`, { cookie: publisher, form: { intent: "start-upload" } }),
      { contentId: item.id },
    );
    expect(missing.status).toBe(400);
    expect((missing.body as StartBody).result.error).toEqual({ sizeBytes: ["Choose a video file"] });

    const document = await createVideoItem({ kind: "EBOOK" });
    const refused = await startUpload(document.id);
    expect(refused.status).toBe(409);
    expect((refused.body as StartBody).result.error).toEqual({ "": ["Only video items have a video. This item is a document."] });
    const screen = await invoke(screenLoader, buildRequest(`/console/library/${document.id}/video`, { cookie: publisher }), {
      contentId: document.id,
    });
    expect(screen.status).toBe(409);
  });

  it("saves captions from a multipart form", async () => {
    const { item } = await readyItem();
    const form = new FormData();
    form.set("intent", "captions");
    form.set("lang", "de");
    form.set("captions", new File(["WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n"], "de.vtt", { type: "text/vtt" }));
    const result = await invoke(screenAction, buildRequest(`/console/library/${item.id}/video`, { cookie: publisher, form }), {
      contentId: item.id,
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ intent: "captions", done: "German captions saved." });
    expect(await prisma.video.findUniqueOrThrow({ where: { contentId: item.id } })).toMatchObject({ captionsLang: "de" });

    const empty = new FormData();
    empty.set("intent", "captions");
    empty.set("lang", "de");
    const refused = await invoke(screenAction, buildRequest(`/console/library/${item.id}/video`, { cookie: publisher, form: empty }), {
      contentId: item.id,
    });
    expect(refused.status).toBe(400);
  });
});

describe("Mux webhook route", () => {
  const mux = createMuxMock();
  const server = setupServer(...mux.handlers);
  const env = muxTestEnv(createSigningKey().privateKeyBase64);

  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    Object.assign(process.env, env);
    resetEnvForTests();
  });
  afterEach(() => {
    mux.reset();
    for (const name of Object.keys(env)) delete process.env[name];
    resetEnvForTests();
  });
  afterAll(() => server.close());

  function post(body: string, signature: string | null) {
    // Mux sends no Origin and no cookie.
    const headers = new Headers({ "Content-Type": "application/json" });
    if (signature) headers.set("mux-signature", signature);
    return invoke(webhookAction, new Request("http://localhost:3000/webhooks/mux", { method: "POST", headers, body }));
  }

  it("processes a signed event from the raw body and refuses a bad signature with 400, not 500", async () => {
    const item = await createVideoItem();
    const started = await startUpload(item.id);
    expect(started.status).toBe(200);
    const uploadId = (await prisma.video.findUniqueOrThrow({ where: { contentId: item.id } })).muxUploadId!;
    // Whitespace matters: the signature covers the bytes as sent.
    const body = `{ "id": "evt-route", "type": "video.upload.asset_created", "data": { "id": "${uploadId}", "asset_id": "asset-route" } }`;

    expect((await post(body, "t=123,v1=abc")).status).toBe(400);
    expect((await post(body, null)).status).toBe(400);
    expect((await post(body.replace(/ /g, ""), muxSignature(body))).status).toBe(400);
    const accepted = await post(body, muxSignature(body));
    expect(accepted).toMatchObject({ status: 200, body: "Processed video.upload.asset_created." });
    expect(await prisma.video.findUniqueOrThrow({ where: { contentId: item.id } })).toMatchObject({
      status: "PROCESSING",
      muxAssetId: "asset-route",
    });

    const huge = JSON.stringify({ id: "evt-huge", type: "video.asset.ready", data: { padding: "x".repeat(2 * 1024 * 1024) } });
    expect((await post(huge, muxSignature(huge))).status).toBe(413);

    const unknown = muxEvent("evt-unknown", "video.live_stream.idle", { id: "ls-1" });
    expect(await post(unknown, muxSignature(unknown))).toMatchObject({ status: 200, body: "Ignored video.live_stream.idle." });
  });
});
