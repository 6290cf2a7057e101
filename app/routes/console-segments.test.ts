import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { SegmentEditorReply } from "~/modules/newsletters/segment-store.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as editAction, loader as editLoader } from "./_app.console.segments.$segmentId.tsx";
import { loader as listLoader } from "./_app.console.segments._index.tsx";
import { action as newAction } from "./_app.console.segments.new.tsx";
import { loader as countLoader } from "./console.segments.count.tsx";

type Form = Record<string, string | string[]>;
type List = { segments: Array<{ id: string; name: string; words: string; count: number; usedBy: number }> };
type Count = { count: number; sample: Array<{ name: string; email: string; tier: string }> };

let publisher: string;
let csm: string;
let topicId: string;

beforeAll(async () => {
  publisher = await sessionCookieFor((await createUser({ role: "PUBLISHER" })).id);
  csm = await sessionCookieFor((await createUser({ role: "CSM" })).id);
  const tech = await createAccount({ tier: "TECH", name: "Tiny Co" });
  const low = await createAccount({ tier: "LOW", name: "Mid Co" });
  await createUser({ role: "MEMBER", accountId: tech.id, name: "Tara Tech", email: "tara@tiny.example" });
  await createUser({ role: "ACCOUNT_ADMIN", accountId: tech.id, name: "Theo Tech", email: "theo@tiny.example" });
  const lou = await createUser({ role: "MEMBER", accountId: low.id, name: "Lou Low", email: "lou@mid.example" });
  topicId = (await prisma.newsletterTopic.create({ data: { slug: "routes-topic", name: "Routes topic" } })).id;
  await prisma.topicPreference.create({ data: { userId: lou.id, topicId, subscribed: false, source: "ONE_CLICK" } });
});

const techOnly: Form = { match: "all", "c.0.field": "tier", "c.0.op": "in", "c.0.values": ["TECH"] };

const create = (form: Form, cookie = publisher) => invoke(newAction, buildRequest("/console/segments/new", { cookie, form }));
const edit = (segmentId: string, form: Form, cookie = publisher) =>
  invoke(editAction, buildRequest(`/console/segments/${segmentId}`, { cookie, form }), { segmentId });
const count = (query: string, cookie = publisher) => invoke(countLoader, buildRequest(`/console/segments/count?${query}`, { cookie }));

async function createdId(form: Form) {
  const result = await create({ intent: "save", ...form });
  expect(result.status, JSON.stringify(result.body)).toBe(302);
  const location = new URL(result.headers.get("Location")!, "http://x");
  expect(location.searchParams.get("saved")).toBe("1");
  return location.pathname.split("/").pop()!;
}

describe("building a segment", () => {
  it("saves valid rules and shows them in the list with words, count and use", async () => {
    const id = await createdId({ name: "Tech contacts", description: "Everyone on tech touch", ...techOnly });
    const stored = await prisma.segment.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(stored.rules)).toEqual({ match: "all", conditions: [{ field: "tier", op: "in", values: ["TECH"] }] });
    await prisma.newsletter.create({ data: { subject: "Uses it", topicId, segmentId: id, status: "SENT" } });

    const list = (await invoke(listLoader, buildRequest("/console/segments", { cookie: publisher }))).body as List;
    expect(list.segments.find((segment) => segment.id === id)).toEqual({
      id,
      name: "Tech contacts",
      description: "Everyone on tech touch",
      words: "Tier is Tech",
      count: 2,
      usedBy: 1,
    });
    const editor = await invoke(editLoader, buildRequest(`/console/segments/${id}`, { cookie: publisher }), { segmentId: id });
    expect(editor.status).toBe(200);
    expect((editor.body as { draft: unknown }).draft).toEqual({
      match: "all",
      conditions: [expect.objectContaining({ field: "tier", op: "in", values: ["TECH"] })],
    });
  });

  it("add, remove and preview answer with the form as typed and save nothing", async () => {
    const before = await prisma.segment.count();
    const added = await create({ intent: "add", add: "renewal_within", name: "Draft", ...techOnly });
    expect(added.status).toBe(200);
    const addedReply = added.body as SegmentEditorReply;
    expect(addedReply.draft.conditions.map((condition) => condition.field)).toEqual(["tier", "renewal_within"]);
    expect(addedReply.name).toBe("Draft");

    const removed = await create({ intent: "remove:0", ...techOnly, "c.1.field": "role", "c.1.values": "MEMBER" });
    expect((removed.body as SegmentEditorReply).draft.conditions.map((condition) => condition.field)).toEqual(["role"]);

    const preview = await create({ intent: "preview", ...techOnly, topicId });
    expect(preview.status).toBe(200);
    expect((preview.body as SegmentEditorReply).preview).toMatchObject({
      count: 2,
      sample: [{ name: "Tara Tech" }, { name: "Theo Tech" }],
    });
    expect(await prisma.segment.count()).toBe(before);
  });

  it("refuses unfinished conditions and a missing name with 400 and a message beside each field", async () => {
    const result = await create({
      intent: "save",
      name: "",
      match: "all",
      "c.0.field": "tier",
      "c.1.field": "renewal_within",
      "c.1.days": "0",
    });
    expect(result.status).toBe(400);
    expect((result.body as SegmentEditorReply).errors).toEqual({
      name: "Give the segment a name.",
      "c.0.values": "Pick at least one tier.",
      "c.1.days": "Enter a number of days from 1 to 730.",
    });
    const preview = await create({ intent: "preview", "c.0.field": "tier" });
    expect(preview.status).toBe(400);
  });

  it("a taken name is a 409 on the name field, on create and on rename", async () => {
    const first = await createdId({ name: "Taken name", ...techOnly });
    const second = await createdId({ name: "Other name", ...techOnly });
    const duplicate = await create({ intent: "save", name: "Taken name", ...techOnly });
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as SegmentEditorReply).errors.name).toMatch(/already exists/);
    const rename = await edit(second, { intent: "save", name: "Taken name", ...techOnly });
    expect(rename.status).toBe(409);
    expect((await prisma.segment.findUniqueOrThrow({ where: { id: second } })).name).toBe("Other name");
    expect(first).not.toBe(second);
  });

  it("editing saves the new rules", async () => {
    const id = await createdId({ name: "To edit", ...techOnly });
    const saved = await edit(id, { intent: "save", name: "Edited", match: "any", "c.0.field": "role", "c.0.values": "ACCOUNT_ADMIN" });
    expect(saved.status).toBe(302);
    const stored = await prisma.segment.findUniqueOrThrow({ where: { id } });
    expect([stored.name, JSON.parse(stored.rules)]).toEqual([
      "Edited",
      { match: "any", conditions: [{ field: "role", values: ["ACCOUNT_ADMIN"] }] },
    ]);
  });

  it("staff without newsletters.manage get 403", async () => {
    expect((await create({ intent: "save", name: "CSM segment", ...techOnly }, csm)).status).toBe(403);
    expect((await count("", csm)).status).toBe(403);
  });
});

describe("the count resource", () => {
  it("counts a saved segment, with the topic's consent when a topic is given", async () => {
    const id = await createdId({ name: "Counted", match: "all" });
    const everyone = await count(`segmentId=${id}`);
    expect(everyone.status).toBe(200);
    expect((everyone.body as Count).count).toBe(3);
    const forTopic = (await count(`segmentId=${id}&topicId=${topicId}`)).body as Count;
    expect(forTopic.count).toBe(2);
    expect(forTopic.sample.map((row) => row.email)).toEqual(["tara@tiny.example", "theo@tiny.example"]);
  });

  it("counts the rules being edited, and answers 400 for unfinished ones and 404 for an unknown segment", async () => {
    const live = await count(
      new URLSearchParams([...Object.entries(techOnly).flatMap(([k, v]) => [v].flat().map((x) => [k, x]))]).toString(),
    );
    expect((live.body as Count).count).toBe(2);
    const unfinished = await count("match=all&c.0.field=tier");
    expect(unfinished.status).toBe(400);
    expect(unfinished.body).toEqual({ errors: { "c.0.values": "Pick at least one tier." } });
    expect((await count("segmentId=nope")).status).toBe(404);
  });
});

describe("deleting a segment", () => {
  it("is refused with 409 while an unsent newsletter uses it, allowed once they are sent", async () => {
    const id = await createdId({ name: "In use", ...techOnly });
    const newsletter = await prisma.newsletter.create({ data: { subject: "Next week", topicId, segmentId: id, status: "SCHEDULED" } });
    const refused = await edit(id, { intent: "delete" });
    expect(refused.status).toBe(409);
    expect((refused.body as SegmentEditorReply).formError).toMatch(/"Next week"/);
    expect(await prisma.segment.count({ where: { id } })).toBe(1);

    await prisma.newsletter.update({ where: { id: newsletter.id }, data: { status: "SENT", segmentName: "In use" } });
    const deleted = await edit(id, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(await prisma.segment.count({ where: { id } })).toBe(0);
    expect(
      await prisma.newsletter.findUniqueOrThrow({ where: { id: newsletter.id }, select: { segmentId: true, segmentName: true } }),
    ).toEqual({
      segmentId: null,
      segmentName: "In use",
    });
    expect((await edit(id, { intent: "delete" })).status).toBe(404);
  });

  it("racing a delete against scheduling a newsletter with it never leaves that newsletter without its segment", async () => {
    for (let round = 0; round < 5; round++) {
      const id = await createdId({ name: `Race ${round}`, ...techOnly });
      const draft = await prisma.newsletter.create({ data: { subject: `Race ${round}`, topicId, status: "CANCELLED" } });
      const [deleted, scheduled] = await Promise.allSettled([
        edit(id, { intent: "delete" }),
        prisma.newsletter.update({ where: { id: draft.id }, data: { segmentId: id, status: "SCHEDULED" } }),
      ]);
      const after = await prisma.newsletter.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true, segmentId: true } });
      const segmentExists = (await prisma.segment.count({ where: { id } })) === 1;
      if (after.status === "SCHEDULED") {
        expect(after.segmentId).toBe(id);
        expect(segmentExists).toBe(true);
      } else {
        expect(scheduled.status).toBe("rejected");
        expect(deleted.status === "fulfilled" && deleted.value.status).toBe(302);
      }
    }
  });
});
