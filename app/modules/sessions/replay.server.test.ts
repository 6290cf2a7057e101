import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { getSessionReplay, setReplay } from "./replay.server.ts";

const NOW = new Date("2026-11-23T12:00:00Z");

let publisher: Actor;
let admin: Actor;
let csm: Actor;
let customer: Actor;

const actorOf = (user: { id: string; role: Actor["role"]; accountId: string | null }): Actor => ({
  id: user.id,
  role: user.role,
  accountId: user.accountId,
});

beforeAll(async () => {
  publisher = actorOf(await createUser({ role: "PUBLISHER" }));
  admin = actorOf(await createUser({ role: "ADMIN" }));
  csm = actorOf(await createUser({ role: "CSM" }));
  const account = await createAccount({ domains: ["replay-co.example"] });
  customer = actorOf(await createUser({ role: "MEMBER", accountId: account.id, email: "member@replay-co.example" }));
});

function createSession(data: Partial<Prisma.LiveSessionUncheckedCreateInput> = {}) {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: "Replay me",
      startsAt: new Date("2026-11-23T10:00:00Z"),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/replay",
      ...data,
    },
  });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const replayOf = async (id: string) => (await prisma.liveSession.findUniqueOrThrow({ where: { id } })).replayUrl;

describe("setReplay", () => {
  it("sets, trims and removes the replay of a session that has started", async () => {
    const session = await createSession();
    expect(await setReplay(publisher, session.id, { url: "  https://videos.example/r/1  " }, { now: NOW })).toEqual({
      id: session.id,
      replayUrl: "https://videos.example/r/1",
      replayContentId: null,
    });
    expect(await replayOf(session.id)).toBe("https://videos.example/r/1");
    await setReplay(admin, session.id, { url: null }, { now: NOW });
    expect(await replayOf(session.id)).toBeNull();
    await setReplay(admin, session.id, { url: "https://videos.example/r/2" }, { now: NOW });
    await setReplay(admin, session.id, { url: "   " }, { now: NOW });
    expect(await replayOf(session.id)).toBeNull();
  });

  it("refuses a URL that is not https, on the replayUrl field", async () => {
    const session = await createSession();
    for (const url of [
      "http://videos.example/r/1",
      "javascript:alert(1)",
      "videos.example/r/1",
      `https://v.example/${"a".repeat(2_000)}`,
    ]) {
      expect(await refusal(setReplay(publisher, session.id, { url }, { now: NOW }))).toMatchObject({ status: 400, field: "replayUrl" });
    }
    expect(await replayOf(session.id)).toBeNull();
  });

  it("refuses sessions that have not started or were cancelled (409) and unknown ones (404)", async () => {
    const future = await createSession({ startsAt: new Date("2026-11-23T13:00:00Z") });
    expect(await refusal(setReplay(publisher, future.id, { url: "https://v.example/1" }, { now: NOW }))).toMatchObject({ status: 409 });
    const cancelled = await createSession({ status: "CANCELLED", cancelledAt: NOW });
    expect(await refusal(setReplay(publisher, cancelled.id, { url: "https://v.example/1" }, { now: NOW }))).toMatchObject({ status: 409 });
    expect(await refusal(setReplay(publisher, "missing", { url: "https://v.example/1" }, { now: NOW }))).toMatchObject({ status: 404 });
    expect(await replayOf(future.id)).toBeNull();
  });

  it("is for publishers and admins only: CSMs get 403, customers 404", async () => {
    const session = await createSession();
    expect(await refusal(setReplay(csm, session.id, { url: "https://v.example/1" }, { now: NOW }))).toMatchObject({ status: 403 });
    expect(await refusal(setReplay(customer, session.id, { url: "https://v.example/1" }, { now: NOW }))).toMatchObject({ status: 404 });
    expect(await refusal(getSessionReplay(csm, session.id))).toMatchObject({ status: 403 });
    expect(await getSessionReplay(publisher, session.id)).toMatchObject({ id: session.id, replayUrl: null });
  });

  it("links a library video instead of an address, and refuses both at once or a non-video", async () => {
    const session = await createSession();
    const video = await prisma.contentItem.create({ data: { kind: "VIDEO", slug: "replay-video", title: "The recording" } });
    const page = await prisma.contentItem.create({ data: { kind: "ONE_PAGER", slug: "replay-page", title: "Not a video" } });
    await setReplay(publisher, session.id, { url: "https://videos.example/r/9" }, { now: NOW });
    expect(await setReplay(publisher, session.id, { contentId: video.id }, { now: NOW })).toMatchObject({
      replayUrl: null,
      replayContentId: video.id,
    });
    expect(await refusal(setReplay(publisher, session.id, { contentId: page.id }, { now: NOW }))).toMatchObject({
      status: 400,
      field: "replayContentId",
    });
    expect(
      await refusal(setReplay(publisher, session.id, { contentId: video.id, url: "https://videos.example/r/9" }, { now: NOW })),
    ).toMatchObject({ status: 400, field: "replayContentId" });
    const stored = await prisma.liveSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored).toMatchObject({ replayUrl: null, replayContentId: video.id });
    expect(await getSessionReplay(publisher, session.id)).toMatchObject({ replayContent: { slug: "replay-video", status: "DRAFT" } });
  });
});
