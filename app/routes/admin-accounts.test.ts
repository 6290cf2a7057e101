import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as editAction, loader as editLoader } from "./_app.admin.accounts.$accountId.edit.tsx";
import { action as newAction, loader as newLoader } from "./_app.admin.accounts.new.tsx";
import { loader as peopleLoader } from "./_app.admin.people.tsx";
import { loader as tiersLoader } from "./_app.admin.tiers.tsx";
import { loader as overviewLoader } from "./_app.console._index.tsx";
import { action as accountAction, loader as accountLoader } from "./_app.console.accounts.$accountId.tsx";
import { loader as listLoader } from "./_app.console.accounts._index.tsx";

type FormBody = { result: { error?: Record<string, string[]> } };
let admin: string;
let csm: string;
let csmId: string;

const validForm = (overrides: Record<string, string> = {}) => ({
  name: "Globex",
  domains: "Globex.example, @globex-eu.example",
  plan: "Scale",
  arr: "120,000.50",
  currency: "EUR",
  tier: "HIGH",
  renewalDate: "2027-03-31",
  ownerCsmId: csmId,
  timeZone: "Europe/Berlin",
  ...overrides,
});

beforeAll(async () => {
  admin = await sessionCookieFor((await createUser({ role: "ADMIN", timeZone: "America/New_York" })).id);
  const csmUser = await createUser({ role: "CSM", name: "Casey Sim" });
  csmId = csmUser.id;
  csm = await sessionCookieFor(csmId);
});

describe("admin creates and edits an account", () => {
  it("creates with lower-cased domains and ARR in cents, then edits it", async () => {
    const created = await invoke(newAction, buildRequest("/admin/accounts/new", { cookie: admin, form: validForm() }));
    expect(created.status).toBe(302);
    const id = created.headers.get("Location")!.split("/").pop()!;
    const account = await prisma.account.findUniqueOrThrow({ where: { id }, include: { domains: { orderBy: { domain: "asc" } } } });
    expect(account).toMatchObject({
      name: "Globex",
      arrCents: 12_000_050,
      currency: "EUR",
      tier: "HIGH",
      ownerCsmId: csmId,
      timeZone: "Europe/Berlin",
    });
    expect(account.renewalDate?.toISOString()).toBe("2027-03-31T00:00:00.000Z");
    expect(account.domains.map((row) => row.domain)).toEqual(["globex-eu.example", "globex.example"]);

    const editPage = await invoke(editLoader, buildRequest(`/admin/accounts/${id}/edit`, { cookie: admin }), { accountId: id });
    expect((editPage.body as { defaults: { arr: string; domains: string } }).defaults).toMatchObject({
      arr: "120000.50",
      domains: "globex-eu.example\nglobex.example",
    });

    const edited = await invoke(
      editAction,
      buildRequest(`/admin/accounts/${id}/edit`, {
        cookie: admin,
        form: validForm({ name: "Globex Corp", domains: "globex.example\nglobex.io", arr: "90000", tier: "LOW", ownerCsmId: "" }),
      }),
      { accountId: id },
    );
    expect(edited.status).toBe(302);
    expect(edited.headers.get("Location")).toBe(`/console/accounts/${id}`);
    const after = await prisma.account.findUniqueOrThrow({ where: { id }, include: { domains: { orderBy: { domain: "asc" } } } });
    expect(after).toMatchObject({ name: "Globex Corp", arrCents: 9_000_000, tier: "LOW", ownerCsmId: null });
    expect(after.domains.map((row) => row.domain)).toEqual(["globex.example", "globex.io"]);
  });

  it("answers 409 with a field error when a domain belongs to another account", async () => {
    const other = await createAccount({ name: "Initech", domains: ["initech.example"] });
    const result = await invoke(
      newAction,
      buildRequest("/admin/accounts/new", {
        cookie: admin,
        form: validForm({ name: "Copycat", domains: "copycat.example, INITECH.example" }),
      }),
    );
    expect(result.status).toBe(409);
    expect((result.body as FormBody).result.error?.domains?.[0]).toMatch(/initech\.example \(Initech\).*Remove it from that account first/);
    expect(await prisma.account.count({ where: { name: "Copycat" } })).toBe(0);

    // Editing the owner of the domain keeps it; editing another account to claim it is refused.
    const mine = await createAccount({ name: "Mine", domains: ["mine.example"] });
    const clash = await invoke(
      editAction,
      buildRequest(`/admin/accounts/${mine.id}/edit`, { cookie: admin, form: validForm({ domains: "mine.example initech.example" }) }),
      { accountId: mine.id },
    );
    expect(clash.status).toBe(409);
    expect((await prisma.accountDomain.findUniqueOrThrow({ where: { domain: "initech.example" } })).accountId).toBe(other.id);
    expect(await prisma.accountDomain.count({ where: { accountId: mine.id } })).toBe(1);
  });

  it("answers 400 with field messages for invalid input", async () => {
    const result = await invoke(
      newAction,
      buildRequest("/admin/accounts/new", {
        cookie: admin,
        form: validForm({
          name: " ",
          domains: "acme.example, not a domain!",
          arr: "12.345",
          currency: "XXXX",
          tier: "GOLD",
          renewalDate: "2026-02-30",
          timeZone: "Mars/Olympus",
          ownerCsmId: "nobody",
        }),
      }),
    );
    expect(result.status).toBe(400);
    const errors = (result.body as FormBody).result.error!;
    expect(Object.keys(errors).sort()).toEqual(["arr", "currency", "domains", "name", "renewalDate", "tier", "timeZone"]);
    expect(errors.domains?.[0]).toMatch(/Not a domain: not, a, domain!/);
  });

  it("refuses an owner who is not an active CSM with a field error", async () => {
    const publisher = await createUser({ role: "PUBLISHER" });
    const result = await invoke(
      newAction,
      buildRequest("/admin/accounts/new", { cookie: admin, form: validForm({ name: "Owned", domains: "", ownerCsmId: publisher.id }) }),
    );
    expect(result.status).toBe(400);
    expect((result.body as FormBody).result.error?.ownerCsmId?.[0]).toMatch(/active CSM/);
  });
});

describe("staff pages", () => {
  it("a CSM gets 403 on every admin page and admin action", async () => {
    const account = await createAccount();
    const results = await Promise.all([
      invoke(newLoader, buildRequest("/admin/accounts/new", { cookie: csm })),
      invoke(newAction, buildRequest("/admin/accounts/new", { cookie: csm, form: validForm() })),
      invoke(editAction, buildRequest(`/admin/accounts/${account.id}/edit`, { cookie: csm, form: validForm() }), { accountId: account.id }),
      invoke(peopleLoader, buildRequest("/admin/people", { cookie: csm })),
      invoke(tiersLoader, buildRequest("/admin/tiers", { cookie: csm })),
      invoke(
        accountAction,
        buildRequest(`/console/accounts/${account.id}`, { cookie: csm, form: { intent: "invite", email: "x@y.example", role: "MEMBER" } }),
        { accountId: account.id },
      ),
    ]);
    expect(results.map((result) => result.status)).toEqual([403, 403, 403, 403, 403, 403]);
  });

  it("the account page answers 404 for an unknown id and shows times in the viewer's zone", async () => {
    const missing = await invoke(accountLoader, buildRequest("/console/accounts/nope", { cookie: csm }), { accountId: "nope" });
    expect(missing.status).toBe(404);

    const account = await createAccount({
      name: "Umbrella",
      tier: "LOW",
      arrCents: 4_500_000,
      currency: "USD",
      renewalDate: new Date("2026-07-01T00:00:00Z"),
    });
    await prisma.engagementEvent.create({
      data: { accountId: account.id, kind: "document.opened", occurredAt: new Date("2026-01-15T15:00:00Z") },
    });
    const page = await invoke(accountLoader, buildRequest(`/console/accounts/${account.id}`, { cookie: admin }), { accountId: account.id });
    const body = page.body as {
      account: { arr: string; renewal: string };
      events: { label: string; when: string }[];
      entitlements: { csmHours: { source: string } };
      canManage: boolean;
    };
    expect(body.account).toMatchObject({ arr: "$45,000", renewal: "Jul 1, 2026" });
    expect(body.events).toEqual([expect.objectContaining({ label: "Opened a document", when: "Jan 15, 2026, 10:00 AM EST" })]);
    expect(body.entitlements.csmHours.source).toBe("tier");
    expect(body.canManage).toBe(true);
  });

  it("an admin invites a customer from the account page; the email is queued", async () => {
    const account = await createAccount({ domains: ["hooli.example"] });
    const result = await invoke(
      accountAction,
      buildRequest(`/console/accounts/${account.id}`, {
        cookie: admin,
        form: { intent: "invite", email: "Gavin@Hooli.example", role: "ACCOUNT_ADMIN" },
      }),
      { accountId: account.id },
    );
    expect(result.status).toBe(200);
    expect(await prisma.invite.count({ where: { email: "gavin@hooli.example", accountId: account.id, role: "ACCOUNT_ADMIN" } })).toBe(1);
    const staff = await invoke(
      accountAction,
      buildRequest(`/console/accounts/${account.id}`, {
        cookie: admin,
        form: { intent: "invite", email: "x@hooli.example", role: "ADMIN" },
      }),
      { accountId: account.id },
    );
    expect(staff.status).toBe(403);
  });

  it("lists and filters accounts; a CSM sees their own on the overview", async () => {
    const renewing = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000);
    renewing.setUTCHours(0, 0, 0, 0);
    await createAccount({ name: "Zeta Owned", tier: "TECH", ownerCsmId: csmId, renewalDate: renewing });
    const list = await invoke(listLoader, buildRequest("/console/accounts?owner=mine&tier=TECH&sort=bogus&page=-3", { cookie: csm }));
    const body = list.body as { accounts: { name: string }[]; query: { sort: string; page: number } };
    expect(body.accounts.map((row) => row.name)).toEqual(["Zeta Owned"]);
    expect(body.query).toMatchObject({ sort: "name", page: 1 });

    const overview = await invoke(overviewLoader, buildRequest("/console", { cookie: csm }));
    const data = overview.body as { mine: { name: string }[]; renewals: { name: string }[]; tiers: { tier: string; accounts: number }[] };
    expect(data.mine.map((row) => row.name)).toContain("Zeta Owned");
    expect(data.renewals.map((row) => row.name)).toContain("Zeta Owned");
    expect(data.tiers.map((tier) => tier.tier)).toEqual(["HIGH", "LOW", "TECH"]);
  });
});
