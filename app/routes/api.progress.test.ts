import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor, TEST_ORIGIN } from "#test/request.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { ContinueWatchingItem } from "~/modules/library/progress.server.ts";
import { MAX_BATCH_BYTES, type ProgressEvent } from "~/modules/library/progress.ts";
import { prisma } from "~/utils/db.server.ts";
import { loader as homeLoader } from "./_app.portal._index.tsx";
import { action } from "./api.progress.tsx";

let customer: { id: string; cookie: string };
let staffCookie: string;

beforeAll(async () => {
  const account = await createAccount({ tier: "LOW" });
  const user = await createUser({ role: "MEMBER", accountId: account.id });
  customer = { id: user.id, cookie: await sessionCookieFor(user.id) };
  staffCookie = await sessionCookieFor((await createUser({ role: "PUBLISHER" })).id);
});

let counter = 0;
/** A library item written straight to the database, as the editor would have left it. */
async function createItem(overrides: Partial<Prisma.ContentItemUncheckedCreateInput> = {}, durationSeconds: number | null = 100) {
  counter += 1;
  const item = await prisma.contentItem.create({
    data: {
      kind: "VIDEO",
      status: "PUBLISHED",
      slug: `api-video-${counter}`,
      title: `Video ${counter}`,
      publishedAt: new Date(),
      ...overrides,
    },
  });
  if (item.kind === "VIDEO")
    await prisma.video.create({ data: { contentId: item.id, provider: "LOCAL", status: "READY", durationSeconds } });
  return item;
}

let seq = 0;
function ev(contentId: string, type: ProgressEvent["type"], position: number, segment?: [number, number]): ProgressEvent {
  seq += 1;
  return { contentId, type, position, ...(segment ? { from: segment[0], to: segment[1] } : {}), at: 1_700_000_000_000 + seq * 10_000, seq };
}

/** Ten-second progress reports covering [from, to). */
function watch(contentId: string, from: number, to: number): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  for (let t = from; t < to; t += 10) events.push(ev(contentId, "progress", Math.min(t + 10, to), [t, Math.min(t + 10, to)]));
  return events;
}

function post(body: BodyInit, { cookie = customer.cookie, type = "application/json", origin = TEST_ORIGIN as string | null } = {}) {
  const request = buildRequest("/api/progress", { method: "POST", cookie, body, headers: { "Content-Type": type } });
  if (origin === null) request.headers.delete("Origin");
  else request.headers.set("Origin", origin);
  return invoke(action, request);
}

const send = (batchId: string, events: ProgressEvent[], options?: Parameters<typeof post>[1]) =>
  post(JSON.stringify({ batchId, events }), options);

const progressOf = (contentId: string, userId = customer.id) =>
  prisma.contentProgress.findUnique({ where: { userId_contentId: { userId, contentId } } });
const eventsOf = (contentId: string, kind: string) =>
  prisma.engagementEvent.findMany({ where: { subjectId: contentId, kind }, orderBy: { occurredAt: "asc" } });

describe("POST /api/progress", () => {
  it("records played ranges, position and percent, and answers 204", async () => {
    const video = await createItem();
    const result = await send("batch-record-1", [
      ev(video.id, "start", 0),
      ...watch(video.id, 0, 30),
      ev(video.id, "seek", 60),
      ...watch(video.id, 60, 70),
    ]);
    expect(result.status).toBe(204);
    expect(await progressOf(video.id)).toMatchObject({
      watchedRanges: "[[0,30],[60,70]]",
      watchedSeconds: 40,
      percent: 40,
      positionSeconds: 70,
      durationSeconds: 100,
      opens: 1,
      completedAt: null,
    });
    const watched = await eventsOf(video.id, "video.watched");
    expect(watched.map((event) => event.value)).toEqual([40]);
  });

  it("takes the batch as text/plain JSON too (sendBeacon with a string)", async () => {
    const video = await createItem();
    expect((await send("batch-text-plain", watch(video.id, 0, 10), { type: "text/plain;charset=UTF-8" })).status).toBe(204);
    expect((await progressOf(video.id))?.watchedSeconds).toBe(10);
  });

  it("counts a resent batch once", async () => {
    const video = await createItem();
    const events = watch(video.id, 0, 30);
    expect((await send("batch-resent-1", events)).status).toBe(204);
    const before = await progressOf(video.id);
    expect((await send("batch-resent-1", events)).status).toBe(204);
    expect(await progressOf(video.id)).toEqual(before);
    expect((await eventsOf(video.id, "video.watched")).map((event) => event.value)).toEqual([30]);

    // Watching the same part again in a new batch is played time, but no new seconds.
    expect((await send("batch-resent-2", watch(video.id, 0, 20))).status).toBe(204);
    expect((await eventsOf(video.id, "video.watched")).map((event) => event.value)).toEqual([30, 0]);
    expect((await progressOf(video.id))?.watchedSeconds).toBe(30);
  });

  it("completes at 90 % of really played ranges, once", async () => {
    const video = await createItem();
    await send("batch-complete-1", watch(video.id, 0, 50));
    expect((await progressOf(video.id))?.completedAt).toBeNull();
    await send("batch-complete-2", watch(video.id, 50, 90));
    const done = await progressOf(video.id);
    expect(done?.percent).toBe(90);
    expect(done?.completedAt).toBeInstanceOf(Date);
    await send("batch-complete-3", [...watch(video.id, 90, 100), ev(video.id, "end", 100)]);
    await send("batch-complete-4", watch(video.id, 0, 100));
    expect((await progressOf(video.id))?.completedAt).toEqual(done?.completedAt);
    expect(await eventsOf(video.id, "video.completed")).toHaveLength(1);
  });

  it("does not complete a video someone skipped to the end of", async () => {
    const video = await createItem();
    const result = await send("batch-skip-end", [
      ev(video.id, "start", 0),
      ...watch(video.id, 0, 10),
      ev(video.id, "seek", 95),
      ev(video.id, "end", 100, [95, 100]),
      // Ten seconds later, a segment claiming the whole video is more than any player could play.
      ev(video.id, "progress", 100, [0, 100]),
    ]);
    expect(result.status).toBe(204);
    expect(await progressOf(video.id)).toMatchObject({ watchedSeconds: 15, percent: 15, completedAt: null });
    expect(await eventsOf(video.id, "video.completed")).toHaveLength(0);
  });

  it("skips drafts, other tiers' videos, documents and unknown ids, reporting them", async () => {
    const visible = await createItem();
    const draft = await createItem({ status: "DRAFT" });
    const otherTier = await createItem({ audienceTiers: "HIGH" });
    const ownTier = await createItem({ audienceTiers: "LOW,TECH" });
    const onePager = await createItem({ kind: "ONE_PAGER" });
    const hidden = [draft.id, otherTier.id, onePager.id, "no-such-item"];
    const result = await send("batch-mixed", [
      ...watch(visible.id, 0, 10),
      ...watch(ownTier.id, 0, 10),
      ...hidden.flatMap((id) => watch(id, 0, 10)),
    ]);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      recorded: [visible.id, ownTier.id].sort(),
      duplicates: [],
      skipped: hidden.map((contentId) => ({ contentId, reason: "unavailable" })),
      completed: [],
    });
    for (const id of hidden) {
      expect(await progressOf(id)).toBeNull();
      expect(await prisma.engagementEvent.count({ where: { subjectId: id } })).toBe(0);
    }
  });

  it("answers 404 when nothing in the batch is available", async () => {
    const draft = await createItem({ status: "DRAFT" });
    const result = await send("batch-all-hidden", watch(draft.id, 0, 10));
    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ skipped: [{ contentId: draft.id, reason: "unavailable" }] });
    expect(await progressOf(draft.id)).toBeNull();
  });

  it("answers 401 JSON to a signed-out caller, never a redirect", async () => {
    const video = await createItem();
    const result = await send("batch-anonymous", watch(video.id, 0, 10), { cookie: null as unknown as string });
    expect(result.status).toBe(401);
    expect(result.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(result.body).toMatchObject({ error: expect.stringMatching(/sign in/i) });
  });

  it("refuses staff and other sites with 403, recording nothing", async () => {
    const video = await createItem();
    expect((await send("batch-staff", watch(video.id, 0, 10), { cookie: staffCookie })).status).toBe(403);
    expect((await send("batch-evil-site", watch(video.id, 0, 10), { origin: "https://evil.example" })).status).toBe(403);
    expect((await send("batch-no-origin", watch(video.id, 0, 10), { origin: null })).status).toBe(403);
    expect(await prisma.contentProgress.count({ where: { contentId: video.id } })).toBe(0);
  });

  it("answers 413 to a body over the limit, declared or not", async () => {
    const video = await createItem();
    const huge = JSON.stringify({ batchId: "batch-huge", events: watch(video.id, 0, 10), padding: "x".repeat(MAX_BATCH_BYTES) });
    expect((await post(huge)).status).toBe(413);
    const declared = buildRequest("/api/progress", {
      method: "POST",
      cookie: customer.cookie,
      body: "{}",
      headers: { "Content-Type": "application/json", "Content-Length": String(MAX_BATCH_BYTES + 1) },
    });
    expect((await invoke(action, declared)).status).toBe(413);
    expect(await progressOf(video.id)).toBeNull();
  });

  it("answers 400 with reasons to a malformed batch, and 415 to a form post", async () => {
    const video = await createItem();
    const notJson = await post("{not json");
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ problems: ["the body is not JSON"] });

    const badEvent = await post(
      JSON.stringify({ batchId: "batch-malformed", events: [{ contentId: video.id, type: "rewind", position: "x", at: 1, seq: 0 }] }),
    );
    expect(badEvent.status).toBe(400);
    const problems = (badEvent.body as { problems: string[] }).problems.join("\n");
    expect(problems).toMatch(/events\.0\.type/);
    expect(problems).toMatch(/events\.0\.position/);

    const tooMany = await send(
      "batch-too-many",
      Array.from({ length: 101 }, () => ev(video.id, "progress", 1)),
    );
    expect(tooMany.status).toBe(400);

    const form = await invoke(action, buildRequest("/api/progress", { cookie: customer.cookie, form: { batchId: "batch-form" } }));
    expect(form.status).toBe(415);
    expect(await progressOf(video.id)).toBeNull();
  });
});

describe("continue watching on the customer home", () => {
  it("lists only unfinished videos the customer may see, with a resume link", async () => {
    const member = await createUser({
      role: "MEMBER",
      accountId: (await prisma.user.findUniqueOrThrow({ where: { id: customer.id } })).accountId,
    });
    const cookie = await sessionCookieFor(member.id);
    const halfway = await createItem({ title: "Halfway" }, 600);
    const finished = await createItem({ title: "Finished" });
    const laterDraft = await createItem({ title: "Pulled back" });
    await send("batch-home-1", [...watch(halfway.id, 0, 100), ...watch(halfway.id, 200, 205)], { cookie });
    await send("batch-home-2", watch(finished.id, 0, 100), { cookie });
    await send("batch-home-3", watch(laterDraft.id, 0, 20), { cookie });
    await prisma.contentItem.update({ where: { id: laterDraft.id }, data: { status: "DRAFT" } });

    const home = await invoke(homeLoader, buildRequest("/portal", { cookie }));
    expect(home.status).toBe(200);
    const { continueWatching } = home.body as { continueWatching: ContinueWatchingItem[] };
    expect(continueWatching).toEqual([
      {
        contentId: halfway.id,
        slug: halfway.slug,
        title: "Halfway",
        percent: 17,
        resumeAt: 205,
        resumeLabel: "3:25",
        href: `/portal/library/${halfway.slug}?t=205`,
      },
    ]);
  });
});
