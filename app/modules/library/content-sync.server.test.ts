import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#test/factories.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { pathForKey } from "~/providers/storage.server.ts";
import { syncContent } from "./content-sync.server.ts";
import { searchContent } from "./search.server.ts";

const SHIPPED = path.resolve("content");
const PUBLISHER: Actor = { id: "publisher", role: "PUBLISHER", accountId: null };
let dir: string;

async function snapshot() {
  const [items, chapters, topics, index] = await Promise.all([
    prisma.contentItem.findMany({ orderBy: { id: "asc" }, select: { id: true, updatedAt: true, sourceHash: true, status: true } }),
    prisma.ebookChapter.findMany({ orderBy: { id: "asc" }, select: { id: true } }),
    prisma.contentTopic.count(),
    prisma.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS n FROM "ContentSearch"`,
  ]);
  return JSON.stringify({ items, chapters, topics, index: Number(index[0]!.n) });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lyceum-content-"));
  fs.cpSync(SHIPPED, dir, { recursive: true });
  // Another importer's folder: the library sync must not read it.
  fs.mkdirSync(path.join(dir, "paths"), { recursive: true });
  fs.writeFileSync(path.join(dir, "paths", "getting-started.md"), "---\ntitle: A path\n---\nnot an item\n");
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const shippedFiles = () => fs.readdirSync(path.join(SHIPPED, "library")).filter((name) => name.endsWith(".md"));

describe("syncContent", () => {
  it("imports every shipped file, published, chaptered and searchable", async () => {
    const lines: string[] = [];
    const report = await syncContent(dir, { log: (line) => lines.push(line) });
    expect(report.failed).toEqual([]);
    expect(report).toMatchObject({ created: shippedFiles().length, updated: 0, unchanged: 0 });
    expect(shippedFiles().length).toBeGreaterThanOrEqual(6);
    expect(lines).toHaveLength(shippedFiles().length);

    const handbook = await prisma.contentItem.findUniqueOrThrow({
      where: { slug: "the-admins-handbook" },
      include: { chapters: { orderBy: { position: "asc" } }, topics: true },
    });
    expect(handbook).toMatchObject({ kind: "EBOOK", status: "PUBLISHED", body: "", sourcePath: "library/the-admins-handbook.md" });
    expect(handbook.chapters.length).toBeGreaterThanOrEqual(4);
    expect(handbook.chapters.every((chapter) => chapter.body.length > 100)).toBe(true);
    expect(handbook.publishedAt).toBeInstanceOf(Date);
    expect(await prisma.contentItem.count({ where: { title: "A path" } })).toBe(0);

    const account = await createAccount({ tier: "TECH" });
    const customer: Actor = { id: "reader", role: "MEMBER", accountId: account.id };
    const hits = await searchContent(customer, "reconcile");
    expect(hits.map((hit) => hit.contentId)).toContain(handbook.id);
  });

  it("writes nothing on a second run with the same files", async () => {
    const before = await snapshot();
    const report = await syncContent(dir);
    expect(report).toEqual({ created: 0, updated: 0, unchanged: shippedFiles().length, failed: [] });
    expect(await snapshot()).toBe(before);
  });

  it("updates and reindexes a changed file, leaving the others alone", async () => {
    const file = path.join(dir, "library", "adding-users-and-sso.md");
    const before = await prisma.contentItem.findUniqueOrThrow({ where: { sourcePath: "library/adding-users-and-sso.md" } });
    const others = await prisma.contentItem.findMany({ where: { id: { not: before.id } }, select: { id: true, updatedAt: true } });
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, "utf8")
        .replace("title: Adding users and single sign-on", "title: Adding people and single sign-on")
        .replace("topics: [administration, security]", "topics: [administration]")
        .concat("\nAsk about the flamingo protocol.\n"),
    );
    const report = await syncContent(dir);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: shippedFiles().length - 1 });
    const after = await prisma.contentItem.findUniqueOrThrow({ where: { id: before.id }, include: { topics: true } });
    expect(after.title).toBe("Adding people and single sign-on");
    expect(after.topics.map((row) => row.topic)).toEqual(["administration"]);
    expect(after.sourceHash).not.toBe(before.sourceHash);
    expect(after.publishedAt).toEqual(before.publishedAt);
    expect((await searchContent(PUBLISHER, "flamingo")).map((hit) => hit.contentId)).toEqual([before.id]);
    expect(await prisma.contentItem.findMany({ where: { id: { not: before.id } }, select: { id: true, updatedAt: true } })).toEqual(others);
  });

  it("reports a broken file or a slug the console already uses, and imports the rest", async () => {
    await prisma.contentItem.create({ data: { kind: "ONE_PAGER", slug: "console-made", title: "Made in the console", body: "x" } });
    fs.writeFileSync(path.join(dir, "library", "broken.md"), "---\nkind: PODCAST\ntitle: Broken\n---\nText\n");
    fs.writeFileSync(path.join(dir, "library", "clash.md"), "---\nkind: ONE_PAGER\nslug: console-made\ntitle: Clash\n---\nText\n");
    fs.writeFileSync(path.join(dir, "library", "fresh.md"), "---\nkind: ONE_PAGER\ntitle: Fresh\naudience: [low, tech]\n---\nNew text\n");
    const report = await syncContent(dir);
    expect(report.created).toBe(1);
    expect(report.failed.map((failure) => failure.file).sort()).toEqual(["library/broken.md", "library/clash.md"]);
    expect(report.failed.find((failure) => failure.file === "library/broken.md")?.reason).toMatch(/kind/);
    expect(report.failed.find((failure) => failure.file === "library/clash.md")?.reason).toMatch(/slug is taken/);
    // The slug defaults to the file's name; a file without a status stays a draft.
    expect(await prisma.contentItem.findUniqueOrThrow({ where: { slug: "fresh" } })).toMatchObject({
      status: "DRAFT",
      audienceTiers: "LOW,TECH",
      title: "Fresh",
    });
    expect((await prisma.contentItem.findUniqueOrThrow({ where: { slug: "console-made" } })).title).toBe("Made in the console");
  });

  it("answers an empty report when there is no library folder", async () => {
    expect(await syncContent(path.join(dir, "nowhere"))).toEqual({ created: 0, updated: 0, unchanged: 0, failed: [] });
  });

  it("stores a starter video as a ready local video, replaces it when its bytes change, and reports a missing one", async () => {
    const tour = await prisma.contentItem.findUniqueOrThrow({ where: { slug: "workspace-tour" }, include: { video: true } });
    expect(tour.video).toMatchObject({ provider: "LOCAL", status: "READY", mimeType: "video/webm", durationSeconds: 24 });
    const firstKey = tour.video!.storageKey!;
    expect(fs.existsSync(pathForKey(firstKey))).toBe(true);

    // New bytes, same markdown: the item is re-imported and the old file removed.
    const media = path.join(dir, "library", "media", "workspace-tour.webm");
    fs.appendFileSync(media, Buffer.alloc(16));
    const report = await syncContent(dir);
    expect(report.updated).toBe(1);
    const replaced = await prisma.video.findUniqueOrThrow({ where: { contentId: tour.id } });
    expect(replaced.storageKey).not.toBe(firstKey);
    expect(replaced.sizeBytes).toBe(fs.statSync(media).size);
    expect(fs.existsSync(pathForKey(firstKey))).toBe(false);

    fs.writeFileSync(
      path.join(dir, "library", "lost-video.md"),
      "---\nkind: VIDEO\ntitle: Lost video\nvideo: media/nowhere.webm\n---\nNotes.\n",
    );
    const lost = await syncContent(dir);
    expect(lost.failed).toContainEqual({
      file: "library/lost-video.md",
      reason: "video file media/nowhere.webm not found beside lost-video.md",
    });
  });
});
