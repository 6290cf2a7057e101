import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { getEntitlements } from "~/modules/accounts/entitlements.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./_app.admin.tiers.tsx";
import { loader as portalLoader } from "./_app.portal._index.tsx";

type FormBody = { intent: string; result: { error?: Record<string, string[]> }; done?: string };
let admin: string;
let adminId: string;

beforeAll(async () => {
  await createTierPolicies();
  adminId = (await createUser({ role: "ADMIN" })).id;
  admin = await sessionCookieFor(adminId);
});

const post = (form: Record<string, string>) => invoke(action, buildRequest("/admin/tiers", { cookie: admin, form }));

describe("tier policies and overrides", () => {
  it("a policy update and an override both change getEntitlements", async () => {
    const account = await createAccount({ tier: "LOW" });
    expect((await getEntitlements(account.id))?.csmHours).toEqual({ value: 4, source: "tier" });

    const saved = await post({ intent: "update-policy", tier: "LOW", period: "MONTH", csmHoursPerPeriod: "2", expertSeatsPerPeriod: "5" });
    expect(saved.status).toBe(200);
    expect((saved.body as FormBody).intent).toBe("policy-LOW");
    expect(await prisma.tierPolicy.findUniqueOrThrow({ where: { tier: "LOW" } })).toMatchObject({ period: "MONTH", updatedById: adminId });
    expect(await getEntitlements(account.id)).toMatchObject({
      period: "MONTH",
      csmHours: { value: 2, source: "tier" },
      expertSeats: { value: 5, source: "tier" },
    });

    const added = await post({ intent: "add-override", accountRef: account.id, csmHoursPerPeriod: "8", reason: "Expansion pilot" });
    expect(added.status).toBe(200);
    expect(await getEntitlements(account.id)).toMatchObject({
      csmHours: { value: 8, source: "override" },
      expertSeats: { value: 5, source: "tier" },
      overrideReason: "Expansion pilot",
    });

    const again = await post({ intent: "add-override", accountId: account.id, expertSeatsPerPeriod: "1", reason: "Twice" });
    expect(again.status).toBe(409);
    expect((again.body as FormBody).result.error?.accountId?.[0]).toMatch(/already has an override/);

    const edited = await post({ intent: "set-override", accountId: account.id, expertSeatsPerPeriod: "9", reason: "Seats instead" });
    expect((edited.body as FormBody).intent).toBe(`override-${account.id}`);
    expect(await getEntitlements(account.id)).toMatchObject({
      csmHours: { source: "tier" },
      expertSeats: { value: 9, source: "override" },
    });

    const page = await invoke(loader, buildRequest("/admin/tiers", { cookie: admin }));
    expect((page.body as { overrides: { accountId: string }[] }).overrides.map((row) => row.accountId)).toContain(account.id);

    expect((await post({ intent: "clear-override", accountId: account.id })).status).toBe(200);
    expect((await getEntitlements(account.id))?.expertSeats).toEqual({ value: 5, source: "tier" });
    expect((await post({ intent: "clear-override", accountId: account.id })).status).toBe(404);
  });

  it("answers 400 with field messages for bad numbers, a missing reason or an empty override", async () => {
    const bad = await post({ intent: "update-policy", tier: "HIGH", period: "WEEK", csmHoursPerPeriod: "1.5", expertSeatsPerPeriod: "-1" });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as FormBody).result.error ?? {}).sort()).toEqual(["csmHoursPerPeriod", "expertSeatsPerPeriod", "period"]);

    const account = await createAccount();
    const empty = await post({ intent: "add-override", accountId: account.id, reason: "" });
    expect(empty.status).toBe(400);
    const errors = (empty.body as FormBody).result.error ?? {};
    expect(errors.reason?.[0]).toMatch(/Say why/);

    const nothing = await post({ intent: "set-override", accountId: account.id, reason: "No numbers" });
    expect((nothing.body as FormBody).result.error?.csmHoursPerPeriod?.[0]).toMatch(/Set hours, seats or both/);

    const unknown = await post({ intent: "add-override", accountRef: "no-such-account", csmHoursPerPeriod: "1", reason: "Typo" });
    expect(unknown.status).toBe(404);
    expect((unknown.body as FormBody).result.error?.accountId?.[0]).toMatch(/no account with that id/);
  });

  it("the portal shows the customer their entitlements and, on low touch, their CSM", async () => {
    const csm = await createUser({ role: "CSM", name: "Pat Owner" });
    const low = await createAccount({ tier: "LOW", ownerCsmId: csm.id });
    const tech = await createAccount({ tier: "TECH", ownerCsmId: csm.id });
    const lowHome = await invoke(
      portalLoader,
      buildRequest("/portal", { cookie: await sessionCookieFor((await createUser({ role: "MEMBER", accountId: low.id })).id) }),
    );
    expect(lowHome.body).toMatchObject({ csm: { name: "Pat Owner" }, account: { tier: "LOW" }, entitlements: { period: "MONTH" } });
    const techHome = await invoke(
      portalLoader,
      buildRequest("/portal", { cookie: await sessionCookieFor((await createUser({ role: "MEMBER", accountId: tech.id })).id) }),
    );
    expect(techHome.body).toMatchObject({ csm: null, entitlements: { csmHours: { value: 0 } } });
    const staff = await invoke(portalLoader, buildRequest("/portal", { cookie: admin }));
    expect(staff.status).toBe(403);
  });
});
