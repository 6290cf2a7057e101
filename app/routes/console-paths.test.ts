import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "#test/factories.ts";
import { createContentItem, createLiveSession, createPath, createSeries } from "#test/path-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as editorAction, loader as editorLoader } from "./_app.console.paths.$pathId.tsx";
import { loader as listLoader } from "./_app.console.paths._index.tsx";
import { action as newAction } from "./_app.console.paths.new.tsx";

type FormBody = { intent: string; result: { error?: Record<string, string[] | null> }; done?: string };
type Editor = {
  path: { id: string; title: string; slug: string; status: string; completions: number };
  steps: { id: string; number: number; title: string; note: string; warning: string | null }[];
  options: { items: { value: string }[]; upcomingSessions: { value: string }[]; pastSessions: { value: string }[] };
};
type List = { paths: { id: string; title: string; steps: number; completions: number; status: string; audience: string }[] };

const DAY = 24 * 60 * 60 * 1000;
let publisher: string;
let csm: string;

beforeAll(async () => {
  publisher = await sessionCookieFor((await createUser({ role: "PUBLISHER" })).id);
  csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
});

const create = (form: Record<string, string | string[]>, cookie = publisher) =>
  invoke(newAction, buildRequest("/console/paths/new", { cookie, form }));

async function createdId(form: Record<string, string | string[]>) {
  const result = await create(form);
  expect(result.status, JSON.stringify(result.body)).toBe(302);
  return result.headers.get("Location")!.split("/").pop()!;
}

const post = (pathId: string, form: Record<string, string | string[]>, cookie = publisher) =>
  invoke(editorAction, buildRequest(`/console/paths/${pathId}`, { cookie, form }), { pathId });

async function editor(pathId: string) {
  const result = await invoke(editorLoader, buildRequest(`/console/paths/${pathId}`, { cookie: publisher }), { pathId });
  expect(result.status).toBe(200);
  return result.body as Editor;
}

async function positions(pathId: string) {
  const rows = await prisma.learningPathStep.findMany({
    where: { pathId },
    orderBy: { position: "asc" },
    select: { id: true, position: true },
  });
  return rows;
}

describe("creating a path", () => {
  it("answers 400 with field messages on bad input, and changes nothing", async () => {
    const before = await prisma.learningPath.count();
    const empty = await create({ title: "  ", slug: "Not A Slug!", audienceTiers: ["GOLD"] });
    expect(empty.status).toBe(400);
    const errors = (empty.body as FormBody).result.error!;
    expect(errors.title).toEqual(["Enter a title"]);
    expect(errors.slug?.[0]).toMatch(/lower-case letters/);
    expect(errors["audienceTiers[0]"]?.[0] ?? errors.audienceTiers?.[0]).toMatch(/tiers from the list/);
    const long = await create({ title: "x".repeat(121) });
    expect(long.status).toBe(400);
    expect((long.body as FormBody).result.error!.title).toEqual(["Use at most 120 characters"]);
    expect(await prisma.learningPath.count()).toBe(before);
  });

  it("creates a draft, making the slug from the title when it is left blank", async () => {
    const id = await createdId({
      title: "Reporting for admins",
      slug: "",
      summary: " For the people who set it up. ",
      audienceTiers: ["TECH", "LOW"],
    });
    const path = await prisma.learningPath.findUniqueOrThrow({ where: { id } });
    expect(path).toMatchObject({
      slug: "reporting-for-admins",
      status: "DRAFT",
      summary: "For the people who set it up.",
      audienceTiers: "LOW,TECH",
    });
  });

  it("refuses a slug another path uses with 409 and a message on the slug field, on create and on edit", async () => {
    await createdId({ title: "Taken", slug: "taken-slug" });
    const again = await create({ title: "Another", slug: "taken-slug" });
    expect(again.status).toBe(409);
    expect((again.body as FormBody).result.error!.slug?.[0]).toMatch(/already uses this slug/);

    const other = await createdId({ title: "Other", slug: "other-slug" });
    const edit = await post(other, { intent: "details", title: "Other", slug: "taken-slug" });
    expect(edit.status).toBe(409);
    expect((edit.body as FormBody).result.error!.slug?.[0]).toMatch(/already uses this slug/);
    expect((await prisma.learningPath.findUniqueOrThrow({ where: { id: other } })).slug).toBe("other-slug");
  });

  it("is for publishers and admins only", async () => {
    const refused = await create({ title: "Sneaky" }, csm);
    expect(refused.status).toBe(403);
    expect(await prisma.learningPath.count({ where: { title: "Sneaky" } })).toBe(0);
  });
});

describe("editing the steps", () => {
  it("adds items and sessions, refuses duplicates and bad picks, reorders, notes and removes", async () => {
    const video = await createContentItem({ kind: "VIDEO", title: "Your first report", status: "PUBLISHED" });
    const guide = await createContentItem({ title: "SSO guide", status: "DRAFT" });
    const webinar = await createLiveSession({ title: "Admin essentials" });
    const { sessions: officeHours } = await createSeries("Office hours", [new Date(Date.now() + DAY), new Date(Date.now() + 8 * DAY)]);
    const id = await createdId({ title: "Admin track" });

    const badPick = await post(id, { intent: "add-step", item: "nonsense" });
    expect(badPick.status).toBe(400);
    expect((badPick.body as FormBody).result.error!.item?.[0]).toMatch(/from the list/);
    const nothing = await post(id, { intent: "add-step" });
    expect(nothing.status).toBe(400);
    const missing = await post(id, { intent: "add-step", item: "content:doesnotexist" });
    expect(missing.status).toBe(400);
    expect((missing.body as FormBody).result.error!.item?.[0]).toMatch(/no longer exists/);
    const longNote = await post(id, { intent: "add-step", item: `content:${video.id}`, note: "n".repeat(301) });
    expect(longNote.status).toBe(400);
    expect((longNote.body as FormBody).result.error!.note).toEqual(["Use at most 300 characters"]);

    for (const item of [`content:${video.id}`, `content:${guide.id}`, `session:${webinar.id}`, `session:${officeHours[0]!.id}`]) {
      const added = await post(id, { intent: "add-step", item, note: item === `session:${webinar.id}` ? "Ask your questions here." : "" });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
    }
    const duplicate = await post(id, { intent: "add-step", item: `content:${video.id}` });
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as FormBody).result.error!.item?.[0]).toMatch(/already step 1/);
    // Another occurrence of a series already in the path is the same step.
    const sameSeries = await post(id, { intent: "add-step", item: `session:${officeHours[1]!.id}` });
    expect(sameSeries.status).toBe(409);

    let page = await editor(id);
    expect(page.steps.map((step) => step.title)).toEqual(["Your first report", "SSO guide", "Admin essentials", "Office hours"]);
    expect(page.steps[1]!.warning).toMatch(/Draft/);
    expect(page.steps[2]!.note).toBe("Ask your questions here.");
    // Items and sessions already in the path are not offered again.
    expect(page.options.items.map((option) => option.value)).not.toContain(`content:${video.id}`);
    expect(page.options.upcomingSessions.map((option) => option.value)).not.toContain(`session:${webinar.id}`);

    const [first, second, third, fourth] = page.steps.map((step) => step.id) as [string, string, string, string];
    expect((await post(id, { intent: "move-up", stepId: first })).status).toBe(409);
    expect((await post(id, { intent: "move-down", stepId: fourth })).status).toBe(409);
    expect((await post(id, { intent: "move-up", stepId: third })).status).toBe(200);
    expect((await post(id, { intent: "move-down", stepId: first })).status).toBe(200);
    expect((await positions(id)).map((row) => row.id)).toEqual([third, first, second, fourth]);

    const noted = await post(id, { intent: "save-note", stepId: fourth, note: "  Any week counts.  " });
    expect((noted.body as FormBody).done).toBe("Note saved.");
    expect((await prisma.learningPathStep.findUniqueOrThrow({ where: { id: fourth } })).note).toBe("Any week counts.");

    expect((await post(id, { intent: "remove-step", stepId: first })).status).toBe(200);
    const after = await positions(id);
    expect(after).toEqual([
      { id: third, position: 1 },
      { id: second, position: 2 },
      { id: fourth, position: 3 },
    ]);
    expect((await post(id, { intent: "remove-step", stepId: first })).status).toBe(404);
    expect((await post(id, { intent: "move-up", stepId: "" })).status).toBe(400);

    page = await editor(id);
    expect(page.steps.map((step) => step.number)).toEqual([1, 2, 3]);
  });

  it("keeps positions unique however the steps are shuffled", async () => {
    const items = await Promise.all([1, 2, 3, 4, 5].map(() => createContentItem()));
    const path = await createPath(items.map((item) => item.id));
    const ids = (await positions(path.id)).map((row) => row.id);
    // Bubble the last step to the top, then back down.
    for (let i = 0; i < 4; i++) expect((await post(path.id, { intent: "move-up", stepId: ids[4]! })).status).toBe(200);
    expect((await positions(path.id)).map((row) => row.id)).toEqual([ids[4], ids[0], ids[1], ids[2], ids[3]]);
    for (let i = 0; i < 4; i++) expect((await post(path.id, { intent: "move-down", stepId: ids[4]! })).status).toBe(200);
    const final = await positions(path.id);
    expect(final.map((row) => row.id)).toEqual(ids);
    expect(final.map((row) => row.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it("refuses a step of another path and an unknown path", async () => {
    const item = await createContentItem();
    const mine = await createPath([item.id], { status: "DRAFT" });
    const theirs = await createPath([item.id], { status: "DRAFT" });
    const [theirStep] = await positions(theirs.id);
    expect((await post(mine.id, { intent: "remove-step", stepId: theirStep!.id })).status).toBe(404);
    expect(await prisma.learningPathStep.count({ where: { pathId: theirs.id } })).toBe(1);
    expect((await invoke(editorLoader, buildRequest("/console/paths/nope", { cookie: publisher }), { pathId: "nope" })).status).toBe(404);
    expect((await post("nope", { intent: "add-step", item: `content:${item.id}` })).status).toBe(404);
  });
});

describe("publishing", () => {
  it("needs a step, then publishes, unpublishes, and deletes only drafts", async () => {
    const id = await createdId({ title: "Publish me" });
    const empty = await post(id, { intent: "publish" });
    expect(empty.status).toBe(409);
    expect(JSON.stringify(empty.body)).toMatch(/at least one step/);

    const item = await createContentItem();
    await post(id, { intent: "add-step", item: `content:${item.id}` });
    const published = await post(id, { intent: "publish" });
    expect(published.status).toBe(200);
    expect(await prisma.learningPath.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "PUBLISHED",
      publishedAt: expect.any(Date),
    });
    expect((await post(id, { intent: "publish" })).status).toBe(409);

    expect((await post(id, { intent: "delete" })).status).toBe(409);
    expect((await post(id, { intent: "unpublish" })).status).toBe(200);
    expect((await prisma.learningPath.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");

    const deleted = await post(id, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Location")).toBe("/console/paths");
    expect(await prisma.learningPath.count({ where: { id } })).toBe(0);
  });

  it("answers 400 to an unknown intent", async () => {
    const id = await createdId({ title: "Odd form" });
    expect((await post(id, { intent: "explode" })).status).toBe(400);
  });

  it("lists paths with their step and completion counts", async () => {
    const items = await Promise.all([1, 2].map(() => createContentItem()));
    const path = await createPath(
      items.map((item) => item.id),
      { title: "Counted", audienceTiers: "TECH" },
    );
    const user = await createUser({ role: "PUBLISHER" });
    await prisma.learningPathCompletion.create({ data: { pathId: path.id, userId: user.id } });
    const result = await invoke(listLoader, buildRequest("/console/paths", { cookie: publisher }));
    const row = (result.body as List).paths.find((entry) => entry.id === path.id);
    expect(row).toMatchObject({ title: "Counted", steps: 2, completions: 1, status: "PUBLISHED", audience: "Tech touch" });
  });
});
