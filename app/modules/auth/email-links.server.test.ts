import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { acceptInvite, createInvite, findInvite } from "./invites.server.ts";
import { consumeMagicLink, requestMagicLink } from "./sign-in.server.ts";
import { completeSignUp, requestSignUp } from "./sign-up.server.ts";

function linkFromJob(payload: string, pattern: RegExp) {
  const props = (JSON.parse(payload) as { props: { url: string } }).props;
  return props.url.match(pattern)?.[1] ?? "";
}

async function latestJobPayload(to: string) {
  const job = await prisma.job.findFirstOrThrow({
    where: { kind: "email.send", payload: { contains: to } },
    orderBy: { createdAt: "desc" },
  });
  return job.payload;
}

describe("magic links", () => {
  it("work once, even when two clicks race", async () => {
    const account = await createAccount();
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    await requestMagicLink({ email: user.email, clientId: "test" });
    const token = linkFromJob(await latestJobPayload(user.email), /token=([a-z2-7]+)/);
    const results = await Promise.all(Array.from({ length: 8 }, () => consumeMagicLink(token)));
    expect(results.filter(Boolean)).toEqual([{ userId: user.id }]);
    expect(await consumeMagicLink(token)).toBeNull();
  });

  it("expire after 10 minutes", async () => {
    const account = await createAccount();
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    await requestMagicLink({ email: user.email, clientId: "test" });
    const token = linkFromJob(await latestJobPayload(user.email), /token=([a-z2-7]+)/);
    expect(await consumeMagicLink(token, new Date(Date.now() + 10 * 60_000 + 1000))).toBeNull();
    expect(await consumeMagicLink(token)).toEqual({ userId: user.id });
  });

  it("are never issued for deactivated users", async () => {
    const account = await createAccount();
    const user = await createUser({ role: "MEMBER", accountId: account.id });
    await prisma.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    await requestMagicLink({ email: user.email, clientId: "test" });
    expect(await prisma.emailToken.count({ where: { email: user.email } })).toBe(0);
  });
});

describe("invites", () => {
  it("let an account admin bring in a colleague who then signs in as a member of that account", async () => {
    const account = await createAccount({ name: "Initech" });
    const inviter = await createUser({ role: "ACCOUNT_ADMIN", accountId: account.id });
    await createInvite({ ...inviter, name: inviter.name }, { email: "peter@initech.example", role: "MEMBER", accountId: account.id });
    const token = linkFromJob(await latestJobPayload("peter@initech.example"), /\/invite\/([a-z2-7]+)/);
    expect((await findInvite(token))?.state).toBe("open");
    const user = await acceptInvite(token, { name: "Peter Gibbons", password: "a long enough password" });
    const created = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(created).toMatchObject({ accountId: account.id, role: "MEMBER", email: "peter@initech.example" });
    await expect(acceptInvite(token, { name: "Again", password: "a long enough password" })).rejects.toMatchObject({ status: 410 });
  });

  it("refuse an account admin inviting into another account or as staff", async () => {
    const mine = await createAccount();
    const theirs = await createAccount();
    const inviter = await createUser({ role: "ACCOUNT_ADMIN", accountId: mine.id });
    const actor = { ...inviter, name: inviter.name };
    await expect(createInvite(actor, { email: "x@y.example", role: "MEMBER", accountId: theirs.id })).rejects.toMatchObject({
      status: 403,
    });
    await expect(createInvite(actor, { email: "x@y.example", role: "ADMIN", accountId: null })).rejects.toMatchObject({ status: 403 });
  });

  it("answer 409 for someone who already has a login", async () => {
    const account = await createAccount();
    const admin = await createUser({ role: "ADMIN" });
    const existing = await createUser({ role: "MEMBER", accountId: account.id });
    await expect(
      createInvite({ ...admin, name: admin.name }, { email: existing.email, role: "MEMBER", accountId: account.id }),
    ).rejects.toMatchObject({
      status: 409,
    });
  });
});

describe("self sign-up", () => {
  it("joins the account that owns the email's domain, after the email is verified", async () => {
    const account = await createAccount({ domains: ["hooli.example"] });
    await requestSignUp({ email: "gavin@hooli.example", clientId: "test" });
    expect(await prisma.user.count({ where: { email: "gavin@hooli.example" } })).toBe(0);
    const token = linkFromJob(await latestJobPayload("gavin@hooli.example"), /\/signup\/([a-z2-7]+)/);
    const user = await completeSignUp(token, { name: "Gavin Belson", password: "a long enough password" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ accountId: account.id, role: "MEMBER" });
    await expect(completeSignUp(token, { name: "Twice", password: "a long enough password" })).rejects.toMatchObject({ status: 410 });
  });

  it("sends no link when no account uses the domain", async () => {
    await requestSignUp({ email: "someone@unknown-company.example", clientId: "test" });
    const payload = JSON.parse(await latestJobPayload("someone@unknown-company.example")) as { props: { url: string | null } };
    expect(payload.props.url).toBeNull();
    expect(await prisma.emailToken.count({ where: { email: "someone@unknown-company.example" } })).toBe(0);
  });
});
