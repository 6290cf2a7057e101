import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import type { Tier } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { getRecommendations } from "./recommendations.server.ts";

const now = new Date();
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

async function liveSession(title: string, topics: string[], startsAt: Date, audienceTiers = "") {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title,
      startsAt,
      durationMinutes: 45,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/rec",
      audienceTiers,
      publishedAt: days(-30),
      topics: { create: topics.map((topic) => ({ topic })) },
    },
  });
}

async function item(
  title: string,
  kind: "VIDEO" | "ONE_PAGER",
  topics: string[],
  overrides: { audienceTiers?: string; status?: "DRAFT" } = {},
) {
  return prisma.contentItem.create({
    data: {
      kind,
      status: overrides.status ?? "PUBLISHED",
      slug: `rec-${randomUUID().slice(0, 8)}`,
      title,
      audienceTiers: overrides.audienceTiers ?? "",
      publishedAt: days(-10),
      topics: { create: topics.map((topic) => ({ topic })) },
    },
  });
}

const register = (sessionId: string, user: { id: string; accountId: string | null }, attendance: "ATTENDED" | "UNKNOWN" = "UNKNOWN") =>
  prisma.registration.create({
    data: { sessionId, userId: user.id, accountId: user.accountId, status: "CONFIRMED", joinCode: randomUUID(), attendance },
  });

const progress = (contentId: string, user: { id: string; accountId: string | null }, percent: number, completed = false) =>
  prisma.contentProgress.create({
    data: {
      contentId,
      userId: user.id,
      accountId: user.accountId,
      percent,
      completedAt: completed ? days(-1) : null,
      lastSeenAt: days(-1),
    },
  });

async function customer(tier: Tier) {
  const account = await createAccount({ tier });
  return createUser({ role: "MEMBER", accountId: account.id });
}

let me: { id: string; role: "MEMBER"; accountId: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  const person = await customer("LOW");
  me = { id: person.id, role: "MEMBER", accountId: person.accountId! };
  const colleague = await createUser({ role: "MEMBER", accountId: me.accountId });
  const peers = [await customer("LOW"), await customer("LOW"), await customer("LOW")];
  const highPeer = await customer("HIGH");

  const past = await liveSession("Analytics kickoff", ["analytics"], days(-14));
  await register(past.id, person, "ATTENDED");
  ids.analyticsSession = (await liveSession("Analytics deep dive", ["analytics"], days(5))).id;
  ids.registered = (await liveSession("Already registered", ["analytics"], days(6))).id;
  await register(ids.registered, person);
  ids.highOnly = (await liveSession("High-touch analytics", ["analytics"], days(4), "HIGH")).id;
  ids.farAway = (await liveSession("Analytics next year", ["analytics"], days(200))).id;
  ids.popular = (await liveSession("Office hours", ["general"], days(3))).id;
  for (const peer of peers) await register(ids.popular, peer);
  await register(ids.popular, highPeer);

  ids.halfWatched = (await item("Setting up alerts", "VIDEO", ["alerts"])).id;
  await progress(ids.halfWatched, person, 40);
  ids.completed = (await item("Analytics primer", "ONE_PAGER", ["analytics"])).id;
  await progress(ids.completed, person, 100, true);
  ids.teamTopic = (await item("SSO checklist", "ONE_PAGER", ["sso"])).id;
  const colleagueRead = await item("SSO overview", "ONE_PAGER", ["sso"]);
  await progress(colleagueRead.id, colleague, 100, true);
  ids.colleagueRead = colleagueRead.id;
  ids.draft = (await item("Analytics draft", "ONE_PAGER", ["analytics"], { status: "DRAFT" })).id;
  ids.highDoc = (await item("Analytics for high touch", "ONE_PAGER", ["analytics"], { audienceTiers: "HIGH" })).id;
});

describe("getRecommendations", () => {
  it("ranks what this customer may see, each with its reason, and leaves out what they did or may not see", async () => {
    const list = await getRecommendations(me, now, 10);
    const byTitle = Object.fromEntries(list.map((entry) => [entry.title, entry.reason.text]));
    expect(list[0]).toMatchObject({ title: "Setting up alerts", href: expect.stringMatching(/^\/portal\/library\/rec-/) });
    expect(byTitle).toMatchObject({
      "Setting up alerts": "Continue: you watched 40%",
      "Analytics deep dive": "Because you attended “Analytics kickoff”",
      "SSO checklist": "Your team has not seen this yet, and follows sso",
      "Office hours": "Popular with accounts like yours (3 at your service level)",
    });
    const titles = list.map((entry) => entry.title);
    for (const hidden of [
      "Already registered",
      "High-touch analytics",
      "Analytics next year",
      "Analytics primer",
      "Analytics draft",
      "Analytics for high touch",
      // A colleague read it: the team has seen it, and nothing else speaks for it.
      "SSO overview",
    ]) {
      expect(titles, hidden).not.toContain(hidden);
    }
    expect(await getRecommendations(me, now, 10)).toEqual(list);
  });

  it("keeps the home card to five", async () => {
    expect((await getRecommendations(me, now)).length).toBeLessThanOrEqual(5);
  });

  it("recommends nothing to staff", async () => {
    expect(await getRecommendations({ id: "staff", role: "CSM", accountId: null }, now)).toEqual([]);
  });
});
