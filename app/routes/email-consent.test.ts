import { beforeAll, describe, expect, it } from "vitest";
import { linkSigningKey, recipientLinks, signLinkToken } from "~/modules/newsletters/consent-links.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createCustomer, createTopic } from "#test/newsletter-factories.ts";
import { buildRequest, invoke } from "../../test/request.ts";
import * as preferencesRoute from "./email.preferences.$token.tsx";
import * as unsubscribeRoute from "./email.unsubscribe.$token.tsx";

type Person = Awaited<ReturnType<typeof createCustomer>>;
type Topic = Awaited<ReturnType<typeof createTopic>>;

const tokenOf = (url: string) => url.split("/").pop()!;

async function linksFor(person: Person, topic: Topic) {
  const links = await recipientLinks({ userId: person.id, topicId: topic.id, recipientId: "r1" });
  return { unsub: tokenOf(links.unsubscribeUrl), prefs: tokenOf(links.preferencesUrl) };
}

const preference = (userId: string, topicId: string) =>
  prisma.topicPreference.findUnique({ where: { userId_topicId: { userId, topicId } }, select: { subscribed: true, source: true } });

/** A mail provider's RFC 8058 POST: from its servers, so no cookie and no Origin header. */
function providerPost(token: string, body: BodyInit, contentType?: string) {
  const headers = new Headers(contentType ? { "Content-Type": contentType } : {});
  return new Request(`http://localhost:3000/email/unsubscribe/${token}`, { method: "POST", headers, body });
}

describe("one-click unsubscribe", () => {
  let person: Person;
  let topic: Topic;
  let token: string;
  beforeAll(async () => {
    person = await createCustomer();
    topic = await createTopic({ name: "Product updates" });
    token = (await linksFor(person, topic)).unsub;
  });

  it("asks on GET and changes nothing (link scanners prefetch)", async () => {
    const result = await invoke(unsubscribeRoute.loader, buildRequest(`/email/unsubscribe/${token}`), { token });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ topic: "Product updates", email: person.email });
    expect((result.body as { preferences: string }).preferences).toMatch(/^\/email\/preferences\/prefs\./);
    expect(await preference(person.id, topic.id)).toBeNull();
  });

  it("unsubscribes a provider's form-encoded POST with no Origin, once, however often it is repeated", async () => {
    for (let i = 0; i < 2; i++) {
      const result = await invoke(
        unsubscribeRoute.action,
        providerPost(token, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"),
        { token },
      );
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ subscribed: false });
    }
    expect(await preference(person.id, topic.id)).toEqual({ subscribed: false, source: "ONE_CLICK" });
  });

  it("takes a multipart one-click body too, and undoes with the resubscribe button", async () => {
    const other = await createCustomer();
    const { unsub } = await linksFor(other, topic);
    const multipart = new FormData();
    multipart.set("List-Unsubscribe", "One-Click");
    expect((await invoke(unsubscribeRoute.action, providerPost(unsub, multipart), { token: unsub })).body).toEqual({ subscribed: false });
    expect(await preference(other.id, topic.id)).toEqual({ subscribed: false, source: "ONE_CLICK" });
    const undo = await invoke(unsubscribeRoute.action, buildRequest(`/email/unsubscribe/${unsub}`, { form: { intent: "resubscribe" } }), {
      token: unsub,
    });
    expect(undo.body).toEqual({ subscribed: true });
    expect(await preference(other.id, topic.id)).toEqual({ subscribed: true, source: "ONE_CLICK" });
  });

  it("answers 404 to forged, altered or mismatched tokens and writes nothing", async () => {
    const key = await linkSigningKey();
    const forged = signLinkToken(Buffer.alloc(32, 7), "unsub", [person.id, topic.id]);
    const altered = token.replace(person.id, (await createCustomer()).id);
    const wrongPurpose = signLinkToken(key, "prefs", [person.id, topic.id]);
    const unknownTopic = signLinkToken(key, "unsub", [person.id, "no-such-topic"]);
    const before = await prisma.topicPreference.count();
    for (const bad of [forged, altered, wrongPurpose, unknownTopic, "nope"]) {
      expect((await invoke(unsubscribeRoute.loader, buildRequest(`/email/unsubscribe/${bad}`), { token: bad })).status).toBe(404);
      expect(
        (
          await invoke(unsubscribeRoute.action, providerPost(bad, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"), {
            token: bad,
          })
        ).status,
      ).toBe(404);
    }
    expect(await prisma.topicPreference.count()).toBe(before);
  });
});

describe("preference centre", () => {
  let person: Person;
  let defaultOn: Topic;
  let optIn: Topic;
  let archived: Topic;
  let token: string;
  beforeAll(async () => {
    person = await createCustomer();
    defaultOn = await createTopic({ name: "Aardvark tips", subscribedByDefault: true });
    optIn = await createTopic({ name: "Aardvark beta", subscribedByDefault: false });
    archived = await createTopic({ name: "Aardvark old", archivedAt: new Date() });
    token = (await linksFor(person, defaultOn)).prefs;
  });

  const load = async () => {
    const result = await invoke(preferencesRoute.loader, buildRequest(`/email/preferences/${token}`), { token });
    expect(result.status).toBe(200);
    return result.body as { person: { name: string; email: string }; optedOut: boolean; topics: { id: string; subscribed: boolean }[] };
  };
  const post = (form: Record<string, string | string[]>) =>
    invoke(preferencesRoute.action, buildRequest(`/email/preferences/${token}`, { form }), { token });

  it("shows the person and each offered topic with its default, never archived ones", async () => {
    const page = await load();
    expect(page.person).toEqual({ name: person.name, email: person.email });
    const mine = page.topics.filter((topic) => [defaultOn.id, optIn.id, archived.id].includes(topic.id));
    expect(mine).toEqual([
      expect.objectContaining({ id: optIn.id, subscribed: false }),
      expect.objectContaining({ id: defaultOn.id, subscribed: true }),
    ]);
  });

  it("saves every offered topic in one go, ignoring ids it did not offer", async () => {
    const result = await post({ intent: "save", topic: [optIn.id, archived.id] });
    expect(result.status).toBe(200);
    expect(await preference(person.id, optIn.id)).toEqual({ subscribed: true, source: "PREFERENCE_CENTRE" });
    expect(await preference(person.id, defaultOn.id)).toEqual({ subscribed: false, source: "PREFERENCE_CENTRE" });
    expect(await preference(person.id, archived.id)).toBeNull();
    const page = await load();
    expect(page.topics.find((topic) => topic.id === optIn.id)?.subscribed).toBe(true);
    expect(page.topics.find((topic) => topic.id === defaultOn.id)?.subscribed).toBe(false);
  });

  it("opts out of everything and back in", async () => {
    expect((await post({ intent: "opt-out" })).status).toBe(200);
    expect(await prisma.newsletterOptOut.findUnique({ where: { userId: person.id } })).toMatchObject({ source: "PREFERENCE_CENTRE" });
    expect((await load()).optedOut).toBe(true);
    expect((await post({ intent: "opt-out" })).status).toBe(200);
    expect((await post({ intent: "opt-in" })).status).toBe(200);
    expect(await prisma.newsletterOptOut.findUnique({ where: { userId: person.id } })).toBeNull();
  });

  it("answers 400 to a form it does not know and 404 to a forged token", async () => {
    expect((await post({ intent: "evil" })).status).toBe(400);
    const forged = signLinkToken(Buffer.alloc(32, 1), "prefs", [person.id]);
    expect((await invoke(preferencesRoute.loader, buildRequest(`/email/preferences/${forged}`), { token: forged })).status).toBe(404);
    const unsub = (await linksFor(person, defaultOn)).unsub;
    expect((await invoke(preferencesRoute.loader, buildRequest(`/email/preferences/${unsub}`), { token: unsub })).status).toBe(404);
    expect(
      (
        await invoke(preferencesRoute.action, buildRequest(`/email/preferences/${forged}`, { form: { intent: "opt-out" } }), {
          token: forged,
        })
      ).status,
    ).toBe(404);
  });
});
