import { describe, expect, it } from "vitest";
import { can, canReadAccount, homePathFor, invitableRoles, PERMISSIONS } from "./permissions.ts";

const member = { id: "u1", role: "MEMBER", accountId: "a1" } as const;
const accountAdmin = { id: "u2", role: "ACCOUNT_ADMIN", accountId: "a1" } as const;
const csm = { id: "s1", role: "CSM", accountId: null } as const;
const publisher = { id: "s2", role: "PUBLISHER", accountId: null } as const;
const admin = { id: "s3", role: "ADMIN", accountId: null } as const;

describe("permissions", () => {
  it("keep customers out of the console and staff out of the portal", () => {
    for (const permission of PERMISSIONS) {
      if (["portal.view", "team.view", "team.manage", "sessions.register", "library.view", "queue.book"].includes(permission)) {
        expect(can(csm, permission) || can(admin, permission), permission).toBe(false);
      } else {
        expect(can(member, permission) || can(accountAdmin, permission), permission).toBe(false);
      }
    }
  });

  it("give administration only to admins", () => {
    for (const permission of [
      "accounts.manage",
      "people.manage",
      "tiers.manage",
      "hours.manage",
      "import.run",
      "outbox.view",
      "staff.invite",
      "api_keys.manage",
    ] as const) {
      expect(can(admin, permission)).toBe(true);
      expect(can(csm, permission)).toBe(false);
      expect(can(publisher, permission)).toBe(false);
    }
    expect(can(null, "portal.view")).toBe(false);
  });

  it("let CSMs and admins keep their own availability, and only admins everyone's", () => {
    expect([member, accountAdmin, csm, publisher, admin].map((actor) => can(actor, "availability.manage_own"))).toEqual([
      false,
      false,
      true,
      false,
      true,
    ]);
    expect([member, accountAdmin, csm, publisher, admin].map((actor) => can(actor, "availability.manage_all"))).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it("let the whole team read the engagement dashboard, and CSMs their own book of accounts (admins anyone's)", () => {
    const everyone = [member, accountAdmin, csm, publisher, admin];
    expect(everyone.map((actor) => can(actor, "insights.view"))).toEqual([false, false, true, true, true]);
    expect(everyone.map((actor) => can(actor, "newsletters.manage"))).toEqual([false, false, false, true, true]);
    expect(everyone.map((actor) => can(actor, "suppressions.manage"))).toEqual([false, false, false, false, true]);
    expect(everyone.map((actor) => can(actor, "portfolio.view"))).toEqual([false, false, true, false, true]);
    expect(everyone.map((actor) => can(actor, "portfolio.view_all"))).toEqual([false, false, false, false, true]);
  });

  it("let the whole one-to-many team read the queue's capacity, and no customer", () => {
    expect([member, accountAdmin, csm, publisher, admin].map((actor) => can(actor, "queue.capacity"))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it("show a CSM their own booked hours, and admins everyone's", () => {
    const actors = [member, accountAdmin, csm, publisher, admin];
    expect(actors.map((actor) => can(actor, "queue.brief"))).toEqual([false, false, true, false, true]);
    expect(actors.map((actor) => can(actor, "queue.brief_all"))).toEqual([false, false, false, false, true]);
  });

  it("show signals to the whole team, every account's only to the one-to-many team and admins", () => {
    const actors = [member, accountAdmin, csm, publisher, admin];
    expect(actors.map((actor) => can(actor, "signals.view"))).toEqual([false, false, true, true, true]);
    expect(actors.map((actor) => can(actor, "signals.view_all"))).toEqual([false, false, false, true, true]);
    expect(actors.map((actor) => can(actor, "signals.invite"))).toEqual([false, false, true, true, true]);
    expect(actors.map((actor) => can(actor, "signals.send_digests"))).toEqual([false, false, false, false, true]);
  });

  it("let only admins change scoring, and CSMs and admins make a health call", () => {
    const actors = [member, accountAdmin, csm, publisher, admin];
    expect(actors.map((actor) => can(actor, "scoring.manage"))).toEqual([false, false, false, false, true]);
    expect(actors.map((actor) => can(actor, "health.call"))).toEqual([false, false, true, false, true]);
    expect(actors.map((actor) => can(actor, "health.call_all"))).toEqual([false, false, false, false, true]);
  });

  it("let a customer read only their own account", () => {
    expect(canReadAccount(member, "a1")).toBe(true);
    expect(canReadAccount(member, "a2")).toBe(false);
    expect(canReadAccount(csm, "a2")).toBe(true);
  });

  it("limit who may invite whom", () => {
    expect(invitableRoles(accountAdmin, { accountId: "a1" })).toEqual(["MEMBER", "ACCOUNT_ADMIN"]);
    expect(invitableRoles(accountAdmin, { accountId: "a2" })).toEqual([]);
    expect(invitableRoles(member, { accountId: "a1" })).toEqual([]);
    expect(invitableRoles(admin, { accountId: null })).toEqual(["CSM", "PUBLISHER", "ADMIN"]);
    expect(invitableRoles(csm, { accountId: null })).toEqual([]);
  });

  it("send each role home", () => {
    expect(homePathFor("MEMBER")).toBe("/portal");
    expect(homePathFor("PUBLISHER")).toBe("/console");
  });
});
