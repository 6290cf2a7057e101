import { verify } from "node:crypto";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  createMuxMock,
  createSigningKey,
  MUX_TEST_SIGNING_KEY_ID,
  MUX_TEST_TOKEN_ID,
  MUX_TEST_TOKEN_SECRET,
  muxEvent,
  muxSignature,
  muxTestEnv,
} from "#test/mocks/mux.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import {
  addCaptions,
  captionsTokenValid,
  createUpload,
  InvalidWebhookError,
  playbackFor,
  signedCaptionsUrl,
  verifyMuxWebhook,
  videoContentSecurity,
  videoDriverName,
  type PlayableVideo,
} from "./video.server.ts";

const video: PlayableVideo = {
  id: "video-1",
  contentId: "content-1",
  provider: "LOCAL",
  mimeType: "video/webm",
  muxPlaybackId: null,
  durationSeconds: 24,
  captionsKey: null,
  captionsLang: null,
};

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const json = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  return { header: json(header), payload: json(payload), signed: `${header}.${payload}`, signature: Buffer.from(signature, "base64url") };
}

describe("local driver", () => {
  test("is chosen without Mux settings and uploads to the app's own chunk endpoint", async () => {
    expect(videoDriverName()).toBe("local");
    const upload = await createUpload({ contentId: "content-1", videoId: "video-1", corsOrigin: "http://localhost:3000" });
    expect(upload.uploadUrl).toBe("/uploads/video/video-1");
    expect(upload.muxUploadId).toBeUndefined();
    expect(upload.storageKey).toMatch(/^videos\/[a-f0-9]{24}\/video$/);
    expect(videoContentSecurity()).toEqual({});
  });

  test("plays from the media route, with uploaded captions as a track", async () => {
    expect(await playbackFor(video)).toEqual({
      kind: "local",
      src: "/media/videos/content-1?v=video-1",
      mimeType: "video/webm",
      durationSeconds: 24,
    });
    expect(await playbackFor({ ...video, captionsKey: "captions/abcdef0123456789abcd/captions-fr.vtt", captionsLang: "fr" })).toMatchObject(
      {
        captions: { src: "/media/videos/content-1/captions?v=video-1", lang: "fr" },
      },
    );
  });

  test("has no signed captions links to accept", () => {
    expect(captionsTokenValid("content-1", "captions/x", `${Math.floor(Date.now() / 1000) + 60}.abc`)).toBe(false);
  });
});

describe("mux driver", () => {
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

  test("creates a direct upload for signed playback, tagged with the item, with English captions generated", async () => {
    expect(videoDriverName()).toBe("mux");
    const upload = await createUpload({ contentId: "content-7", videoId: "video-7", corsOrigin: "https://lyceum.example.com" });
    expect(upload.muxUploadId).toMatch(/^upload-\w+-1$/);
    expect(upload.uploadUrl).toBe(`https://storage.mux.test/uploads/${upload.muxUploadId}`);
    expect(mux.received).toEqual([
      {
        method: "POST",
        path: "/video/v1/uploads",
        body: {
          cors_origin: "https://lyceum.example.com",
          new_asset_settings: {
            playback_policies: ["signed"],
            passthrough: "content-7",
            inputs: [{ generated_subtitles: [{ language_code: "en", name: "English (generated)" }] }],
          },
        },
      },
    ]);
  });

  test("signs playback, poster and storyboard tokens that Mux can check with the key's public half", async () => {
    const before = Math.floor(Date.now() / 1000);
    const playback = await playbackFor({ ...video, provider: "MUX", muxPlaybackId: "playback-abc", captionsKey: "generated" });
    if (playback?.kind !== "mux") throw new Error("expected Mux playback");
    expect(playback.playbackId).toBe("playback-abc");
    expect(playback.durationSeconds).toBe(24);

    const audiences = { playback: "v", thumbnail: "t", storyboard: "s" } as const;
    for (const [name, audience] of Object.entries(audiences) as Array<[keyof typeof audiences, string]>) {
      const token = decodeJwt(playback.tokens[name]);
      expect(token.header).toEqual({ alg: "RS256", typ: "JWT" });
      expect(token.payload).toMatchObject({ sub: "playback-abc", aud: audience, kid: MUX_TEST_SIGNING_KEY_ID });
      const expires = token.payload.exp as number;
      expect(expires - before).toBeGreaterThanOrEqual(6 * 3600);
      expect(expires - before).toBeLessThanOrEqual(6 * 3600 + 5);
      expect(verify("RSA-SHA256", Buffer.from(token.signed), key.publicKey, token.signature), `${name} token signature`).toBe(true);
      expect(verify("RSA-SHA256", Buffer.from(`${token.signed}x`), key.publicKey, token.signature)).toBe(false);
    }
  });

  test("refuses to sign a video that has no playback id yet", async () => {
    expect(await playbackFor({ ...video, provider: "MUX", muxPlaybackId: null })).toBeNull();
  });

  test("replaces earlier uploaded captions with a track Mux downloads from a signed link to the app", async () => {
    mux.addAsset("asset-1");
    const storageKey = "captions/0123456789abcdef0123/captions-en.vtt";
    await addCaptions({ provider: "MUX", contentId: "content-1", muxAssetId: "asset-1" }, { storageKey, lang: "en", label: "English" });
    await addCaptions({ provider: "MUX", contentId: "content-1", muxAssetId: "asset-1" }, { storageKey, lang: "en", label: "English" });

    const created = mux.received.filter((request) => request.method === "POST");
    expect(created).toHaveLength(2);
    const body = created[1]!.body as { url: string };
    expect(body).toMatchObject({ type: "text", text_type: "subtitles", language_code: "en", name: "English", closed_captions: false });
    const url = new URL(body.url);
    expect(url.origin + url.pathname).toBe("http://localhost:3000/media/videos/content-1/captions");
    expect(captionsTokenValid("content-1", storageKey, url.searchParams.get("token")!)).toBe(true);
    // The first uploaded track was deleted before the second was created; the generated one stays.
    expect(mux.received.filter((request) => request.method === "DELETE").map((request) => request.path)).toEqual([
      "/video/v1/assets/asset-1/tracks/track-1",
    ]);
    expect(mux.assets.get("asset-1")!.map((track) => track.id)).toEqual(["asset-1-video", "asset-1-generated", "track-2"]);
  });

  test("signed captions links are bound to the file and expire", () => {
    const url = new URL(signedCaptionsUrl("content-1", "captions/aaaaaaaaaaaaaaaaaaaa/a.vtt", Date.now()));
    const token = url.searchParams.get("token")!;
    expect(captionsTokenValid("content-1", "captions/aaaaaaaaaaaaaaaaaaaa/a.vtt", token)).toBe(true);
    expect(captionsTokenValid("content-2", "captions/aaaaaaaaaaaaaaaaaaaa/a.vtt", token)).toBe(false);
    expect(captionsTokenValid("content-1", "captions/bbbbbbbbbbbbbbbbbbbb/b.vtt", token)).toBe(false);
    expect(captionsTokenValid("content-1", "captions/aaaaaaaaaaaaaaaaaaaa/a.vtt", token, Date.now() + 25 * 3600 * 1000)).toBe(false);
    expect(captionsTokenValid("content-1", "captions/aaaaaaaaaaaaaaaaaaaa/a.vtt", "garbage")).toBe(false);
  });

  test("verifies webhooks offline: the right signature passes; a wrong or old one, or a body that is not an event, does not", async () => {
    const body = muxEvent("event-1", "video.asset.ready", { id: "asset-1" });
    const headers = (signature: string) => new Headers({ "content-type": "application/json", "mux-signature": signature });

    expect(await verifyMuxWebhook(body, headers(muxSignature(body)))).toMatchObject({ id: "event-1", type: "video.asset.ready" });
    await expect(verifyMuxWebhook(body, headers(muxSignature(body, { secret: "another-secret" })))).rejects.toBeInstanceOf(
      InvalidWebhookError,
    );
    await expect(verifyMuxWebhook(`${body} `, headers(muxSignature(body)))).rejects.toBeInstanceOf(InvalidWebhookError);
    const old = Math.floor(Date.now() / 1000) - 301;
    await expect(verifyMuxWebhook(body, headers(muxSignature(body, { timestamp: old })))).rejects.toThrow(/too old/);
    await expect(verifyMuxWebhook(body, new Headers())).rejects.toBeInstanceOf(InvalidWebhookError);
    await expect(verifyMuxWebhook("[1,2]", headers(muxSignature("[1,2]")))).rejects.toThrow(/not a Mux event/);
    await expect(verifyMuxWebhook("{nope", headers(muxSignature("{nope")))).rejects.toBeInstanceOf(InvalidWebhookError);
  });

  test("the SDK authenticates with the token pair from the environment", async () => {
    expect(process.env.MUX_TOKEN_ID).toBe(MUX_TEST_TOKEN_ID);
    expect(process.env.MUX_TOKEN_SECRET).toBe(MUX_TEST_TOKEN_SECRET);
    await expect(createUpload({ contentId: "c", videoId: "v", corsOrigin: "https://x.example" })).resolves.toMatchObject({
      muxUploadId: expect.stringMatching(/^upload-/),
    });
    // The mock checks Basic auth as Mux does: another secret is refused.
    process.env.MUX_TOKEN_SECRET = "wrong";
    resetEnvForTests();
    await expect(createUpload({ contentId: "c", videoId: "v", corsOrigin: "https://x.example" })).rejects.toThrow(/401/);
  });

  test("allows the Mux player's hosts in the CSP", () => {
    expect(videoContentSecurity()).toEqual({
      "connect-src": ["https://*.mux.com", "https://*.litix.io", "https://storage.googleapis.com"],
      "img-src": ["https://image.mux.com", "https://*.litix.io"],
      "media-src": ["https://*.mux.com"],
      "worker-src": ["'self'", "blob:"],
    });
  });
});
