import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import * as scoring from "./_app.admin.scoring.tsx";
import * as healthCall from "./_app.console.accounts.$accountId_.health.tsx";
import * as accountPage from "./_app.console.accounts.$accountId.tsx";

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const validSettings = {
  tier: "HIGH",
  recency: "2",
  frequency: "1",
  breadth: "1",
  depth: "1",
  reach: "1",
  halfLifeDays: "21",
  greenAt: "65",
  redBelow: "40",
};

type Reply = { intent: string; done?: string; result: { error?: Record<string, string[] | null> } };

let admin: string;
let ownerCsm: string;
let otherCsm: string;
let accountId: string;
let ownerCsmId: string;

beforeAll(async () => {
  const adminUser = await createUser({ role: "ADMIN" });
  const owner = await createUser({ role: "CSM" });
  const other = await createUser({ role: "CSM" });
  ownerCsmId = owner.id;
  const account = await createAccount({ tier: "HIGH", ownerCsmId: owner.id });
  accountId = account.id;
  await createUser({ role: "MEMBER", accountId });
  [admin, ownerCsm, otherCsm] = [await sessionCookieFor(adminUser.id), await sessionCookieFor(owner.id), await sessionCookieFor(other.id)];
});

describe("/admin/scoring", () => {
  it("refuses bad settings with a message beside each field", async () => {
    const form = {
      ...validSettings,
      intent: "save-scoring",
      recency: "0",
      frequency: "0",
      breadth: "0",
      depth: "0",
      reach: "0",
      greenAt: "30",
    };
    const reply = await invoke(scoring.action, buildRequest("/admin/scoring", { cookie: admin, form }));
    expect(reply.status).toBe(400);
    const errors = (reply.body as Reply).result.error!;
    expect(errors.recency).toEqual(["Give at least one part a weight above 0"]);
    expect(errors.redBelow).toEqual(["Red must start below where green starts"]);
    const negative = await invoke(
      scoring.action,
      buildRequest("/admin/scoring", { cookie: admin, form: { ...validSettings, depth: "-1" } }),
    );
    expect(negative.status).toBe(400);
    expect((negative.body as Reply).result.error!.depth).toEqual(["Use 0 or more"]);
    expect(await prisma.scoreWeights.count({ where: { tier: "HIGH" } })).toBe(0);
  });

  it("previews without saving, then saves and queues one full rescore", async () => {
    const preview = await invoke(
      scoring.action,
      buildRequest("/admin/scoring", { cookie: admin, form: { ...validSettings, intent: "preview-scoring" } }),
    );
    expect(preview.status).toBe(200);
    expect((preview.body as Reply).done).toMatch(/^With these settings, high touch accounts would be \d+ red, \d+ yellow, \d+ green/);
    expect(await prisma.scoreWeights.count({ where: { tier: "HIGH" } })).toBe(0);

    const saved = await invoke(
      scoring.action,
      buildRequest("/admin/scoring", { cookie: admin, form: { ...validSettings, intent: "save-scoring" } }),
    );
    expect(saved.status).toBe(200);
    expect(await prisma.scoreWeights.findUniqueOrThrow({ where: { tier: "HIGH" } })).toMatchObject({
      recency: 2,
      halfLifeDays: 21,
      greenAt: 65,
      redBelow: 40,
    });
    expect(await prisma.job.count({ where: { kind: "engagement.scores-full", completedAt: null } })).toBeGreaterThanOrEqual(1);
    const page = await invoke(scoring.loader, buildRequest("/admin/scoring", { cookie: admin }));
    const high = (page.body as { tiers: { tier: string; saved: boolean; settings: { greenAt: number } }[] }).tiers.find(
      (t) => t.tier === "HIGH",
    );
    expect(high).toMatchObject({ saved: true, settings: { greenAt: 65 } });
    await prisma.scoreWeights.delete({ where: { tier: "HIGH" } });
  });

  it("is for admins only", async () => {
    const reply = await invoke(
      scoring.action,
      buildRequest("/admin/scoring", { cookie: ownerCsm, form: { ...validSettings, intent: "save-scoring" } }),
    );
    expect(reply.status).toBe(403);
    expect((await invoke(scoring.loader, buildRequest("/admin/scoring", { cookie: ownerCsm }))).status).toBe(403);
  });
});

describe("the CSM's health call", () => {
  const path = () => `/console/accounts/${accountId}/health`;
  const params = () => ({ accountId });

  it("lets the owner CSM set a red call, which wins and says why on the account page", async () => {
    const form = { intent: "set-call", health: "RED", reason: "Champion left", expiresOn: inDays(20) };
    const reply = await invoke(healthCall.action, buildRequest(path(), { cookie: ownerCsm, form }), params());
    expect(reply.status).toBe(302);
    expect(reply.headers.get("Location")).toBe(`/console/accounts/${accountId}`);
    const call = await prisma.healthOverride.findFirstOrThrow({ where: { accountId, expiresAt: { gt: new Date() } } });
    expect(call).toMatchObject({ health: "RED", reason: "Champion left", createdById: ownerCsmId });
    expect(call.expiresAt.toISOString()).toBe(`${inDays(20)}T23:59:59.999Z`);

    const page = await invoke(accountPage.loader, buildRequest(`/console/accounts/${accountId}`, { cookie: otherCsm }), params());
    const health = (page.body as { health: { health: string; reasons: string[]; canCall: boolean; call: { reason: string } } }).health;
    expect(health.health).toBe("RED");
    expect(health.reasons[0]).toMatch(/^CSM call: red until \d+ \w{3} — Champion left$/);
    expect(health.call.reason).toBe("Champion left");
    expect(health.canCall).toBe(false);
  });

  it("refuses another CSM with 403 and changes nothing", async () => {
    const before = await prisma.healthOverride.count({ where: { accountId } });
    const form = { intent: "set-call", health: "GREEN", reason: "Looks fine to me", expiresOn: inDays(5) };
    const reply = await invoke(healthCall.action, buildRequest(path(), { cookie: otherCsm, form }), params());
    expect(reply.status).toBe(403);
    expect((await invoke(healthCall.loader, buildRequest(path(), { cookie: otherCsm }), params())).status).toBe(403);
    expect(await prisma.healthOverride.count({ where: { accountId } })).toBe(before);
  });

  it("answers 400 with messages for a missing reason, a past day or one too far ahead", async () => {
    const missing = await invoke(
      healthCall.action,
      buildRequest(path(), { cookie: ownerCsm, form: { intent: "set-call", health: "RED", reason: " ", expiresOn: inDays(-1) } }),
      params(),
    );
    expect(missing.status).toBe(400);
    const errors = (missing.body as Reply).result.error!;
    expect(errors.reason).toEqual(["Say why, in a sentence the team will understand"]);
    expect(errors.expiresOn).toEqual(["Choose today or a later day"]);
    const far = await invoke(
      healthCall.action,
      buildRequest(path(), { cookie: admin, form: { intent: "set-call", health: "PURPLE", reason: "Too far", expiresOn: inDays(200) } }),
      params(),
    );
    expect(far.status).toBe(400);
    expect((far.body as Reply).result.error!.expiresOn).toEqual(["Choose a day within 180 days; make a new call after that"]);
    expect((far.body as Reply).result.error!.health).toEqual(["Choose red, yellow or green"]);
  });

  it("lets an admin clear the call; the health follows the numbers again", async () => {
    const reply = await invoke(healthCall.action, buildRequest(path(), { cookie: admin, form: { intent: "clear-call" } }), params());
    expect(reply.status).toBe(302);
    expect(await prisma.healthOverride.count({ where: { accountId, expiresAt: { gt: new Date() } } })).toBe(0);
    const score = await prisma.accountScore.findUniqueOrThrow({ where: { accountId } });
    expect(JSON.parse(score.healthReasons)[0]).not.toMatch(/^CSM call/);
    const again = await invoke(healthCall.action, buildRequest(path(), { cookie: admin, form: { intent: "clear-call" } }), params());
    expect(again.status).toBe(409);
  });
});
