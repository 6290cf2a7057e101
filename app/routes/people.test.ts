import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { validateSessionToken } from "~/modules/auth/session.server.ts";
import { EMAIL_JOB_KIND } from "~/modules/email/send-email.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as peopleAction, loader as peopleLoader } from "./_app.admin.people.tsx";
import { action as teamAction, loader as teamLoader } from "./_app.portal.team.tsx";

type FormBody = { intent: string; result: { error?: Record<string, string[]> }; done?: string };
const errorsOf = (body: unknown) =>
  Object.values((body as FormBody).result.error ?? {})
    .flat()
    .join(" ");

let accountId: string;
let otherAccountId: string;
let accountAdmin: { id: string; cookie: string };
let member: { id: string; cookie: string };

async function signedIn(overrides: Parameters<typeof createUser>[0]) {
  const user = await createUser(overrides);
  return { id: user.id, cookie: await sessionCookieFor(user.id) };
}

beforeAll(async () => {
  accountId = (await createAccount({ domains: ["pied.example"] })).id;
  otherAccountId = (await createAccount({ domains: ["hooli.example"] })).id;
  accountAdmin = await signedIn({ role: "ACCOUNT_ADMIN", accountId });
  member = await signedIn({ role: "MEMBER", accountId });
});

const team = (cookie: string, form: Record<string, string>) => invoke(teamAction, buildRequest("/portal/team", { cookie, form }));

describe("the team page", () => {
  it("an account admin invites a member of their own account and the email job is written", async () => {
    const result = await team(accountAdmin.cookie, { intent: "invite", email: "dinesh@pied.example", name: "Dinesh", role: "MEMBER" });
    expect(result.status).toBe(200);
    expect((result.body as FormBody).done).toMatch(/Invitation sent to dinesh@pied\.example/);
    const invite = await prisma.invite.findFirstOrThrow({ where: { email: "dinesh@pied.example" } });
    expect(invite).toMatchObject({ accountId, role: "MEMBER", invitedById: accountAdmin.id });
    const job = await prisma.job.findUniqueOrThrow({ where: { idempotencyKey: `invite:${invite.id}` } });
    expect(job.kind).toBe(EMAIL_JOB_KIND);
    expect(JSON.parse(job.payload)).toMatchObject({ template: "invite", to: "dinesh@pied.example" });

    const page = await invoke(teamLoader, buildRequest("/portal/team", { cookie: accountAdmin.cookie }));
    expect((page.body as { invites: { email: string }[] }).invites.map((row) => row.email)).toContain("dinesh@pied.example");

    const revoked = await team(accountAdmin.cookie, { intent: "revoke-invite", inviteId: invite.id });
    expect(revoked.status).toBe(200);
    expect((await prisma.invite.findUniqueOrThrow({ where: { id: invite.id } })).revokedAt).not.toBeNull();
  });

  it("an account admin cannot invite staff or touch another account's people (404)", async () => {
    const staff = await team(accountAdmin.cookie, { intent: "invite", email: "boss@pied.example", role: "ADMIN" });
    expect(staff.status).toBe(403);

    const outsider = await createUser({ role: "MEMBER", accountId: otherAccountId });
    const csm = await createUser({ role: "CSM" });
    const forms: Record<string, string>[] = [
      { intent: "change-role", userId: outsider.id, role: "ACCOUNT_ADMIN" },
      { intent: "deactivate", userId: outsider.id },
      { intent: "deactivate", userId: csm.id },
    ];
    for (const form of forms) {
      const result = await team(accountAdmin.cookie, form);
      expect(result.status).toBe(404);
      expect(errorsOf(result.body)).toMatch(/not found/);
    }
    const untouched = await prisma.user.findUniqueOrThrow({ where: { id: outsider.id } });
    expect(untouched).toMatchObject({ role: "MEMBER", deactivatedAt: null });

    const invite = await prisma.invite.create({
      data: {
        email: "x@hooli.example",
        role: "MEMBER",
        accountId: otherAccountId,
        tokenHash: "other-account-invite",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    expect((await team(accountAdmin.cookie, { intent: "revoke-invite", inviteId: invite.id })).status).toBe(404);
  });

  it("an account admin changes a colleague's role, but not across to staff and not their own", async () => {
    const colleague = await createUser({ role: "MEMBER", accountId });
    expect((await team(accountAdmin.cookie, { intent: "change-role", userId: colleague.id, role: "ACCOUNT_ADMIN" })).status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: colleague.id } })).role).toBe("ACCOUNT_ADMIN");

    const toStaff = await team(accountAdmin.cookie, { intent: "change-role", userId: colleague.id, role: "CSM" });
    expect(toStaff.status).toBe(400);
    expect((toStaff.body as FormBody).result.error?.role?.[0]).toMatch(/Customers keep a customer role/);

    const self = await team(accountAdmin.cookie, { intent: "change-role", userId: accountAdmin.id, role: "MEMBER" });
    expect(self.status).toBe(409);
  });

  it("a member sees the team read-only and cannot invite (403)", async () => {
    const page = await invoke(teamLoader, buildRequest("/portal/team", { cookie: member.cookie }));
    expect(page.status).toBe(200);
    const body = page.body as { canManage: boolean; invites: unknown[]; people: { id: string }[] };
    expect(body.canManage).toBe(false);
    expect(body.invites).toEqual([]);
    expect(body.people.map((person) => person.id)).toContain(accountAdmin.id);

    const invite = await team(member.cookie, { intent: "invite", email: "richard@pied.example", role: "MEMBER" });
    expect(invite.status).toBe(403);
    expect(await prisma.invite.count({ where: { email: "richard@pied.example" } })).toBe(0);
  });

  it("the team page lists only the viewer's own account, whatever the URL says", async () => {
    const page = await invoke(teamLoader, buildRequest(`/portal/team?accountId=${otherAccountId}`, { cookie: member.cookie }));
    const ids = (page.body as { people: { id: string }[] }).people.map((person) => person.id);
    const own = await prisma.user.findMany({ where: { accountId }, select: { id: true } });
    expect(ids.sort()).toEqual(own.map((row) => row.id).sort());
  });
});

describe("admin people", () => {
  it("deactivation ends every session of that person; reactivation lets them back", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const target = await createUser({ role: "MEMBER", accountId });
    const cookies = [await sessionCookieFor(target.id), await sessionCookieFor(target.id)];
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(2);

    const result = await invoke(
      peopleAction,
      buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "deactivate", userId: target.id } }),
    );
    expect(result.status).toBe(200);
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(0);
    const stale = await invoke(teamLoader, buildRequest("/portal/team", { cookie: cookies[0] }));
    expect(stale.status).toBe(302);
    expect(stale.headers.get("Location")).toMatch(/^\/login/);

    expect(
      (
        await invoke(
          peopleAction,
          buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "reactivate", userId: target.id } }),
        )
      ).status,
    ).toBe(200);
    const fresh = await sessionCookieFor(target.id);
    const token = decodeURIComponent(fresh.split("=")[1]!);
    expect(await validateSessionToken(JSON.parse(Buffer.from(token, "base64").toString("utf8")))).not.toBeNull();
  });

  it("an admin cannot deactivate or demote themselves, and staff stay staff", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const self = await invoke(
      peopleAction,
      buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "deactivate", userId: admin.id } }),
    );
    expect(self.status).toBe(409);
    const demote = await invoke(
      peopleAction,
      buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "change-role", userId: admin.id, role: "CSM" } }),
    );
    expect(demote.status).toBe(409);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");

    const csm = await createUser({ role: "CSM" });
    expect(
      (
        await invoke(
          peopleAction,
          buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "change-role", userId: csm.id, role: "MEMBER" } }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await invoke(
          peopleAction,
          buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "change-role", userId: csm.id, role: "PUBLISHER" } }),
        )
      ).status,
    ).toBe(200);
    const bad = await invoke(
      peopleAction,
      buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "change-role", userId: csm.id, role: "KING" } }),
    );
    expect(bad.status).toBe(400);
  });

  it("invites staff (job queued), lists pending staff invites, filters people", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const sent = await invoke(
      peopleAction,
      buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "invite", email: "new.csm@lyceum.example", role: "CSM" } }),
    );
    expect(sent.status).toBe(200);
    const invite = await prisma.invite.findFirstOrThrow({ where: { email: "new.csm@lyceum.example" } });
    expect(invite.accountId).toBeNull();
    expect(await prisma.job.count({ where: { idempotencyKey: `invite:${invite.id}` } })).toBe(1);

    const customer = await invoke(
      peopleAction,
      buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "invite", email: "cust@pied.example", role: "MEMBER" } }),
    );
    expect(customer.status).toBe(403);

    const page = await invoke(
      peopleLoader,
      buildRequest(`/admin/people?role=ACCOUNT_ADMIN&accountId=${accountId}&status=active`, { cookie: admin.cookie }),
    );
    const body = page.body as { people: { id: string; role: string }[]; invites: { email: string }[] };
    expect(body.people.length).toBeGreaterThan(0);
    expect(body.people.every((person) => person.role === "ACCOUNT_ADMIN")).toBe(true);
    expect(body.invites.map((row) => row.email)).toContain("new.csm@lyceum.example");

    const unknown = await invoke(peopleAction, buildRequest("/admin/people", { cookie: admin.cookie, form: { intent: "launch" } }));
    expect(unknown.status).toBe(400);
  });
});
