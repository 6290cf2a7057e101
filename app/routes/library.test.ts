import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { Tier } from "~/generated/prisma/enums.ts";
import type { ContentPage } from "~/modules/library/content-page.server.ts";
import { storageRoot } from "~/providers/storage.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { resetEnvForTests } from "~/utils/env.server.ts";
import { action as itemAction, loader as itemLoader } from "./_app.console.library.$contentId.tsx";
import { action as pdfAction, loader as pdfLoader } from "./_app.console.library.$contentId_.pdf.tsx";
import { loader as previewLoader } from "./_app.console.library.$contentId_.preview.tsx";
import { loader as consoleListLoader } from "./_app.console.library._index.tsx";
import { action as newAction, loader as newLoader } from "./_app.console.library.new.tsx";
import { loader as pageLoader } from "./_app.portal.library.$slug.tsx";
import { loader as libraryLoader } from "./_app.portal.library._index.tsx";
import { loader as downloadLoader } from "./portal.library.$slug.download.tsx";

type FormBody = { intent: string; result: { status?: string; error?: Record<string, string[] | null> }; done?: string };
type LibraryBody = { items: { slug: string; title: string; snippet: { text: string; hit: boolean }[] | null }[]; total: number };

let publisher: string;
let csm: string;
const customers: Record<Tier, { cookie: string; id: string; accountId: string }> = {} as never;

const form = (overrides: Record<string, string | string[]> = {}) => ({
  intent: "save",
  kind: "ONE_PAGER",
  title: "Exporting reports to spreadsheets",
  summary: "Get any report into Excel.",
  topics: "Reporting, Integrations , reporting",
  body: "Choose **Share → Export** on any report. Exports respect each reader's permissions.",
  ...overrides,
});

async function create(overrides: Record<string, string | string[]> = {}) {
  const result = await invoke(newAction, buildRequest("/console/library/new", { cookie: publisher, form: form(overrides) }));
  expect(result.status, JSON.stringify(result.body)).toBe(302);
  return result.headers.get("Location")!.match(/\/console\/library\/([^/?]+)/)![1]!;
}

async function post(contentId: string, values: Record<string, string | string[]>, cookie = publisher) {
  return invoke(itemAction, buildRequest(`/console/library/${contentId}`, { cookie, form: values }), { contentId });
}

async function publish(contentId: string) {
  const result = await post(contentId, { intent: "publish" });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

async function openPage(slug: string, cookie: string, query = "") {
  return invoke(pageLoader, buildRequest(`/portal/library/${slug}${query}`, { cookie }), { slug });
}

async function searchLibrary(cookie: string, query: string) {
  const result = await invoke(libraryLoader, buildRequest(`/portal/library?${query}`, { cookie }));
  expect(result.status).toBe(200);
  return result.body as LibraryBody;
}

beforeAll(async () => {
  const publisherUser = await createUser({ role: "PUBLISHER", name: "Pat Publisher", timeZone: "America/New_York" });
  publisher = await sessionCookieFor(publisherUser.id);
  csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
  for (const tier of ["HIGH", "LOW", "TECH"] as const) {
    const account = await createAccount({ tier });
    const member = await createUser({ role: "MEMBER", accountId: account.id, timeZone: "Europe/Paris" });
    customers[tier] = { cookie: await sessionCookieFor(member.id), id: member.id, accountId: account.id };
  }
});

describe("the editor", () => {
  it("answers bad input with 400 and field errors, never a 500", async () => {
    const result = await invoke(
      newAction,
      buildRequest("/console/library/new", {
        cookie: publisher,
        form: form({ title: "", slug: "Not a slug!", minutes: "soon", body: "", audienceTiers: ["GOLD"] }),
      }),
    );
    expect(result.status).toBe(400);
    const errors = (result.body as FormBody).result.error ?? {};
    expect(Object.keys(errors).sort()).toEqual(expect.arrayContaining(["audienceTiers[0]", "minutes", "slug", "title"]));
    const unknownKind = await invoke(
      newAction,
      buildRequest("/console/library/new", { cookie: publisher, form: form({ kind: "PODCAST" }) }),
    );
    expect(unknownKind.status).toBe(400);
    expect((unknownKind.body as FormBody).result.error?.kind).toBeTruthy();
    const noText = await invoke(newAction, buildRequest("/console/library/new", { cookie: publisher, form: form({ body: "  " }) }));
    expect((noText.body as FormBody).result.error?.body).toEqual(["Write the one-pager's text"]);
    expect(await prisma.contentItem.count({ where: { title: "" } })).toBe(0);
  });

  it("opens for one kind at a time, or offers the choice", async () => {
    const chosen = await invoke(newLoader, buildRequest("/console/library/new?kind=EBOOK", { cookie: publisher }));
    expect((chosen.body as { defaults: { kind: string } }).defaults.kind).toBe("EBOOK");
    const choice = await invoke(newLoader, buildRequest("/console/library/new?kind=nonsense", { cookie: publisher }));
    expect((choice.body as { defaults: unknown }).defaults).toBeNull();
  });

  it("creates a draft with a slug made from the title, its topics and an estimate of the minutes", async () => {
    const id = await create();
    const item = await prisma.contentItem.findUniqueOrThrow({ where: { id }, include: { topics: true } });
    expect(item).toMatchObject({ status: "DRAFT", slug: "exporting-reports-to-spreadsheets", minutes: 1, publishedAt: null });
    expect(item.topics.map((row) => row.topic).sort()).toEqual(["integrations", "reporting"]);
    // The same title again: a made-up slug takes the next free number instead of failing.
    const again = await create();
    expect((await prisma.contentItem.findUniqueOrThrow({ where: { id: again } })).slug).toBe("exporting-reports-to-spreadsheets-2");
  });

  it("refuses a chosen slug someone else holds with 409 on the slug field, on create and on edit", async () => {
    await create({ title: "Taken", slug: "taken-slug" });
    const clash = await invoke(
      newAction,
      buildRequest("/console/library/new", { cookie: publisher, form: form({ title: "Other", slug: "Taken-Slug" }) }),
    );
    expect(clash.status).toBe(409);
    expect((clash.body as FormBody).result.error?.slug?.[0]).toMatch(/slug is taken/);
    const other = await create({ title: "Another one", slug: "another-one" });
    const edit = await post(other, form({ title: "Another one", slug: "taken-slug" }));
    expect(edit.status).toBe(409);
    expect((edit.body as FormBody).result.error?.slug).toBeTruthy();
    expect((await prisma.contentItem.findUniqueOrThrow({ where: { id: other } })).slug).toBe("another-one");
  });

  it("saves edits, keeps the kind, and shows an e-book's chapters as one text", async () => {
    const id = await create({ kind: "EBOOK", title: "Handbook", body: "Intro text.\n\n## Setup\n\nStep one.\n\n## Use\n\nStep two." });
    const page = await invoke(itemLoader, buildRequest(`/console/library/${id}`, { cookie: publisher }), { contentId: id });
    const loaded = page.body as { item: { chapterCount: number; updated: string }; defaults: { body: string } };
    expect(loaded.item.chapterCount).toBe(3);
    expect(loaded.item.updated).toMatch(/E[SD]T$/);
    expect(loaded.defaults.body).toBe("## Introduction\n\nIntro text.\n\n## Setup\n\nStep one.\n\n## Use\n\nStep two.");

    const saved = await post(id, form({ kind: "EBOOK", title: "Handbook, revised", body: "## Only\n\nOne chapter now." }));
    expect(saved.status).toBe(200);
    expect((saved.body as FormBody).done).toBe("Changes saved.");
    const chapters = await prisma.ebookChapter.findMany({ where: { contentId: id }, orderBy: { position: "asc" } });
    expect(chapters.map((chapter) => [chapter.position, chapter.title])).toEqual([[1, "Only"]]);

    const changedKind = await post(id, form({ kind: "ONE_PAGER" }));
    expect(changedKind.status).toBe(400);
    expect((changedKind.body as FormBody).result.error?.kind).toBeTruthy();
  });

  it("lists items for the console with filters, times in the publisher's zone", async () => {
    const result = await invoke(consoleListLoader, buildRequest("/console/library?kind=EBOOK&status=DRAFT", { cookie: publisher }));
    const body = result.body as { items: { kindLabel: string; statusLabel: string; updated: string }[] };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((item) => item.kindLabel === "E-book" && item.statusLabel === "Draft")).toBe(true);
    expect(body.items[0]!.updated).toMatch(/E[SD]T$/);
    expect((await invoke(consoleListLoader, buildRequest("/console/library", { cookie: csm }))).status).toBe(403);
  });
});

describe("publishing and who sees what", () => {
  it("keeps drafts from customers, shows them to staff in preview, and honours the audience", async () => {
    const id = await create({ title: "Tiered guide", slug: "tiered-guide", audienceTiers: ["LOW", "HIGH"] });
    expect((await openPage("tiered-guide", customers.LOW.cookie)).status).toBe(404);
    const preview = await invoke(previewLoader, buildRequest(`/console/library/${id}/preview`, { cookie: publisher }), { contentId: id });
    expect(preview.status).toBe(200);
    expect((preview.body as ContentPage).preview).toBe(true);

    await publish(id);
    const item = await prisma.contentItem.findUniqueOrThrow({ where: { id } });
    expect(item.status).toBe("PUBLISHED");
    expect(item.publishedAt).toBeInstanceOf(Date);
    expect((await openPage("tiered-guide", customers.LOW.cookie)).status).toBe(200);
    expect((await openPage("tiered-guide", customers.HIGH.cookie)).status).toBe(200);
    expect((await openPage("tiered-guide", customers.TECH.cookie)).status).toBe(404);
    expect((await searchLibrary(customers.TECH.cookie, "q=tiered")).items).toEqual([]);

    const unpublished = await post(id, { intent: "unpublish" });
    expect((unpublished.body as FormBody).done).toMatch(/Unpublished/);
    expect((await openPage("tiered-guide", customers.LOW.cookie)).status).toBe(404);
    // Publishing again keeps the first publication date.
    await publish(id);
    expect((await prisma.contentItem.findUniqueOrThrow({ where: { id } })).publishedAt).toEqual(item.publishedAt);
  });

  it("refuses to publish an e-book with neither chapters nor a PDF", async () => {
    const id = await create({ kind: "EBOOK", title: "Empty book", body: "" });
    const result = await post(id, { intent: "publish" });
    expect(result.status).toBe(409);
    expect((await prisma.contentItem.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
  });

  it("deletes an item with its search entry, after the confirmation form posts", async () => {
    const id = await create({ title: "Short-lived zebra note", body: "zebra crossing" });
    await publish(id);
    expect((await searchLibrary(customers.LOW.cookie, "q=zebra")).total).toBe(1);
    const result = await post(id, { intent: "delete" });
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/console/library?deleted=Short-lived%20zebra%20note");
    expect(await prisma.contentItem.count({ where: { id } })).toBe(0);
    expect((await searchLibrary(customers.LOW.cookie, "q=zebra")).total).toBe(0);
    expect((await post(id, { intent: "delete" })).status).toBe(404);
  });
});

describe("reading", () => {
  it("strips everything hostile from a one-pager and records one open a day", async () => {
    const id = await create({
      title: "Hostile one-pager",
      slug: "hostile-one-pager",
      body: [
        "Safe words.",
        "<script>alert('body')</script>",
        "[click me](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<iframe src="https://evil.example"></iframe>',
        '<a href="JaVaScRiPt:alert(2)">raw</a>',
      ].join("\n\n"),
    });
    await publish(id);
    const first = await openPage("hostile-one-pager", customers.TECH.cookie);
    expect(first.status).toBe(200);
    const html = (first.body as ContentPage).item.html;
    expect(html).toContain("Safe words.");
    expect(html).toContain("click me");
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|<img/i);
    expect((first.body as ContentPage).printUrl).toBe("http://localhost:3000/portal/library/hostile-one-pager");

    await openPage("hostile-one-pager", customers.TECH.cookie);
    const events = await prisma.engagementEvent.findMany({ where: { kind: "document.opened", subjectId: id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId: customers.TECH.id, accountId: customers.TECH.accountId, subjectType: "content" });
    const progress = await prisma.contentProgress.findUniqueOrThrow({
      where: { userId_contentId: { userId: customers.TECH.id, contentId: id } },
    });
    expect(progress).toMatchObject({ opens: 2, downloads: 0, accountId: customers.TECH.accountId });
    expect(progress.completedAt).toBeInstanceOf(Date);
    // A staff preview is not a customer's read.
    await invoke(previewLoader, buildRequest(`/console/library/${id}/preview`, { cookie: publisher }), { contentId: id });
    expect(await prisma.contentProgress.count({ where: { contentId: id } })).toBe(1);
  });

  it("reads an e-book chapter by chapter with a table of contents and previous/next links", async () => {
    const id = await create({
      kind: "EBOOK",
      title: "Chaptered book",
      slug: "chaptered-book",
      body: "## First\n\nOne.\n\n## Second\n\nTwo <script>x</script>.\n\n## Third\n\nThree.",
    });
    await publish(id);
    const contents = (await openPage("chaptered-book", customers.LOW.cookie)).body as ContentPage;
    expect(contents.ebook?.current).toBeNull();
    expect(contents.ebook?.chapters.map((chapter) => [chapter.number, chapter.title, chapter.href])).toEqual([
      [1, "First", "/portal/library/chaptered-book?chapter=1"],
      [2, "Second", "/portal/library/chaptered-book?chapter=2"],
      [3, "Third", "/portal/library/chaptered-book?chapter=3"],
    ]);
    const second = (await openPage("chaptered-book", customers.LOW.cookie, "?chapter=2")).body as ContentPage;
    expect(second.ebook?.current).toMatchObject({
      number: 2,
      title: "Second",
      prev: { title: "First", href: "/portal/library/chaptered-book?chapter=1" },
      next: { title: "Third", href: "/portal/library/chaptered-book?chapter=3" },
    });
    expect(second.ebook?.current?.html).not.toContain("<script");
    expect(second.ebook?.chapters.find((chapter) => chapter.current)?.number).toBe(2);
    for (const bad of ["?chapter=9", "?chapter=abc", "?chapter=-1"]) {
      expect((await openPage("chaptered-book", customers.LOW.cookie, bad)).status, bad).toBe(404);
    }
    // Reading several chapters on one day is one open event.
    expect(await prisma.engagementEvent.count({ where: { kind: "document.opened", subjectId: id } })).toBe(1);
  });

  it("renders a video item through the video player's data", async () => {
    const id = await create({ kind: "VIDEO", title: "Dashboards in five minutes", slug: "dashboards-video", body: "Notes **here**." });
    await publish(id);
    const page = (await openPage("dashboards-video", customers.HIGH.cookie)).body as ContentPage;
    expect(page.video).toEqual({ playback: null, startAt: 0 });
    expect(page.item.html).toBe("<p>Notes <strong>here</strong>.</p>");
    // Videos record their own viewing signals; opening the page is not a document open.
    expect(await prisma.engagementEvent.count({ where: { subjectId: id } })).toBe(0);
  });
});

describe("e-book PDFs", () => {
  let bookId: string;
  const pdfBytes = new TextEncoder().encode(`%PDF-1.7\n${"x".repeat(2_000)}\n%%EOF\n`);

  beforeAll(async () => {
    bookId = await create({ kind: "EBOOK", title: "PDF book", slug: "pdf-book", body: "", audienceTiers: ["LOW"] });
  });

  afterEach(() => {
    delete process.env.UPLOAD_MAX_MB;
    resetEnvForTests();
  });

  function upload(file: File, contentId = bookId) {
    const body = new FormData();
    body.append("file", file);
    return invoke(pdfAction, buildRequest(`/console/library/${contentId}/pdf`, { cookie: publisher, form: body }), { contentId });
  }

  function storedFiles() {
    const root = path.join(storageRoot(), "ebooks");
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  }

  it("refuses what is not a PDF, by declared type and by its first bytes", async () => {
    const wrongType = await upload(new File(["hello"], "notes.txt", { type: "text/plain" }));
    expect(wrongType.status).toBe(400);
    expect((wrongType.body as { error: string }).error).toMatch(/not a PDF/);
    const disguised = await upload(new File(["<html><script>alert(1)</script>"], "book.pdf", { type: "application/pdf" }));
    expect(disguised.status).toBe(400);
    const empty = await upload(new File([], "", { type: "application/octet-stream" }));
    expect(empty.status).toBe(400);
    expect(await prisma.contentFile.count({ where: { contentId: bookId } })).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("answers 400, not 500, to a multipart body the parser rejects (a part with an empty name, found by fuzzing)", async () => {
    const body = new FormData();
    body.append("", "");
    const result = await invoke(pdfAction, buildRequest(`/console/library/${bookId}/pdf`, { cookie: publisher, form: body }), {
      contentId: bookId,
    });
    expect(result.status).toBe(400);
    expect((result.body as { error: string }).error).toMatch(/could not be read/);
    expect(storedFiles()).toEqual([]);
  });

  it("refuses a file over UPLOAD_MAX_MB without keeping any of it", async () => {
    process.env.UPLOAD_MAX_MB = "1";
    resetEnvForTests();
    const big = new Uint8Array(1024 * 1024 + 10);
    big.set(new TextEncoder().encode("%PDF-1.7\n"));
    const result = await upload(new File([big], "huge.pdf", { type: "application/pdf" }));
    expect(result.status).toBe(400);
    expect((result.body as { error: string }).error).toMatch(/larger than 1 MB/);
    expect(storedFiles()).toEqual([]);
    expect(await prisma.contentFile.count({ where: { contentId: bookId } })).toBe(0);
  });

  it("only e-books take a PDF, and only publishers upload one", async () => {
    const onePager = await create({ title: "Not a book" });
    expect((await upload(new File([pdfBytes], "a.pdf", { type: "application/pdf" }), onePager)).status).toBe(404);
    const loaded = await invoke(pdfLoader, buildRequest(`/console/library/${bookId}/pdf`, { cookie: csm }), { contentId: bookId });
    expect(loaded.status).toBe(403);
  });

  it("stores a PDF, replaces it on a second upload, and lets the book be published", async () => {
    const first = await upload(new File([pdfBytes], "Guide v1.pdf", { type: "application/pdf" }));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect((first.body as { done: string }).done).toMatch(/Uploaded Guide v1\.pdf/);
    const second = await upload(new File([pdfBytes], "Guide v2.pdf", { type: "application/pdf" }));
    expect(second.status).toBe(200);
    const file = await prisma.contentFile.findUniqueOrThrow({ where: { contentId: bookId } });
    expect(file).toMatchObject({ filename: "Guide v2.pdf", mimeType: "application/pdf", sizeBytes: pdfBytes.byteLength });
    expect(storedFiles()).toHaveLength(1);
    await publish(bookId);
  });

  it("serves the PDF with ranges and records one download per person and day", async () => {
    const request = (range?: string, cookie = customers.LOW.cookie) =>
      invoke(downloadLoader, buildRequest("/portal/library/pdf-book/download", { cookie, headers: range ? { Range: range } : {} }), {
        slug: "pdf-book",
      });
    const partial = await request("bytes=0-9");
    expect(partial.status).toBe(206);
    expect(partial.headers.get("Content-Range")).toBe(`bytes 0-9/${pdfBytes.byteLength}`);
    expect(partial.body).toBe("%PDF-1.7\nx");
    expect(partial.headers.get("Content-Disposition")).toContain("Guide%20v2.pdf");
    const events = await prisma.engagementEvent.findMany({ where: { kind: "document.downloaded", subjectId: bookId } });
    expect(events).toHaveLength(1);
    expect(events[0]!.userId).toBe(customers.LOW.id);

    // The rest of the same file is the same download; a whole new download counts but is the same day's event.
    expect((await request("bytes=10-")).status).toBe(206);
    expect((await request()).status).toBe(200);
    const progress = await prisma.contentProgress.findUniqueOrThrow({
      where: { userId_contentId: { userId: customers.LOW.id, contentId: bookId } },
    });
    expect(progress).toMatchObject({ downloads: 2, opens: 0 });
    expect(await prisma.engagementEvent.count({ where: { kind: "document.downloaded", subjectId: bookId } })).toBe(1);

    expect((await request(undefined, customers.TECH.cookie)).status).toBe(404);
    expect((await request(undefined, csm)).status).toBe(403);
    // Staff may download to check the file; it is not recorded as a customer's download.
    expect((await request(undefined, publisher)).status).toBe(200);
    expect(await prisma.contentProgress.count({ where: { contentId: bookId } })).toBe(1);
  });

  it("shows the PDF on the book's page", async () => {
    const page = (await openPage("pdf-book", customers.LOW.cookie)).body as ContentPage;
    expect(page.ebook?.file).toMatchObject({ filename: "Guide v2.pdf", href: "/portal/library/pdf-book/download" });
  });
});

describe("the customer's library", () => {
  beforeAll(async () => {
    const titleHit = await create({
      title: "Usage dashboard basics",
      slug: "usage-dashboard-basics",
      summary: "Start here.",
      topics: "dashboards",
      body: "A short tour of the charts.",
    });
    const bodyHit = await create({
      title: "Quarterly planning",
      slug: "quarterly-planning",
      topics: "success planning",
      body: "Before the review, export the usage dashboard and compare weekly active users with the licences you bought.",
    });
    const draft = await create({ title: "Unreleased dashboard secrets", body: "usage dashboard roadmap" });
    await publish(titleHit);
    await publish(bodyHit);
    expect(draft).toBeTruthy();
  });

  it("finds a phrase from a body, with the words highlighted, and ranks title hits first", async () => {
    const phrase = await searchLibrary(customers.TECH.cookie, `q=${encodeURIComponent('"compare weekly active users"')}`);
    expect(phrase.items.map((item) => item.slug)).toEqual(["quarterly-planning"]);
    const snippet = phrase.items[0]!.snippet!;
    // A matched phrase is marked as one span.
    expect(snippet.filter((piece) => piece.hit).map((piece) => piece.text)).toEqual(["compare weekly active users"]);
    expect(snippet.map((piece) => piece.text).join("")).toContain("export the usage dashboard and compare weekly active users with");

    const ranked = await searchLibrary(customers.TECH.cookie, "q=usage+dashboard");
    expect(ranked.items.map((item) => item.slug)).toEqual(["usage-dashboard-basics", "quarterly-planning"]);
    // Prefix match on the last word, as typed so far.
    expect((await searchLibrary(customers.TECH.cookie, "q=dashb")).items.map((item) => item.slug)).toContain("usage-dashboard-basics");
  });

  it("combines the search with the kind and topic filters", async () => {
    expect((await searchLibrary(customers.TECH.cookie, "q=dashboard&topic=dashboards")).items.map((item) => item.slug)).toEqual([
      "usage-dashboard-basics",
    ]);
    expect((await searchLibrary(customers.TECH.cookie, "q=dashboard&kind=EBOOK")).items).toEqual([]);
    const topic = await searchLibrary(customers.TECH.cookie, "topic=success+planning");
    expect(topic.items.map((item) => item.slug)).toEqual(["quarterly-planning"]);
  });

  it("never answers an error page to odd queries", async () => {
    for (const q of ['"', "AND", "*", "NEAR(", "日本語 naïve", "a OR", "title:x", "((", '" OR 1=1 --', "\u0000", "x".repeat(500)]) {
      const result = await invoke(
        libraryLoader,
        buildRequest(`/portal/library?q=${encodeURIComponent(q)}`, { cookie: customers.TECH.cookie }),
      );
      expect(result.status, q).toBe(200);
    }
  });

  it("lists published items open to the tier, newest first, with their topics", async () => {
    const all = await searchLibrary(customers.TECH.cookie, "");
    const slugs = all.items.map((item) => item.slug);
    expect(slugs).toContain("usage-dashboard-basics");
    expect(slugs).not.toContain("tiered-guide");
    expect(slugs).not.toContain("pdf-book");
    expect(all.items.some((item) => item.title === "Unreleased dashboard secrets")).toBe(false);
  });
});
