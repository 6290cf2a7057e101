import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { validateSessionToken } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./login.tsx";

const PASSWORD = "correct horse battery";
let email: string;

beforeAll(async () => {
  const account = await createAccount({ tier: "LOW" });
  const user = await createUser({ role: "MEMBER", accountId: account.id, password: PASSWORD });
  email = user.email;
});

function sessionTokenFrom(setCookie: string | null) {
  const raw = decodeURIComponent(setCookie?.match(/__Host-lyceum-session=([^;]+)/)?.[1] ?? "");
  return JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as string;
}

describe("password sign-in", () => {
  it("signs in, sets a __Host- cookie with a fresh session, and goes home", async () => {
    const result = await invoke(
      action,
      buildRequest("/login", { form: { intent: "password", email: email.toUpperCase(), password: PASSWORD } }),
    );
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/portal");
    const setCookie = result.headers.get("Set-Cookie");
    expect(setCookie).toMatch(/^__Host-lyceum-session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/);
    const session = await validateSessionToken(sessionTokenFrom(setCookie));
    expect(session?.user.email).toBe(email);

    const again = await invoke(action, buildRequest("/login", { form: { intent: "password", email, password: PASSWORD } }));
    expect(sessionTokenFrom(again.headers.get("Set-Cookie"))).not.toBe(sessionTokenFrom(setCookie));
  });

  it("keeps a same-site redirectTo and drops an open redirect", async () => {
    const inside = await invoke(
      action,
      buildRequest("/login", { form: { intent: "password", email, password: PASSWORD, redirectTo: "/settings" } }),
    );
    expect(inside.headers.get("Location")).toBe("/settings");
    const outside = await invoke(
      action,
      buildRequest("/login", { form: { intent: "password", email, password: PASSWORD, redirectTo: "//evil.example" } }),
    );
    expect(outside.headers.get("Location")).toBe("/portal");
  });

  it("answers 400 with field messages for a malformed form", async () => {
    const result = await invoke(action, buildRequest("/login", { form: { intent: "password", email: "not-an-email" } }));
    expect(result.status).toBe(400);
    const body = result.body as { result: { error: Record<string, string[]> } };
    expect(body.result.error.email?.[0]).toMatch(/valid email/);
    expect(body.result.error.password?.[0]).toMatch(/password/i);
  });

  it("answers 400 for a wrong password or an unknown email, with the same message", async () => {
    const wrong = await invoke(action, buildRequest("/login", { form: { intent: "password", email, password: "nope-nope-nope" } }));
    const unknown = await invoke(
      action,
      buildRequest("/login", { form: { intent: "password", email: "nobody@nowhere.example", password: "whatever-it-is" } }),
    );
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect((wrong.body as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual(
      (unknown.body as { result: { error: Record<string, string[]> } }).result.error[""],
    );
  });

  it("rate-limits one email after 10 attempts with 429 and Retry-After", async () => {
    const target = (await createUser({ role: "MEMBER", accountId: (await createAccount()).id, password: PASSWORD })).email;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const result = await invoke(
        action,
        buildRequest("/login", { form: { intent: "password", email: target, password: "wrong-password-x" } }),
      );
      statuses.push(result.status);
      if (result.status === 429) expect(Number(result.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right password is refused until the window passes.
    const right = await invoke(action, buildRequest("/login", { form: { intent: "password", email: target, password: PASSWORD } }));
    expect(right.status).toBe(429);
  });

  it("counts only failures: signing in correctly again and again never locks a person or an office out", async () => {
    const target = (await createUser({ role: "MEMBER", accountId: (await createAccount()).id, password: PASSWORD })).email;
    for (let attempt = 0; attempt < 35; attempt++) {
      const result = await invoke(action, buildRequest("/login", { form: { intent: "password", email: target, password: PASSWORD } }));
      expect(result.status, `sign-in ${attempt + 1}`).toBe(302);
    }
    // Failures still count in full after all those successes.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const result = await invoke(
        action,
        buildRequest("/login", { form: { intent: "password", email: target, password: "wrong-password-x" } }),
      );
      statuses.push(result.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("sends signed-in visitors home instead of showing the form", async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const result = await invoke(loader, buildRequest("/login", { cookie: await sessionCookieFor(user.id) }));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/portal");
  });
});

describe("magic-link request", () => {
  it("writes a hashed token and an email job in one go, and answers the same for unknown emails", async () => {
    const known = await invoke(action, buildRequest("/login", { form: { intent: "magic-link", email } }));
    const unknown = await invoke(action, buildRequest("/login", { form: { intent: "magic-link", email: "ghost@nowhere.example" } }));
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect((known.body as { done: string }).done).toMatch(/on its way/);
    expect((unknown.body as { done: string }).done).toMatch(/on its way/);
    const tokens = await prisma.emailToken.findMany({ where: { email, purpose: "MAGIC_LINK" } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await prisma.emailToken.count({ where: { email: "ghost@nowhere.example" } })).toBe(0);
    const job = await prisma.job.findFirstOrThrow({ where: { kind: "email.send", idempotencyKey: `magic-link:${tokens[0]!.id}` } });
    expect(JSON.parse(job.payload)).toMatchObject({ template: "magic-link", to: email });
  });
});

describe("following a magic link", async () => {
  const magic = await import("./login_.magic.tsx");

  it("shows a confirm button, signs in once on POST, and refuses the second use", async () => {
    await invoke(action, buildRequest("/login", { form: { intent: "magic-link", email, redirectTo: "/settings" } }));
    const job = await prisma.job.findFirstOrThrow({
      where: { kind: "email.send", payload: { contains: "/login/magic" } },
      orderBy: { createdAt: "desc" },
    });
    const url = new URL((JSON.parse(job.payload) as { props: { url: string } }).props.url);
    const token = url.searchParams.get("token")!;
    expect(url.searchParams.get("redirectTo")).toBe("/settings");

    const page = await invoke(magic.loader, buildRequest(`${url.pathname}${url.search}`));
    expect(page.body).toMatchObject({ token, usable: true, redirectTo: "/settings" });
    // Looking at the page (as a mail scanner would) does not use the link up.
    expect((await invoke(magic.loader, buildRequest(`${url.pathname}${url.search}`))).body).toMatchObject({ usable: true });

    const signedIn = await invoke(magic.action, buildRequest("/login/magic", { form: { token, redirectTo: "/settings" } }));
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("Location")).toBe("/settings");
    expect(signedIn.headers.get("Set-Cookie")).toMatch(/^__Host-lyceum-session=/);

    const again = await invoke(magic.action, buildRequest("/login/magic", { form: { token } }));
    expect(again.status).toBe(410);
    expect((await invoke(magic.loader, buildRequest(`${url.pathname}${url.search}`))).body).toMatchObject({ usable: false });
  });
});
