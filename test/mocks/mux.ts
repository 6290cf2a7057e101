import { createHmac, generateKeyPairSync } from "node:crypto";
import { http, HttpResponse } from "msw";

export const MUX_TEST_BASE_URL = "https://mux.test";
export const MUX_TEST_TOKEN_ID = "mux-token-id";
export const MUX_TEST_TOKEN_SECRET = "mux-token-secret";
export const MUX_TEST_WEBHOOK_SECRET = "mux-webhook-secret";
export const MUX_TEST_SIGNING_KEY_ID = "mux-signing-key-id";

/**
 * An RSA key pair like the one Mux shows when a signing key is created: the private key as
 * base64-encoded PKCS#1 PEM (what MUX_SIGNING_KEY_PRIVATE holds), and the public key to check
 * tokens with, as Mux does.
 */
export function createSigningKey() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKeyBase64: Buffer.from(privateKey).toString("base64"), publicKey };
}

/** Sets every MUX_ variable for a test; returns what to delete afterwards. */
export function muxTestEnv(privateKeyBase64: string) {
  return {
    MUX_TOKEN_ID: MUX_TEST_TOKEN_ID,
    MUX_TOKEN_SECRET: MUX_TEST_TOKEN_SECRET,
    MUX_WEBHOOK_SECRET: MUX_TEST_WEBHOOK_SECRET,
    MUX_SIGNING_KEY_ID: MUX_TEST_SIGNING_KEY_ID,
    MUX_SIGNING_KEY_PRIVATE: privateKeyBase64,
    MUX_BASE_URL: MUX_TEST_BASE_URL,
  };
}

/** The `mux-signature` header Mux sends: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function muxSignature(body: string, { secret = MUX_TEST_WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000) } = {}) {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

/** A webhook body shaped like Mux's (id, type, data, plus the envelope fields). */
export function muxEvent(id: string, type: string, data: Record<string, unknown>) {
  return JSON.stringify({
    id,
    type,
    created_at: new Date().toISOString(),
    object: { type: type.split(".")[1], id: data.id },
    environment: { name: "Test", id: "env-1" },
    attempts: [],
    data,
  });
}

type Problem = { status: number; messages: string[] };
type Track = { id: string; type: "text" | "video" | "audio"; text_source?: string; language_code?: string; name?: string };

export type ReceivedMuxRequest = { method: string; path: string; body: unknown };

function refuse({ status, messages }: Problem) {
  return HttpResponse.json({ error: { type: status === 401 ? "unauthorized" : "invalid_parameters", messages } }, { status });
}

function authProblem(request: Request): Problem | null {
  const expected = `Basic ${Buffer.from(`${MUX_TEST_TOKEN_ID}:${MUX_TEST_TOKEN_SECRET}`).toString("base64")}`;
  return request.headers.get("authorization") === expected ? null : { status: 401, messages: ["Unauthorized request"] };
}

/**
 * Answers the parts of Mux's Video API that Lyceum calls, and refuses requests that Lyceum must
 * never send: a direct upload whose asset could be played without a signed token, that does not
 * name its content item, or that would not get English captions generated; a text track whose URL
 * is not a signed https link.
 */
export function createMuxMock(baseUrl = MUX_TEST_BASE_URL) {
  const received: ReceivedMuxRequest[] = [];
  const assets = new Map<string, Track[]>();
  let sequence = 0;
  // Mux's ids are unique forever; test files keep rows between tests, so every reset starts a new series.
  let series = Math.random().toString(36).slice(2, 8);

  const record = async (request: Request, body?: unknown) => {
    received.push({ method: request.method, path: new URL(request.url).pathname, body });
  };

  const handlers = [
    http.post(`${baseUrl}/video/v1/uploads`, async ({ request }) => {
      const auth = authProblem(request);
      if (auth) return refuse(auth);
      const body = (await request.json()) as {
        cors_origin?: string;
        new_asset_settings?: {
          playback_policies?: string[];
          passthrough?: string;
          inputs?: Array<{ url?: string; generated_subtitles?: Array<{ language_code?: string; name?: string }> }>;
        };
      };
      await record(request, body);
      const settings = body.new_asset_settings;
      const problems = [
        !body.cors_origin && "cors_origin is required for browser uploads",
        JSON.stringify(settings?.playback_policies) !== JSON.stringify(["signed"]) && "playback_policies must be exactly [signed]",
        !settings?.passthrough && "passthrough must name the content item",
        settings?.inputs?.some((input) => input.url) && "a direct upload's input has no url",
        !settings?.inputs?.[0]?.generated_subtitles?.some((subtitle) => subtitle.language_code === "en") &&
          "English captions must be generated",
      ].filter((problem): problem is string => Boolean(problem));
      if (problems.length) return refuse({ status: 400, messages: problems });
      const id = `upload-${series}-${++sequence}`;
      return HttpResponse.json(
        {
          data: {
            id,
            url: `https://storage.mux.test/uploads/${id}`,
            status: "waiting",
            timeout: 3600,
            cors_origin: body.cors_origin,
            new_asset_settings: settings,
          },
        },
        { status: 201 },
      );
    }),

    http.put(`${baseUrl}/video/v1/uploads/:uploadId/cancel`, async ({ request, params }) => {
      const auth = authProblem(request);
      if (auth) return refuse(auth);
      await record(request);
      return HttpResponse.json({ data: { id: String(params.uploadId), status: "cancelled", timeout: 3600, cors_origin: "*" } });
    }),

    http.delete(`${baseUrl}/video/v1/assets/:assetId`, async ({ request }) => {
      const auth = authProblem(request);
      if (auth) return refuse(auth);
      await record(request);
      return new HttpResponse(null, { status: 204 });
    }),

    http.get(`${baseUrl}/video/v1/assets/:assetId`, async ({ request, params }) => {
      const auth = authProblem(request);
      if (auth) return refuse(auth);
      await record(request);
      const assetId = String(params.assetId);
      const tracks = assets.get(assetId);
      if (!tracks) return refuse({ status: 404, messages: ["Asset not found"] });
      return HttpResponse.json({ data: { id: assetId, status: "ready", tracks } });
    }),

    http.delete(`${baseUrl}/video/v1/assets/:assetId/tracks/:trackId`, async ({ request, params }) => {
      const auth = authProblem(request);
      if (auth) return refuse(auth);
      await record(request);
      const tracks = assets.get(String(params.assetId));
      const index = tracks?.findIndex((track) => track.id === params.trackId) ?? -1;
      if (!tracks || index < 0) return refuse({ status: 404, messages: ["Track not found"] });
      tracks.splice(index, 1);
      return new HttpResponse(null, { status: 204 });
    }),

    http.post(`${baseUrl}/video/v1/assets/:assetId/tracks`, async ({ request, params }) => {
      const auth = authProblem(request);
      if (auth) return refuse(auth);
      const body = (await request.json()) as { url?: string; type?: string; text_type?: string; language_code?: string; name?: string };
      await record(request, body);
      const tracks = assets.get(String(params.assetId));
      if (!tracks) return refuse({ status: 404, messages: ["Asset not found"] });
      const url = body.url ? new URL(body.url) : null;
      const problems = [
        (!url || !url.searchParams.get("token")) && "url must be a signed link Mux can download",
        body.type !== "text" && "type must be text",
        body.text_type !== "subtitles" && "text_type must be subtitles",
        !body.language_code && "language_code is required",
        tracks.some((track) => track.type === "text" && track.name === body.name) && "a text track with this name exists",
      ].filter((problem): problem is string => Boolean(problem));
      if (problems.length) return refuse({ status: 400, messages: problems });
      const track: Track = {
        id: `track-${++sequence}`,
        type: "text",
        text_source: "uploaded",
        language_code: body.language_code,
        name: body.name,
      };
      tracks.push(track);
      return HttpResponse.json({ data: { ...track, status: "preparing" } }, { status: 201 });
    }),
  ];

  /** An asset that exists at Mux, with its generated English track. */
  function addAsset(assetId: string) {
    assets.set(assetId, [
      { id: `${assetId}-video`, type: "video" },
      { id: `${assetId}-generated`, type: "text", text_source: "generated_vod", language_code: "en", name: "English (generated)" },
    ]);
  }

  function reset() {
    received.length = 0;
    assets.clear();
    sequence = 0;
    series = Math.random().toString(36).slice(2, 8);
  }

  return { handlers, received, assets, addAsset, reset };
}
