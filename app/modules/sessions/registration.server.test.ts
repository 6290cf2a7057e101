import { beforeEach, describe, expect, it, vi } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { Prisma, Tier } from "~/generated/prisma/client.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { hashToken } from "~/modules/auth/tokens.ts";
import { getJobHandler } from "~/modules/jobs/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { loader as joinLoader } from "~/routes/join.$code.tsx";
import { action as offerAction, loader as offerLoader } from "~/routes/offers.$token.tsx";
import { claimOffer, declineOffer, expireOffer, OFFER_EXPIRE_JOB, OFFER_TTL_MS } from "./offers.server.ts";
import { ALREADY_REGISTERED, cancelRegistration, InvalidAnswersError, registerForSession, setAttendance } from "./registration.server.ts";
import { registerSessionJobs } from "./session-jobs.server.ts";

// The real notifications still run (inside the engine's transactions); the spy only keeps the offer
// token, which is never stored in clear.
const offerTokens = new Map<string, string>();
vi.mock(import("./notifications.server.ts"), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    notifyRegistration: vi.fn(original.notifyRegistration),
    notifySeatOffered: vi.fn(async (tx, registrationId: string, token: string, expiresAt: Date) => {
      offerTokens.set(registrationId, token);
      await original.notifySeatOffered(tx, registrationId, token, expiresAt);
    }),
  };
});

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
// Times are relative to the real clock so that the routes, which read it, agree with the engine.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

type SessionData = Partial<Prisma.LiveSessionUncheckedCreateInput>;

async function createLiveSession(data: SessionData = {}, questions: { label: string; required?: boolean }[] = []) {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: "Dashboards deep dive",
      startsAt: at(10 * DAY),
      durationMinutes: 60,
      timeZone: "Europe/Paris",
      meetingUrl: "https://meet.example/dashboards",
      publishedAt: NOW,
      ...data,
      questions: {
        create: questions.map((question, position) => ({ label: question.label, required: question.required ?? false, position })),
      },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
}

async function customer(tier: Tier = "TECH", accountId?: string): Promise<Actor & { timeZone: string }> {
  const account = accountId ?? (await createAccount({ tier })).id;
  const user = await createUser({ role: "MEMBER", accountId: account, timeZone: "America/New_York" });
  return { id: user.id, role: user.role, accountId: account, timeZone: user.timeZone };
}

async function staff(role: "CSM" | "PUBLISHER" | "ADMIN"): Promise<Actor> {
  const user = await createUser({ role });
  return { id: user.id, role: user.role, accountId: null };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const register = (actor: Actor, sessionId: string, now = NOW, answers: Record<string, string> = {}) =>
  registerForSession(actor, sessionId, answers, { now });

async function statusOf(registrationId: string) {
  return prisma.registration.findUniqueOrThrow({ where: { id: registrationId } });
}

async function seatsTaken(sessionId: string) {
  return (await prisma.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { seatsTaken: true } })).seatsTaken;
}

async function accountSeats(sessionId: string, accountId: string) {
  const row = await prisma.liveSessionAccountSeats.findUnique({ where: { sessionId_accountId: { sessionId, accountId } } });
  return row?.seatsTaken ?? 0;
}

/** The invariant the whole engine exists for: the counters match the seats actually held. */
async function expectCountersMatch(sessionId: string) {
  const held = await prisma.registration.findMany({
    where: { sessionId, status: { in: ["CONFIRMED", "OFFERED"] } },
    select: { accountId: true },
  });
  expect(await seatsTaken(sessionId)).toBe(held.length);
  const perAccount = new Map<string, number>();
  for (const row of held) perAccount.set(row.accountId!, (perAccount.get(row.accountId!) ?? 0) + 1);
  const tallies = await prisma.liveSessionAccountSeats.findMany({ where: { sessionId } });
  for (const tally of tallies) expect(tally.seatsTaken).toBe(perAccount.get(tally.accountId) ?? 0);
}

async function events(kind: string, sessionId: string) {
  return prisma.engagementEvent.findMany({ where: { kind, subjectId: sessionId } });
}

beforeEach(() => {
  offerTokens.clear();
});

describe("registering", () => {
  it("confirms while seats remain, then waitlists once the cap is reached", async () => {
    const session = await createLiveSession({ seatCap: 2 });
    const [a, b, c] = [await customer(), await customer(), await customer()];

    const first = await register(a, session.id);
    const second = await register(b, session.id);
    const third = await register(c, session.id, at(HOUR));

    expect(first.status).toBe("CONFIRMED");
    expect(first.joinCode).toMatch(/^[a-z2-7]{32}$/);
    expect(second.status).toBe("CONFIRMED");
    expect(third.status).toBe("WAITLISTED");
    expect(await statusOf(third.id)).toMatchObject({ status: "WAITLISTED", waitlistedAt: at(HOUR), accountId: c.accountId });
    expect(await statusOf(first.id)).toMatchObject({ waitlistedAt: null });
    expect(await seatsTaken(session.id)).toBe(2);
    expect((await events("session.registered", session.id)).map((event) => event.userId).sort()).toEqual([a.id, b.id].sort());
    expect((await events("session.waitlisted", session.id)).map((event) => event.userId)).toEqual([c.id]);
    await expectCountersMatch(session.id);
  });

  it("a session without a cap confirms everybody", async () => {
    const session = await createLiveSession({ seatCap: null });
    for (let i = 0; i < 5; i++) expect((await register(await customer(), session.id)).status).toBe("CONFIRMED");
    expect(await seatsTaken(session.id)).toBe(5);
  });

  it("the per-account cap waitlists a third colleague while other accounts still get seats", async () => {
    const session = await createLiveSession({ kind: "EXPERT", seatCap: 10, perAccountCap: 2 });
    const first = await customer("LOW");
    const colleagues = [first, await customer("LOW", first.accountId!), await customer("LOW", first.accountId!)];
    const results = [];
    for (const colleague of colleagues) results.push(await register(colleague, session.id));
    const outsider = await register(await customer("LOW"), session.id);

    expect(results.map((result) => result.status)).toEqual(["CONFIRMED", "CONFIRMED", "WAITLISTED"]);
    expect(outsider.status).toBe("CONFIRMED");
    expect(await seatsTaken(session.id)).toBe(3);
    expect(await accountSeats(session.id, first.accountId!)).toBe(2);
    await expectCountersMatch(session.id);
  });

  it("registering twice answers 409 and keeps one row", async () => {
    const session = await createLiveSession({ seatCap: 5 });
    const a = await customer();
    await register(a, session.id);
    const error = await refusal(register(a, session.id));
    expect(error.status).toBe(409);
    expect(error.message).toBe(ALREADY_REGISTERED);
    expect(await prisma.registration.count({ where: { sessionId: session.id } })).toBe(1);
    expect(await seatsTaken(session.id)).toBe(1);
  });

  it("is refused (403) outside the audience tiers and to staff", async () => {
    const session = await createLiveSession({ audienceTiers: "HIGH,LOW" });
    const tech = await refusal(register(await customer("TECH"), session.id));
    expect(tech.status).toBe(403);
    expect(tech.message).toMatch(/High touch, Low touch customers only/);
    expect((await register(await customer("HIGH"), session.id)).status).toBe("CONFIRMED");
    expect((await refusal(register(await staff("PUBLISHER"), session.id))).status).toBe(403);
    expect(await prisma.registration.count({ where: { sessionId: session.id } })).toBe(1);
  });

  it("requires answers to the required questions (400 keyed by question id) and stores them", async () => {
    const session = await createLiveSession({ kind: "EXPERT", seatCap: 5 }, [
      { label: "Describe your situation", required: true },
      { label: "Which plan are you on?", required: true },
      { label: "Anything else?" },
    ]);
    const [situation, plan, extra] = session.questions.map((question) => question.id) as [string, string, string];
    const a = await customer();

    const error = await refusal(register(a, session.id, NOW, { [situation]: "   ", [extra]: "hi" }));
    expect(error).toBeInstanceOf(InvalidAnswersError);
    expect(error.status).toBe(400);
    expect(error.field).toBe(situation);
    expect(Object.keys((error as InvalidAnswersError).fieldErrors).sort()).toEqual([situation, plan].sort());
    expect(await prisma.registration.count({ where: { sessionId: session.id } })).toBe(0);
    expect(await seatsTaken(session.id)).toBe(0);

    const ok = await register(a, session.id, NOW, { [situation]: " Our churn doubled ", [plan]: "Growth", [extra]: "", stray: "ignored" });
    expect(JSON.parse((await statusOf(ok.id)).answers)).toEqual({ [situation]: "Our churn doubled", [plan]: "Growth" });
  });

  it("refuses drafts (404), cancelled sessions and started sessions (409)", async () => {
    const a = await customer();
    expect((await refusal(register(a, (await createLiveSession({ status: "DRAFT" })).id))).status).toBe(404);
    expect((await refusal(register(a, "no-such-session"))).status).toBe(404);
    expect((await refusal(register(a, (await createLiveSession({ status: "CANCELLED" })).id))).status).toBe(409);
    const started = await refusal(register(a, (await createLiveSession({ startsAt: at(-60_000) })).id));
    expect(started.status).toBe(409);
    expect(started.message).toMatch(/already started/);
  });

  it("a cancelled registrant may register again, reusing the row", async () => {
    const session = await createLiveSession({ seatCap: 1 });
    const a = await customer();
    const first = await register(a, session.id);
    await cancelRegistration(a, session.id, { now: at(HOUR) });
    expect(await seatsTaken(session.id)).toBe(0);

    const again = await register(a, session.id, at(2 * HOUR));
    expect(again).toEqual({ id: first.id, status: "CONFIRMED", joinCode: first.joinCode });
    expect(await statusOf(first.id)).toMatchObject({ status: "CONFIRMED", cancelledAt: null, registeredAt: at(2 * HOUR) });
    expect(await seatsTaken(session.id)).toBe(1);
  });
});

describe("cancelling and the waitlist", () => {
  async function fullSession(data: SessionData = {}) {
    const session = await createLiveSession({ seatCap: 1, ...data });
    const [a, b, c] = [await customer(), await customer(), await customer()];
    const ra = await register(a, session.id, NOW);
    const rb = await register(b, session.id, at(1_000));
    const rc = await register(c, session.id, at(2_000));
    expect([ra.status, rb.status, rc.status]).toEqual(["CONFIRMED", "WAITLISTED", "WAITLISTED"]);
    return { session, a, b, c, ra, rb, rc };
  }

  it("a cancellation offers the seat to the head of the waitlist, with an expiry job", async () => {
    const { session, a, ra, rb, rc } = await fullSession();
    const result = await cancelRegistration(a, session.id, { now: at(HOUR) });

    expect(result).toMatchObject({ id: ra.id, status: "CANCELLED", offeredTo: rb.id });
    expect(await statusOf(ra.id)).toMatchObject({ status: "CANCELLED", cancelledAt: at(HOUR) });
    const offered = await statusOf(rb.id);
    const token = offerTokens.get(rb.id)!;
    expect(offered).toMatchObject({ status: "OFFERED", offerExpiresAt: at(HOUR + OFFER_TTL_MS), offerTokenHash: hashToken(token) });
    expect((await statusOf(rc.id)).status).toBe("WAITLISTED");
    expect(await seatsTaken(session.id)).toBe(1);
    const job = await prisma.job.findFirstOrThrow({
      where: { kind: OFFER_EXPIRE_JOB, payload: JSON.stringify({ registrationId: rb.id }) },
    });
    expect(job.runAt).toEqual(at(HOUR + OFFER_TTL_MS));
    expect(await events("session.cancelled", session.id)).toHaveLength(1);
    await expectCountersMatch(session.id);
  });

  it("an offer never outlives the session start", async () => {
    const { session, a, rb } = await fullSession({ startsAt: at(3 * HOUR) });
    await cancelRegistration(a, session.id, { now: at(HOUR) });
    expect((await statusOf(rb.id)).offerExpiresAt).toEqual(at(3 * HOUR));
  });

  it("claiming confirms the seat once; a spent, wrong or expired token is refused (410)", async () => {
    const { session, a, rb } = await fullSession();
    await cancelRegistration(a, session.id, { now: at(HOUR) });
    const token = offerTokens.get(rb.id)!;

    expect((await refusal(claimOffer("not-a-real-token", { now: at(2 * HOUR) }))).status).toBe(410);
    expect(await claimOffer(token, { now: at(2 * HOUR) })).toMatchObject({ id: rb.id, status: "CONFIRMED" });
    expect(await statusOf(rb.id)).toMatchObject({ status: "CONFIRMED", offerTokenHash: null, offerExpiresAt: null });
    expect((await refusal(claimOffer(token, { now: at(2 * HOUR) }))).status).toBe(410);
    expect(await seatsTaken(session.id)).toBe(1);
    await expectCountersMatch(session.id);

    const other = await fullSession();
    await cancelRegistration(other.a, other.session.id, { now: at(HOUR) });
    const late = await refusal(claimOffer(offerTokens.get(other.rb.id)!, { now: at(HOUR + OFFER_TTL_MS) }));
    expect(late.status).toBe(410);
    expect((await statusOf(other.rb.id)).status).toBe("OFFERED");
  });

  it("declining passes the seat on to the next person", async () => {
    const { session, a, rb, rc } = await fullSession();
    await cancelRegistration(a, session.id, { now: at(HOUR) });
    await declineOffer(offerTokens.get(rb.id)!, { now: at(2 * HOUR) });

    expect(await statusOf(rb.id)).toMatchObject({ status: "CANCELLED", offerTokenHash: null });
    expect(await statusOf(rc.id)).toMatchObject({ status: "OFFERED", offerExpiresAt: at(2 * HOUR + OFFER_TTL_MS) });
    expect((await refusal(declineOffer(offerTokens.get(rb.id)!, { now: at(2 * HOUR) }))).status).toBe(410);
    expect(await seatsTaken(session.id)).toBe(1);
    await expectCountersMatch(session.id);
  });

  it("an expired offer goes to the next person and the expired registrant rejoins the end of the queue", async () => {
    const { session, a, rb, rc } = await fullSession();
    await cancelRegistration(a, session.id, { now: at(HOUR) });

    expect(await expireOffer(rb.id, { now: at(2 * HOUR) })).toEqual({ expired: false, offeredTo: null });
    expect((await statusOf(rb.id)).status).toBe("OFFERED");

    const expiry = at(HOUR + OFFER_TTL_MS);
    expect(await expireOffer(rb.id, { now: expiry })).toEqual({ expired: true, offeredTo: rc.id });
    expect(await statusOf(rb.id)).toMatchObject({ status: "WAITLISTED", waitlistedAt: expiry, offerTokenHash: null });
    expect((await statusOf(rc.id)).status).toBe("OFFERED");

    // c lets theirs expire too: b is now first in line again.
    const second = at(HOUR + 2 * OFFER_TTL_MS);
    expect(await expireOffer(rc.id, { now: second })).toEqual({ expired: true, offeredTo: rb.id });
    expect(await seatsTaken(session.id)).toBe(1);
    await expectCountersMatch(session.id);
  });

  it("an expired offer with nobody else waiting releases the seat", async () => {
    const session = await createLiveSession({ seatCap: 1 });
    const [a, b] = [await customer(), await customer()];
    await register(a, session.id);
    const rb = await register(b, session.id);
    await cancelRegistration(a, session.id, { now: at(HOUR) });
    expect(await expireOffer(rb.id, { now: at(HOUR + OFFER_TTL_MS) })).toEqual({ expired: true, offeredTo: null });
    expect((await statusOf(rb.id)).status).toBe("WAITLISTED");
    expect(await seatsTaken(session.id)).toBe(0);
  });

  it("the expiry job registered at start runs expireOffer", async () => {
    const unregister = registerSessionJobs();
    try {
      const { session, a, rb, rc } = await fullSession({ startsAt: at(DAY) });
      // Offered 13 hours ago, so by the real clock the offer has already expired.
      await cancelRegistration(a, session.id, { now: at(-13 * HOUR) });
      await getJobHandler(OFFER_EXPIRE_JOB)!(
        { registrationId: rb.id },
        { id: "job", kind: OFFER_EXPIRE_JOB, attempts: 1, idempotencyKey: null },
      );
      expect((await statusOf(rb.id)).status).toBe("WAITLISTED");
      expect((await statusOf(rc.id)).status).toBe("OFFERED");
    } finally {
      unregister();
    }
  });

  it("no offer is sent after the session has started: the seat is released", async () => {
    const { session, a, rb } = await fullSession({ startsAt: at(HOUR) });
    await cancelRegistration(a, session.id, { now: at(HOUR + 60_000) });
    expect((await statusOf(rb.id)).status).toBe("WAITLISTED");
    expect(offerTokens.size).toBe(0);
    expect(await seatsTaken(session.id)).toBe(0);
  });

  it("leaving the waitlist frees nothing; cancelling twice is a 409, another's registration a 404", async () => {
    const { session, b, rb } = await fullSession();
    await cancelRegistration(b, session.id, { now: at(HOUR) });
    expect((await statusOf(rb.id)).status).toBe("CANCELLED");
    expect(await seatsTaken(session.id)).toBe(1);
    expect((await refusal(cancelRegistration(b, session.id))).status).toBe(409);
    expect((await refusal(cancelRegistration(await customer(), session.id))).status).toBe(404);
  });

  it("the offer skips waiting colleagues of an account at its cap, and account tallies move with the seat", async () => {
    const session = await createLiveSession({ kind: "EXPERT", seatCap: 2, perAccountCap: 1 });
    const a1 = await customer("LOW");
    const a2 = await customer("LOW", a1.accountId!);
    const [b1, c1] = [await customer("LOW"), await customer("LOW")];
    await register(a1, session.id, NOW);
    await register(b1, session.id, at(1_000));
    const ra2 = await register(a2, session.id, at(2_000));
    const rc1 = await register(c1, session.id, at(3_000));
    expect([ra2.status, rc1.status]).toEqual(["WAITLISTED", "WAITLISTED"]);

    // a2 is first in line, but a1 already holds the account's one seat.
    expect((await cancelRegistration(b1, session.id, { now: at(HOUR) })).offeredTo).toBe(rc1.id);
    expect(await accountSeats(session.id, b1.accountId!)).toBe(0);
    expect(await accountSeats(session.id, c1.accountId!)).toBe(1);

    // a1 leaving frees the account's seat for a2.
    expect((await cancelRegistration(a1, session.id, { now: at(2 * HOUR) })).offeredTo).toBe(ra2.id);
    expect(await accountSeats(session.id, a1.accountId!)).toBe(1);
    await expectCountersMatch(session.id);
  });
});

describe("attendance", () => {
  it("publishers and the session's hosts mark attendance, once per registration and kind", async () => {
    const session = await createLiveSession();
    const attendee = await customer();
    const { id } = await register(attendee, session.id);
    const [publisher, host, otherCsm] = [await staff("PUBLISHER"), await staff("CSM"), await staff("CSM")];
    await prisma.liveSessionHost.create({ data: { sessionId: session.id, userId: host.id } });

    await setAttendance(host, id, "ATTENDED", { now: at(HOUR) });
    await setAttendance(publisher, id, "ATTENDED", { now: at(HOUR) });
    expect((await statusOf(id)).attendance).toBe("ATTENDED");
    expect(await events("session.attended", session.id)).toHaveLength(1);

    await setAttendance(publisher, id, "NO_SHOW");
    expect((await statusOf(id)).attendance).toBe("NO_SHOW");
    expect(await events("session.no_show", session.id)).toHaveLength(1);
    await setAttendance(publisher, id, "UNKNOWN");
    expect((await statusOf(id)).attendance).toBe("UNKNOWN");

    expect((await refusal(setAttendance(otherCsm, id, "ATTENDED"))).status).toBe(403);
    expect((await refusal(setAttendance(attendee, id, "ATTENDED"))).status).toBe(404);
    expect((await refusal(setAttendance(publisher, "missing", "ATTENDED"))).status).toBe(404);
  });
});

describe("the join link (/join/:code)", () => {
  const join = (code: string) => invoke(joinLoader, buildRequest(`/join/${code}`), { code });

  it("records the join once and forwards to the meeting", async () => {
    const session = await createLiveSession({ startsAt: at(-5 * 60_000), durationMinutes: 60 });
    const attendee = await customer();
    const { id, joinCode } = await register(attendee, session.id, at(-DAY));

    const first = await join(joinCode);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("https://meet.example/dashboards");
    const joinedAt = (await statusOf(id)).joinedAt;
    expect(joinedAt).not.toBeNull();
    expect((await statusOf(id)).attendance).toBe("ATTENDED");

    expect((await join(joinCode)).status).toBe(302);
    expect((await statusOf(id)).joinedAt).toEqual(joinedAt);
    expect(await events("session.attended", session.id)).toHaveLength(1);
  });

  it("an early click forwards without counting as attendance", async () => {
    const session = await createLiveSession({ startsAt: at(2 * DAY) });
    const { id, joinCode } = await register(await customer(), session.id);
    expect((await join(joinCode)).status).toBe(302);
    expect(await statusOf(id)).toMatchObject({ joinedAt: null, attendance: "UNKNOWN" });
  });

  it("answers 404 for an unknown code, 410 for a cancelled registration or session, 403 on the waitlist", async () => {
    expect((await join("nope")).status).toBe(404);

    const session = await createLiveSession({ seatCap: 1 });
    const [a, b] = [await customer(), await customer()];
    const ra = await register(a, session.id);
    const rb = await register(b, session.id);
    expect((await join(rb.joinCode)).status).toBe(403);
    await cancelRegistration(a, session.id);
    const gone = await join(ra.joinCode);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatch(/registration was cancelled/);

    const cancelled = await createLiveSession({ startsAt: at(-60_000) });
    const { joinCode } = await register(await customer(), cancelled.id, at(-DAY));
    await prisma.liveSession.update({ where: { id: cancelled.id }, data: { status: "CANCELLED" } });
    expect((await join(joinCode)).status).toBe(410);
  });
});

describe("the offer page (/offers/:token)", () => {
  async function offered() {
    const session = await createLiveSession({ seatCap: 1, title: "Expert hour: forecasting", startsAt: new Date("2030-03-10T15:00:00Z") });
    const [a, b] = [await customer(), await customer()];
    await register(a, session.id);
    const rb = await register(b, session.id);
    await cancelRegistration(a, session.id);
    return { session, b, rb, token: offerTokens.get(rb.id)! };
  }

  it("shows the offer without signing in, in the registrant's zone, or in the signed-in viewer's", async () => {
    const { token } = await offered();
    const page = await invoke(offerLoader, buildRequest(`/offers/${token}`), { token });
    expect(page.status).toBe(200);
    const { offer } = page.body as { offer: { title: string; startsAt: string; expiresAt: string } };
    expect(offer.title).toBe("Expert hour: forecasting");
    expect(offer.startsAt).toMatch(/Mar 10, 2030, 11:00\s?AM EDT/);

    const viewer = await createUser({ role: "MEMBER", accountId: (await createAccount()).id, timeZone: "Asia/Tokyo" });
    const signedIn = await invoke(offerLoader, buildRequest(`/offers/${token}`, { cookie: await sessionCookieFor(viewer.id) }), { token });
    expect((signedIn.body as { offer: { startsAt: string } }).offer.startsAt).toMatch(/Mar 11, 2030, 12:00\s?AM GMT\+9/);
  });

  it("claims with a POST, then the spent link shows what happened or answers 410", async () => {
    const { session, rb, token } = await offered();
    const claimed = await invoke(offerAction, buildRequest(`/offers/${token}`, { form: { intent: "claim" } }), { token });
    expect(claimed.status).toBe(303);
    expect(claimed.headers.get("Location")).toBe(`/offers/${token}?result=claimed&session=${session.id}`);
    expect((await statusOf(rb.id)).status).toBe("CONFIRMED");

    const after = await invoke(offerLoader, buildRequest(`/offers/${token}?result=claimed&session=${session.id}`), { token });
    expect(after.body).toMatchObject({ offer: null, result: "claimed", sessionId: session.id });
    expect((await invoke(offerLoader, buildRequest(`/offers/${token}`), { token })).status).toBe(410);
    expect((await invoke(offerAction, buildRequest(`/offers/${token}`, { form: { intent: "claim" } }), { token })).status).toBe(410);
    expect((await invoke(offerAction, buildRequest(`/offers/${token}`, { form: { intent: "other" } }), { token })).status).toBe(400);
  });

  it("declines with a POST", async () => {
    const { rb, token } = await offered();
    const declined = await invoke(offerAction, buildRequest(`/offers/${token}`, { form: { intent: "decline" } }), { token });
    expect(declined.status).toBe(303);
    expect((await statusOf(rb.id)).status).toBe("CANCELLED");
  });
});
