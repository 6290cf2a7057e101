import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { createNewsletterRow, createTopic } from "#test/newsletter-factories.ts";
import { createContentItem, createLiveSession } from "#test/path-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { handleNewsletterTestJob, NEWSLETTER_TEST_JOB_KIND } from "~/modules/newsletters/test-send.server.ts";
import { parseBlocks } from "~/modules/newsletters/blocks.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as editorAction, loader as editorLoader } from "./_app.console.newsletters.$newsletterId.tsx";
import { action as previewAction, loader as previewLoader } from "./_app.console.newsletters.$newsletterId_.preview.tsx";
import { loader as listLoader } from "./_app.console.newsletters._index.tsx";
import { action as newAction } from "./_app.console.newsletters.new.tsx";
import { loader as emailLoader } from "./console.newsletters.$newsletterId.email.tsx";

type FormBody = { intent: string; result: { error?: Record<string, string[] | null> }; done?: string };
type Editor = {
  newsletter: { editable: boolean; status: string };
  blocks: { index: number; block: { type: string }; warning: string | null }[];
};

const DAY = 86_400_000;
let publisher: { id: string; email: string; cookie: string };
let csm: string;
let member: string;
let topicId: string;

beforeAll(async () => {
  const user = await createUser({ role: "PUBLISHER", name: "Pat Publisher", timeZone: "Europe/Paris" });
  publisher = { id: user.id, email: user.email, cookie: await sessionCookieFor(user.id) };
  csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
  const account = await createAccount();
  member = await sessionCookieFor((await createUser({ role: "MEMBER", accountId: account.id })).id);
  topicId = (await createTopic({ name: "Product updates" })).id;
});

const post = (newsletterId: string, form: Record<string, string>, cookie = publisher.cookie) =>
  invoke(editorAction, buildRequest(`/console/newsletters/${newsletterId}`, { cookie, form }), { newsletterId });

async function storedBlocks(newsletterId: string) {
  const row = await prisma.newsletter.findUniqueOrThrow({ where: { id: newsletterId }, select: { blocks: true } });
  return parseBlocks(row.blocks);
}

describe("creating a newsletter", () => {
  it("answers 400 with field messages, then creates a draft", async () => {
    const archived = await createTopic({ archivedAt: new Date() });
    const create = (form: Record<string, string>) =>
      invoke(newAction, buildRequest("/console/newsletters/new", { cookie: publisher.cookie, form }));

    const empty = await create({ subject: " ", topicId: "" });
    expect(empty.status).toBe(400);
    expect((empty.body as FormBody).result.error).toMatchObject({ subject: ["Enter a subject"], topicId: ["Choose a topic"] });

    const archivedTopic = await create({ subject: "Hello", topicId: archived.id });
    expect(archivedTopic.status).toBe(400);
    expect((archivedTopic.body as FormBody).result.error?.topicId).toEqual(["Choose a topic from the list"]);

    const unknownSegment = await create({ subject: "Hello", topicId, segmentId: "nope" });
    expect((unknownSegment.body as FormBody).result.error?.segmentId).toEqual(["Choose an audience from the list"]);

    const created = await create({ subject: "December news", preheader: "Dashboards", topicId });
    expect(created.status).toBe(302);
    const id = created.headers.get("Location")!.split("/").pop()!;
    expect(await prisma.newsletter.findUniqueOrThrow({ where: { id } })).toMatchObject({
      subject: "December news",
      preheader: "Dashboards",
      status: "DRAFT",
      segmentId: null,
      createdById: publisher.id,
    });
  });
});

describe("editing blocks without JavaScript", () => {
  it("adds, saves, moves and removes blocks, refusing bad fields with 400", async () => {
    const newsletter = await createNewsletterRow({ topicId });
    const session = await createLiveSession({ startsAt: new Date(Date.now() + 5 * DAY) });
    const past = await createLiveSession({ startsAt: new Date(Date.now() - 5 * DAY) });
    const draftItem = await createContentItem({ status: "DRAFT" });

    expect((await post(newsletter.id, { intent: "add-block", type: "text", markdown: "Hello **there**" })).status).toBe(200);
    expect((await post(newsletter.id, { intent: "add-block", type: "session", sessionId: session.id })).status).toBe(200);
    const added = await post(newsletter.id, { intent: "add-block", type: "cta", label: "Book", url: "https://example.com/book" });
    expect((added.body as FormBody).done).toBe("Added as block 3.");

    const blank = await post(newsletter.id, { intent: "add-block", type: "text", markdown: "   " });
    expect(blank.status).toBe(400);
    expect((blank.body as FormBody).result.error?.markdown).toEqual(["Write some text"]);
    const badUrl = await post(newsletter.id, { intent: "add-block", type: "cta", label: "Go", url: "javascript:alert(1)" });
    expect((badUrl.body as FormBody).result.error?.url).toEqual(["Enter a full link starting with https://"]);
    const pastSession = await post(newsletter.id, { intent: "add-block", type: "session", sessionId: past.id });
    expect(pastSession.status).toBe(400);
    expect((pastSession.body as FormBody).result.error?.sessionId).toEqual(["Choose an upcoming session from the list"]);
    const draft = await post(newsletter.id, { intent: "add-block", type: "content", contentId: draftItem.id });
    expect((draft.body as FormBody).result.error?.contentId).toEqual(["Choose a published library item from the list"]);

    expect((await post(newsletter.id, { intent: "save-block", index: "0", type: "text", markdown: "Changed" })).status).toBe(200);
    expect((await post(newsletter.id, { intent: "move-up", index: "2", type: "cta" })).status).toBe(200);
    expect(await storedBlocks(newsletter.id)).toEqual([
      { type: "text", markdown: "Changed" },
      { type: "cta", label: "Book", url: "https://example.com/book" },
      { type: "session", sessionId: session.id },
    ]);

    const stale = await post(newsletter.id, { intent: "remove-block", index: "2", type: "cta" });
    expect(stale.status).toBe(409);
    const first = await post(newsletter.id, { intent: "move-up", index: "0", type: "text" });
    expect(first.status).toBe(409);
    expect((await post(newsletter.id, { intent: "remove-block", index: "1", type: "cta" })).status).toBe(200);
    expect((await storedBlocks(newsletter.id)).map((block) => block.type)).toEqual(["text", "session"]);

    const editor = await invoke(editorLoader, buildRequest(`/console/newsletters/${newsletter.id}`, { cookie: publisher.cookie }), {
      newsletterId: newsletter.id,
    });
    expect((editor.body as Editor).blocks.map((block) => block.block.type)).toEqual(["text", "session"]);
  });

  it("lands both of two blocks added at the same moment", async () => {
    const newsletter = await createNewsletterRow({ topicId });
    const results = await Promise.all(
      ["One", "Two", "Three"].map((markdown) => post(newsletter.id, { intent: "add-block", type: "text", markdown })),
    );
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    expect((await storedBlocks(newsletter.id)).map((block) => (block.type === "text" ? block.markdown : "")).sort()).toEqual([
      "One",
      "Three",
      "Two",
    ]);
  });

  it("refuses every edit with 409 once the newsletter has left DRAFT, and shows it read-only", async () => {
    const newsletter = await createNewsletterRow({ topicId, status: "SENDING", blocks: [{ type: "text", markdown: "Sent as is" }] });
    const details = await post(newsletter.id, { intent: "details", subject: "Changed", topicId });
    expect(details.status).toBe(409);
    expect(JSON.stringify(details.body)).toContain("can no longer be edited");
    expect((await post(newsletter.id, { intent: "add-block", type: "text", markdown: "More" })).status).toBe(409);
    expect((await post(newsletter.id, { intent: "remove-block", index: "0", type: "text" })).status).toBe(409);
    expect(await prisma.newsletter.findUniqueOrThrow({ where: { id: newsletter.id } })).toMatchObject({ subject: "Monthly news" });
    expect(await storedBlocks(newsletter.id)).toEqual([{ type: "text", markdown: "Sent as is" }]);

    const editor = await invoke(editorLoader, buildRequest(`/console/newsletters/${newsletter.id}`, { cookie: publisher.cookie }), {
      newsletterId: newsletter.id,
    });
    expect((editor.body as Editor).newsletter).toMatchObject({ editable: false, status: "SENDING" });
  });

  it("refuses CSMs and customers with 403 and changes nothing", async () => {
    const newsletter = await createNewsletterRow({ topicId });
    for (const cookie of [csm, member]) {
      expect((await post(newsletter.id, { intent: "add-block", type: "text", markdown: "Evil" }, cookie)).status).toBe(403);
      const page = await invoke(editorLoader, buildRequest(`/console/newsletters/${newsletter.id}`, { cookie }), {
        newsletterId: newsletter.id,
      });
      expect(page.status).toBe(403);
      expect((await invoke(listLoader, buildRequest("/console/newsletters", { cookie }))).status).toBe(403);
    }
    expect(await storedBlocks(newsletter.id)).toEqual([]);
  });
});

describe("the list", () => {
  it("filters by status and shows progress", async () => {
    const sent = await createNewsletterRow({ topicId, subject: "Sent one", status: "SENT", recipientsTotal: 2, completedAt: new Date() });
    await prisma.newsletterRecipient.createMany({
      data: [
        { newsletterId: sent.id, email: "a@example.com", dueAt: new Date(), status: "SENT" },
        { newsletterId: sent.id, email: "b@example.com", dueAt: new Date(), status: "PENDING" },
      ],
    });
    await createNewsletterRow({ topicId, subject: "Draft one" });
    const result = await invoke(listLoader, buildRequest("/console/newsletters?status=SENT", { cookie: publisher.cookie }));
    const rows = (
      result.body as { newsletters: { id: string; subject: string; status: string; sent: number; total: number; audience: string }[] }
    ).newsletters;
    expect(rows.every((row) => row.status === "SENT")).toBe(true);
    expect(rows.find((row) => row.id === sent.id)).toMatchObject({ sent: 1, total: 2, audience: "Everyone subscribed to Product updates" });
    const bogus = await invoke(listLoader, buildRequest("/console/newsletters?status=NOPE", { cookie: publisher.cookie }));
    expect(bogus.status).toBe(200);
  });
});

describe("preview and test send", () => {
  async function featuring() {
    const session = await createLiveSession({ title: "Filters live", startsAt: new Date("2031-03-04T15:00:00Z") });
    return createNewsletterRow({
      topicId,
      subject: "March news",
      blocks: [
        { type: "text", markdown: "Hello" },
        { type: "session", sessionId: session.id },
      ],
    });
  }

  it("shows the session time in the viewer's zone by default, or in the zone asked for", async () => {
    const newsletter = await featuring();
    const mine = await invoke(previewLoader, buildRequest(`/console/newsletters/${newsletter.id}/preview`, { cookie: publisher.cookie }), {
      newsletterId: newsletter.id,
    });
    expect(mine.body).toMatchObject({ timeZone: "Europe/Paris" });
    expect((mine.body as { text: string }).text).toContain("Tue 4 Mar 2031, 16:00 CET (Europe/Paris)");
    expect((mine.body as { text: string }).text).toContain("Hi Pat,");

    const tokyo = await invoke(
      emailLoader,
      buildRequest(`/console/newsletters/${newsletter.id}/email?tz=Asia/Tokyo`, { cookie: publisher.cookie }),
      {
        newsletterId: newsletter.id,
      },
    );
    expect(tokyo.status).toBe(200);
    expect(tokyo.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(tokyo.body).toContain("Wed 5 Mar 2031, 00:00 GMT+9 (Asia/Tokyo)");
    expect(tokyo.body).not.toContain("%%lyceum.");

    const bogus = await invoke(
      previewLoader,
      buildRequest(`/console/newsletters/${newsletter.id}/preview?tz=Mars/Olympus`, { cookie: publisher.cookie }),
      {
        newsletterId: newsletter.id,
      },
    );
    expect(bogus.body).toMatchObject({ timeZone: "Europe/Paris" });
  });

  it("queues a test for the acting user only, once per press, and it lands in their outbox personalised", async () => {
    const newsletter = await featuring();
    const press = (pressKey: string) =>
      invoke(
        previewAction,
        buildRequest(`/console/newsletters/${newsletter.id}/preview`, {
          cookie: publisher.cookie,
          form: { intent: "send-test", pressKey },
        }),
        {
          newsletterId: newsletter.id,
        },
      );
    const first = await press("press-one-aaaa");
    expect((first.body as FormBody).done).toBe(`A test is on its way to ${publisher.email}.`);
    await press("press-one-aaaa");
    await press("press-two-bbbb");
    // An address typed into the form is ignored: the test goes to the signed-in person.
    await post(newsletter.id, { intent: "send-test", pressKey: "press-three-cc", to: "someone@else.example" });

    const jobs = await prisma.job.findMany({
      where: { kind: NEWSLETTER_TEST_JOB_KIND, idempotencyKey: { startsWith: `newsletter-test:${newsletter.id}:` } },
    });
    expect(jobs).toHaveLength(3);
    for (const job of jobs) await handleNewsletterTestJob(JSON.parse(job.payload), job);

    const outbox = await prisma.outboxMessage.findMany({ where: { idempotencyKey: { in: jobs.map((job) => job.idempotencyKey!) } } });
    expect(outbox).toHaveLength(3);
    for (const message of outbox) {
      expect(message.to).toBe(publisher.email);
      expect(message.subject).toBe("[Test] March news");
      expect(message.html).toContain("Hi Pat,");
      expect(message.html).toContain("16:00 CET (Europe/Paris)");
      expect(message.html).not.toContain("%%lyceum.");
      expect(message.text).toContain("/email/unsubscribe/");
      expect(JSON.parse(message.headers)).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    }
    expect(await prisma.outboxMessage.count({ where: { to: "someone@else.example" } })).toBe(0);
  });

  it("refuses a test send from a CSM with 403 and queues nothing", async () => {
    const newsletter = await featuring();
    const result = await post(newsletter.id, { intent: "send-test", pressKey: "csm-press-key" }, csm);
    expect(result.status).toBe(403);
    expect(await prisma.job.count({ where: { kind: NEWSLETTER_TEST_JOB_KIND, idempotencyKey: { contains: newsletter.id } } })).toBe(0);
  });

  it("answers 400 for a press without its key", async () => {
    const newsletter = await featuring();
    const result = await post(newsletter.id, { intent: "send-test" });
    expect(result.status).toBe(400);
  });
});
