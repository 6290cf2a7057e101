import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { completeContent, createContentItem, createLiveSession, createPath, createSeries, markAttended } from "#test/path-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { ViewerPath, VisiblePath } from "~/modules/library/paths.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { loader as pathLoader } from "./_app.portal.paths.$slug.tsx";
import { loader as listLoader } from "./_app.portal.paths._index.tsx";

const DAY = 24 * 60 * 60 * 1000;
type Person = { id: string; accountId: string; cookie: string };
let tech: Person;
let low: Person;

async function person(tier: "TECH" | "LOW"): Promise<Person> {
  const account = await createAccount({ tier });
  const user = await createUser({ role: "MEMBER", accountId: account.id });
  return { id: user.id, accountId: account.id, cookie: await sessionCookieFor(user.id) };
}

beforeAll(async () => {
  tech = await person("TECH");
  low = await person("LOW");
});

async function list(who: Person) {
  const result = await invoke(listLoader, buildRequest("/portal/paths", { cookie: who.cookie }));
  expect(result.status).toBe(200);
  return (result.body as { paths: VisiblePath[] }).paths;
}

const open = (who: Person, slug: string) => invoke(pathLoader, buildRequest(`/portal/paths/${slug}`, { cookie: who.cookie }), { slug });

async function page(who: Person, slug: string) {
  const result = await open(who, slug);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as ViewerPath;
}

const states = (path: ViewerPath) => path.steps.map((step) => `${step.number}:${step.state}`).join(" ");

describe("who sees a path", () => {
  it("shows a published path to its tier only; others and drafts get 404", async () => {
    const item = await createContentItem();
    const forTech = await createPath([item.id], { audienceTiers: "TECH", title: "Tech only" });
    const draft = await createPath([item.id], { status: "DRAFT" });

    expect((await list(tech)).map((path) => path.id)).toContain(forTech.id);
    expect((await list(low)).map((path) => path.id)).not.toContain(forTech.id);
    expect((await open(low, forTech.slug)).status).toBe(404);
    expect((await open(tech, draft.slug)).status).toBe(404);
    expect((await list(tech)).map((path) => path.id)).not.toContain(draft.id);
    expect((await open(tech, "no-such-path")).status).toBe(404);
  });

  it("refuses staff, who have no tier to follow paths with", async () => {
    const staff = await sessionCookieFor((await createUser({ role: "PUBLISHER" })).id);
    expect((await invoke(listLoader, buildRequest("/portal/paths", { cookie: staff }))).status).toBe(403);
  });

  it("leaves out steps the viewer cannot see, without leaking their titles, and does not count them", async () => {
    const visible = await createContentItem({ title: "Open to all" });
    const secret = await createContentItem({ title: "Secret high-touch playbook", audienceTiers: "HIGH" });
    const draft = await createContentItem({ title: "Unfinished draft", status: "DRAFT" });
    const draftSession = await createLiveSession({ title: "Draft webinar", status: "DRAFT" });
    const path = await createPath([secret.id, visible.id, draft.id, { sessionId: draftSession.id }]);

    const body = await page(tech, path.slug);
    expect(body.steps.map((step) => step.title)).toEqual(["Open to all"]);
    expect(body.progress).toMatchObject({ total: 1, done: 0 });
    const text = JSON.stringify(body);
    for (const hidden of ["Secret high-touch playbook", "Unfinished draft", "Draft webinar"]) expect(text).not.toContain(hidden);

    await completeContent(tech.id, visible.id);
    expect((await page(tech, path.slug)).progress.complete).toBe(true);
  });

  it("hides a path none of whose steps the viewer can see", async () => {
    const secret = await createContentItem({ audienceTiers: "HIGH" });
    const path = await createPath([secret.id]);
    expect((await list(tech)).map((entry) => entry.id)).not.toContain(path.id);
    expect((await open(tech, path.slug)).status).toBe(404);
  });
});

describe("progress", () => {
  it("shows step 1 as next up, follows out-of-order progress, then records the completion once", async () => {
    const learner = await person("TECH");
    const video = await createContentItem({ kind: "VIDEO", title: "Your first report", minutes: 6 });
    const guide = await createContentItem({ title: "Adding users" });
    const { sessions } = await createSeries("Office hours", [new Date(Date.now() - 7 * DAY), new Date(Date.now() + DAY)]);
    const handbook = await createContentItem({ kind: "EBOOK", title: "Admin handbook" });
    const path = await createPath([video.id, guide.id, { sessionId: sessions[0]!.id }, handbook.id], { title: "Get going" });

    let body = await page(learner, path.slug);
    expect(states(body)).toBe("1:next 2:upcoming 3:upcoming 4:upcoming");
    expect(body.next).toMatchObject({ title: "Your first report", href: `/portal/library/${video.slug}` });
    expect(body.steps[0]).toMatchObject({ kindLabel: "Video", detail: "6 min" });
    // The first occurrence is over, so the session step points at the next one.
    expect(body.steps[2]).toMatchObject({
      href: `/portal/sessions/${sessions[1]!.id}`,
      detail: expect.stringMatching(/^Next occurrence: /),
    });
    expect((await list(learner)).find((entry) => entry.id === path.id)).toMatchObject({
      percent: 0,
      label: "Not started · 4 steps",
      next: { title: "Your first report" },
    });

    await completeContent(learner.id, guide.id);
    body = await page(learner, path.slug);
    expect(states(body)).toBe("1:next 2:done 3:upcoming 4:upcoming");
    expect(body.progress).toMatchObject({ done: 1, percent: 25 });

    await completeContent(learner.id, video.id);
    // Attending the later occurrence of the series counts for the step.
    await markAttended(learner.id, sessions[1]!.id, learner.accountId);
    body = await page(learner, path.slug);
    expect(states(body)).toBe("1:done 2:done 3:done 4:next");
    expect(body.next).toMatchObject({ title: "Admin handbook", action: "Read the e-book" });
    const card = (await list(learner)).find((entry) => entry.id === path.id)!;
    expect(card).toMatchObject({ done: 3, percent: 75, label: "3 of 4 steps done", next: { href: `/portal/library/${handbook.slug}` } });
    expect(await prisma.learningPathCompletion.count({ where: { pathId: path.id } })).toBe(0);

    // Progress started but not finished is not completion.
    await completeContent(learner.id, handbook.id, null);
    expect((await page(learner, path.slug)).progress.complete).toBe(false);

    await completeContent(learner.id, handbook.id);
    body = await page(learner, path.slug);
    expect(body.progress).toMatchObject({ complete: true, percent: 100, done: 4, label: "Completed" });
    expect(body.next).toBeNull();
    expect(body.completedOn).toEqual(expect.any(String));

    // Loading the pages again records nothing more.
    await page(learner, path.slug);
    expect((await list(learner)).find((entry) => entry.id === path.id)).toMatchObject({ complete: true, completedOn: body.completedOn });
    expect(await prisma.learningPathCompletion.count({ where: { pathId: path.id, userId: learner.id } })).toBe(1);
    const events = await prisma.engagementEvent.findMany({ where: { kind: "path.completed", userId: learner.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      accountId: learner.accountId,
      subjectType: "learning_path",
      subjectId: path.id,
      dedupeKey: `path.completed:${path.id}:${learner.id}`,
    });
  });

  it("lists started paths before new ones and finished ones last", async () => {
    const learner = await person("TECH");
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createContentItem()));
    const fresh = await createPath([a!.id, b!.id], { title: "Fresh" });
    const started = await createPath([b!.id, c!.id], { title: "Started" });
    const finished = await createPath([c!.id], { title: "Finished" });
    await completeContent(learner.id, c!.id);
    const order = (await list(learner)).map((entry) => entry.id).filter((id) => [fresh.id, started.id, finished.id].includes(id));
    expect(order).toEqual([started.id, fresh.id, finished.id]);
  });

  it("drops a one-off session the learner missed, so the path can still be finished", async () => {
    const learner = await person("TECH");
    const item = await createContentItem();
    const missed = await createLiveSession({ title: "Missed webinar", startsAt: new Date(Date.now() - 3 * DAY) });
    const path = await createPath([{ sessionId: missed.id }, item.id]);
    const body = await page(learner, path.slug);
    expect(body.steps.map((step) => step.title)).not.toContain("Missed webinar");
    expect(body.progress.total).toBe(1);

    const attendee = await person("TECH");
    await markAttended(attendee.id, missed.id, attendee.accountId);
    const theirs = await page(attendee, path.slug);
    expect(theirs.steps[0]).toMatchObject({ title: "Missed webinar", state: "done" });
  });
});
