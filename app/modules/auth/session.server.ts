import { createCookie, redirect } from "@remix-run/node";
import type { Role } from "~/generated/prisma/enums.ts";
import { recordEvent } from "~/modules/engagement/events.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { addLogContext } from "~/utils/logger.server.ts";
import { rememberForRequest } from "~/utils/request-scope.server.ts";
import { can, homePathFor, type Permission } from "./permissions.ts";
import { newSessionTimes, refreshedTimes, sessionPolicy, sessionState } from "./session-policy.ts";
import { generateSessionToken, hashSecret, parseSessionToken, secretMatches } from "./tokens.ts";

export const SESSION_COOKIE_NAME = "__Host-lyceum-session";

function policy() {
  const env = getEnv();
  return sessionPolicy(env.SESSION_IDLE_DAYS, env.SESSION_ABSOLUTE_DAYS);
}

// `__Host-` binds the cookie to this exact origin: Secure, Path=/ and no Domain are mandatory.
// Browsers accept Secure cookies from http://localhost, so local development works too.
export const sessionCookie = createCookie(SESSION_COOKIE_NAME, {
  httpOnly: true,
  secure: true,
  sameSite: "lax",
  path: "/",
});

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  accountId: string | null;
  timeZone: string;
  locale: string;
};

const USER_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  accountId: true,
  timeZone: true,
  locale: true,
  deactivatedAt: true,
} as const;

export async function createSession(userId: string, meta: { userAgent?: string | null; ipAddress?: string | null } = {}) {
  const { id, secret, token } = generateSessionToken();
  const times = newSessionTimes(new Date(), policy());
  await prisma.session.create({
    data: {
      id,
      secretHash: new Uint8Array(hashSecret(secret)),
      userId,
      ...times,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ipAddress: meta.ipAddress ?? null,
    },
  });
  const user = await prisma.user.update({ where: { id: userId }, data: { lastSignInAt: times.lastActiveAt }, select: { accountId: true } });
  await recordEvent(prisma, { kind: "user.signed_in", userId, accountId: user.accountId, occurredAt: times.lastActiveAt });
  return { sessionId: id, token, expiresAt: times.absoluteExpiresAt };
}

export async function validateSessionToken(token: string, now = new Date()) {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const session = await prisma.session.findUnique({
    where: { id: parsed.id },
    select: {
      id: true,
      secretHash: true,
      lastActiveAt: true,
      idleExpiresAt: true,
      absoluteExpiresAt: true,
      user: { select: USER_SELECT },
    },
  });
  if (!session || !secretMatches(parsed.secret, new Uint8Array(session.secretHash))) return null;
  const state = sessionState(session, now, policy());
  if (state === "expired" || session.user.deactivatedAt) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (state === "refresh") {
    await prisma.session.updateMany({ where: { id: session.id }, data: refreshedTimes(session, now, policy()) });
  }
  const { deactivatedAt: _deactivated, ...user } = session.user;
  return { sessionId: session.id, user: user satisfies SessionUser };
}

export async function commitSessionCookie(token: string, expiresAt: Date) {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return sessionCookie.serialize(token, { maxAge });
}

export function destroySessionCookie() {
  return sessionCookie.serialize("", { maxAge: 0 });
}

const resolved = new WeakMap<Request, Promise<Awaited<ReturnType<typeof validateSessionToken>>>>();

/**
 * The signed-in user and session for this request, or null. Resolved once per Request object, and
 * once per page where the server gives the page a request scope (all its loaders share one lookup).
 */
export function getSession(request: Request) {
  let pending = resolved.get(request);
  if (!pending) {
    const cookie = request.headers.get("Cookie");
    pending = rememberForRequest(`session:${cookie ?? ""}`, async () => {
      const token = await sessionCookie.parse(cookie);
      const session = typeof token === "string" && token ? await validateSessionToken(token) : null;
      if (session) addLogContext({ userId: session.user.id });
      return session;
    });
    resolved.set(request, pending);
  }
  return pending;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}

/** 403 for signed-in users without the permission; sign-in first for everybody else. */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, permission)) {
    throw new Response("You do not have access to this page.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

export async function requireAnonymous(request: Request) {
  const user = await getUser(request);
  if (user) throw redirect(homePathFor(user.role));
}

export async function invalidateSession(sessionId: string) {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

export async function invalidateAllSessions(userId: string) {
  await prisma.session.deleteMany({ where: { userId } });
}

/** Signs the user in with a fresh session (never reusing one) and answers with a redirect. */
export async function signInAndRedirect(request: Request, userId: string, to: string, context: { clientIp?: string | null } = {}) {
  const { token, expiresAt } = await createSession(userId, {
    userAgent: request.headers.get("User-Agent"),
    ipAddress: context.clientIp ?? null,
  });
  return redirect(to, { headers: { "Set-Cookie": await commitSessionCookie(token, expiresAt) } });
}

/** Only same-site paths: `//evil.example` and absolute URLs fall back to the home page. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
