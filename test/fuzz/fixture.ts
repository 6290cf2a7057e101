// The rows the fuzz suite aims at: one of each thing a route can be about, so random input sometimes
// names a real row and reaches deep into an action instead of stopping at "not found".
import type { Role } from "~/generated/prisma/enums.ts";
import { stageImport } from "~/modules/accounts/import.server.ts";
import { createApiKey } from "~/modules/engagement/api-keys.server.ts";
import { newStorageKey, putFile } from "~/providers/storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, createTierPolicies, createUser } from "../factories.ts";
import { csmHourOffering } from "../ledger-factories.ts";
import { sessionCookieFor } from "../request.ts";
import { createVideoItem, storeReadyLocalVideo } from "../video-items.ts";

export type Actor = "anonymous" | "MEMBER" | "ACCOUNT_ADMIN" | "CSM" | "PUBLISHER" | "ADMIN" | "API_KEY";

export type FuzzFixture = {
  /** Ids of the acting users: never offered as field values, so fuzzed admin forms don't lock the actors out. */
  actorIds: Record<Exclude<Actor, "anonymous" | "API_KEY">, string>;
  apiKey: string;
  /** Real ids and slugs by the route param or field they usually fill. */
  ids: Record<string, string[]>;
  /** Every real id and slug, for any field. */
  all: string[];
};

export async function createFuzzFixture(): Promise<FuzzFixture> {
  await createTierPolicies();
  const home = await createAccount({ tier: "LOW" });
  const other = await createAccount({ tier: "TECH" });
  const roles: Array<[Exclude<Actor, "anonymous" | "API_KEY">, Role, string | null]> = [
    ["MEMBER", "MEMBER", home.id],
    ["ACCOUNT_ADMIN", "ACCOUNT_ADMIN", home.id],
    ["CSM", "CSM", null],
    ["PUBLISHER", "PUBLISHER", null],
    ["ADMIN", "ADMIN", null],
  ];
  const actorIds = {} as FuzzFixture["actorIds"];
  for (const [actor, role, accountId] of roles) actorIds[actor] = (await createUser({ role, accountId })).id;
  const colleague = await createUser({ role: "MEMBER", accountId: home.id });
  const stranger = await createUser({ role: "MEMBER", accountId: other.id });
  const admin = await prisma.user.findUniqueOrThrow({ where: { id: actorIds.ADMIN } });
  const { secret: apiKey } = await createApiKey(admin, "Fuzz key");

  const message = await prisma.outboxMessage.create({
    data: { idempotencyKey: "fuzz", from: "a@b.example", to: "c@d.example", subject: "Hello", html: "<p>Hi</p>", text: "Hi" },
  });
  const batch = await stageImport({
    kind: "ACCOUNTS",
    file: new File(["Record ID,Company name\ncrm-1,Acme\n"], "accounts.csv", { type: "text/csv" }),
    createdById: actorIds.ADMIN,
  });
  const session = await prisma.liveSession.create({
    data: {
      kind: "EXPERT",
      status: "PUBLISHED",
      title: "Fuzz session",
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example.com/fuzz",
      seatCap: 50,
      hosts: { create: [{ userId: actorIds.CSM }] },
    },
  });
  const book = await prisma.contentItem.create({
    data: {
      kind: "EBOOK",
      status: "PUBLISHED",
      slug: "fuzz-handbook",
      title: "Fuzz handbook",
      publishedAt: new Date(),
      chapters: { create: [{ position: 1, title: "Start", body: "Read me." }] },
    },
  });
  const storageKey = newStorageKey("ebooks", "fuzz.pdf");
  await putFile(storageKey, new TextEncoder().encode("%PDF-1.4\n%%EOF\n"));
  await prisma.contentFile.create({
    data: { contentId: book.id, filename: "fuzz.pdf", mimeType: "application/pdf", sizeBytes: 15, storageKey },
  });
  const videoItem = await createVideoItem({ audienceTiers: "LOW" });
  const captionsKey = newStorageKey("captions", "captions-en.vtt");
  await putFile(captionsKey, new TextEncoder().encode("WEBVTT\n"));
  const video = await storeReadyLocalVideo(videoItem.id, undefined, { captionsKey, captionsLang: "en" });
  const item = await prisma.contentItem.create({
    data: { kind: "ONE_PAGER", status: "PUBLISHED", slug: "fuzz-one-pager", title: "Fuzz one-pager", publishedAt: new Date() },
  });
  const draftPath = await prisma.learningPath.create({
    data: { slug: "fuzz-draft", title: "Fuzz draft", steps: { create: [{ position: 1, contentId: item.id }] } },
  });
  const publishedPath = await prisma.learningPath.create({
    data: {
      slug: "fuzz-path",
      title: "Fuzz path",
      status: "PUBLISHED",
      publishedAt: new Date(),
      steps: { create: [{ position: 1, contentId: item.id }] },
    },
  });
  const topic = await prisma.newsletterTopic.create({ data: { slug: "fuzz-topic", name: "Fuzz topic" } });
  const sentNewsletter = await prisma.newsletter.create({ data: { subject: "Fuzz sent", topicId: topic.id, status: "SENT" } });
  const draftNewsletter = await prisma.newsletter.create({
    data: { subject: "Fuzz draft", topicId: topic.id, blocks: JSON.stringify([{ type: "text", markdown: "Hello" }]) },
  });
  const segment = await prisma.segment.create({
    data: { name: "Fuzz segment", rules: JSON.stringify({ match: "all", conditions: [{ field: "tier", op: "in", values: ["LOW"] }] }) },
  });
  const offering = await csmHourOffering();
  const bookingAt = (startsAt: Date) =>
    prisma.csmBooking.create({
      data: {
        offeringId: offering.id,
        csmId: actorIds.CSM,
        accountId: home.id,
        bookedById: actorIds.MEMBER,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        timeZone: "UTC",
        purpose: "Fuzz",
      },
    });
  const started = await bookingAt(new Date(Date.now() - 2 * 3_600_000));
  const upcoming = await bookingAt(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 7 * 86_400_000));

  const ids: Record<string, string[]> = {
    accountId: [home.id, other.id],
    userId: [colleague.id, stranger.id],
    messageId: [message.id],
    batchId: [batch.id],
    sessionId: [session.id],
    contentId: [book.id, videoItem.id, item.id],
    videoId: [video.id],
    slug: [book.slug, publishedPath.slug, item.slug],
    pathId: [draftPath.id, publishedPath.id],
    topicId: [topic.id],
    newsletterId: [draftNewsletter.id, sentNewsletter.id],
    segmentId: [segment.id],
    bookingId: [upcoming.id, started.id],
    offeringId: [offering.id],
  };
  return { actorIds, apiKey, ids, all: [...new Set(Object.values(ids).flat())] };
}

/** A fresh session per actor: a fuzzed form that signs someone out or changes their password stays in its own route. */
export async function cookiesFor(fixture: FuzzFixture): Promise<Map<Actor, string | null>> {
  const cookies = new Map<Actor, string | null>([
    ["anonymous", null],
    ["API_KEY", null],
  ]);
  for (const [actor, id] of Object.entries(fixture.actorIds)) cookies.set(actor as Actor, await sessionCookieFor(id));
  return cookies;
}
