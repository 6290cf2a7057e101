import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as logout } from "~/routes/logout.tsx";
import { runInRequestScope } from "~/utils/request-scope.server.ts";
import { createSession, getUser, requirePermission, validateSessionToken } from "./session.server.ts";

async function member() {
  const account = await createAccount();
  return createUser({ role: "MEMBER", accountId: account.id });
}

describe("sessions", () => {
  it("store only a hash of the secret", async () => {
    const user = await member();
    const { token, sessionId } = await createSession(user.id);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    const secret = token.split(".")[1]!;
    expect(Buffer.from(row.secretHash).toString("utf8")).not.toContain(secret);
    expect(row.secretHash.length).toBe(32);
  });

  it("reject a token whose secret was tampered with", async () => {
    const user = await member();
    const { token } = await createSession(user.id);
    const [id] = token.split(".");
    expect(await validateSessionToken(`${id}.${"a".repeat(32)}`)).toBeNull();
    expect(await validateSessionToken(token)).not.toBeNull();
  });

  it("end after the idle limit and slide while used", async () => {
    const user = await member();
    const { token, sessionId } = await createSession(user.id);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    expect(await validateSessionToken(token, inTwoDays)).not.toBeNull();
    const slid = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(slid.idleExpiresAt.getTime()).toBeGreaterThan(inTwoDays.getTime() + 6 * 86_400_000);
    expect(await validateSessionToken(token, new Date(Date.now() + 20 * 86_400_000))).toBeNull();
    expect(await prisma.session.count({ where: { id: sessionId } })).toBe(0);
  });

  it("end for a deactivated user", async () => {
    const user = await member();
    const { token } = await createSession(user.id);
    await prisma.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    expect(await validateSessionToken(token)).toBeNull();
  });

  it("sign out here, or everywhere", async () => {
    const user = await member();
    const here = await sessionCookieFor(user.id);
    const other = await sessionCookieFor(user.id);
    const third = await sessionCookieFor(user.id);
    const out = await invoke(logout, buildRequest("/logout", { cookie: here, form: { scope: "this" } }));
    expect(out.status).toBe(302);
    expect(out.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await getUser(buildRequest("/", { cookie: here }))).toBeNull();
    expect(await getUser(buildRequest("/", { cookie: other }))).not.toBeNull();
    await invoke(logout, buildRequest("/logout", { cookie: other, form: { scope: "everywhere" } }));
    expect(await getUser(buildRequest("/", { cookie: third }))).toBeNull();
  });

  it("answer 403 to a signed-in user without the permission and redirect strangers to sign in", async () => {
    const user = await member();
    const cookie = await sessionCookieFor(user.id);
    await expect(requirePermission(buildRequest("/admin/outbox", { cookie }), "outbox.view")).rejects.toMatchObject({ status: 403 });
    await expect(requirePermission(buildRequest("/admin/outbox"), "outbox.view")).rejects.toMatchObject({ status: 302 });
  });
});

// Remix gives each loader of a page its own Request copy; the server's request scope lets them share
// one session lookup, without ever sharing it with another request or reading stale after an action.
describe("one session lookup per page", () => {
  async function renamedBetweenLoaders(method: string) {
    const user = await member();
    const cookie = await sessionCookieFor(user.id);
    return runInRequestScope(method, async () => {
      const root = await getUser(buildRequest("/portal", { cookie }));
      await prisma.user.update({ where: { id: user.id }, data: { name: "Renamed by an action" } });
      const page = await getUser(buildRequest("/portal", { cookie }));
      return [root?.name, page?.name, user.name];
    });
  }

  it("is shared by the loaders of one GET", async () => {
    const [root, page, original] = await renamedBetweenLoaders("GET");
    expect(root).toBe(original);
    expect(page).toBe(original);
  });

  it("is read afresh after a POST's action", async () => {
    const [root, page, original] = await renamedBetweenLoaders("POST");
    expect(root).toBe(original);
    expect(page).toBe("Renamed by an action");
  });

  it("is never shared between two people's requests", async () => {
    const [alice, bob] = [await member(), await member()];
    const [aliceCookie, bobCookie] = [await sessionCookieFor(alice.id), await sessionCookieFor(bob.id)];
    const seen = await runInRequestScope("GET", async () => [
      (await getUser(buildRequest("/portal", { cookie: aliceCookie })))?.id,
      (await getUser(buildRequest("/portal", { cookie: bobCookie })))?.id,
      (await getUser(buildRequest("/portal")))?.id ?? null,
    ]);
    expect(seen).toEqual([alice.id, bob.id, null]);
  });
});
