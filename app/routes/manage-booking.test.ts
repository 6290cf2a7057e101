import { otherClient } from "#test/db-clients.ts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTierPolicies, createUser } from "#test/factories.ts";
import {
  bookAt,
  createBooker,
  createPoolCsm,
  drainJobs,
  onlyEmail,
  onlyInPool,
  parseInvite,
  queuedEmails,
  registerLifecycleHandlers,
  tokenFromConfirmation,
  type Booker,
} from "#test/lifecycle-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import { BOOKING_REMINDER_JOB_KIND } from "~/modules/queue/booking-emails.server.ts";
import { findSlots, SLOT_TAKEN } from "~/modules/queue/booking.server.ts";
import { cancelBooking, rescheduleBooking } from "~/modules/queue/manage-booking.server.ts";
import { SLOT_FREED_JOB_KIND } from "~/modules/queue/queue-jobs.ts";
import { isPostgres, prisma, type Db } from "~/utils/db.server.ts";
import { action as portalAction, loader as portalLoader } from "./_app.portal.bookings.$bookingId.tsx";
import { loader as hoursLoader } from "./_app.portal.hours.tsx";
import { action, loader } from "./bookings.$token.tsx";

// Friday noon UTC. Most hours below are on the Monday and Tuesday after, well ahead of the 24-hour
// refund cut-off; 15:00 UTC is 20:30 in Kolkata (the customers' zone) and 10:00 in New York (the CSMs').
const NOW = new Date("2026-11-20T12:00:00.000Z");
const MONDAY_15 = new Date("2026-11-23T15:00:00.000Z");
const MONDAY_16 = new Date("2026-11-23T16:00:00.000Z");
const TUESDAY_15 = new Date("2026-11-24T15:00:00.000Z");
const FRIDAY_18 = new Date("2026-11-20T18:00:00.000Z");

type Page = {
  expired: string | null;
  view: { state: string; when: string; timeZone: string; csmName: string; refundsIfCancelledNow: boolean; refunded: boolean } | null;
  days: { label: string; slots: { value: string; label: string }[] }[] | null;
  done: string | null;
};
type Reply = { intent: string; errors: Record<string, string[]>; days: Page["days"] };

const get = async (token: string, search = "") => {
  const response = await invoke(loader, buildRequest(`/bookings/${token}${search}`), { token });
  return { status: response.status, body: response.body as Page };
};
const post = async (token: string, form: Record<string, string>) => {
  const response = await invoke(action, buildRequest(`/bookings/${token}`, { form }), { token });
  return { status: response.status, body: response.body as Reply, location: response.headers.get("Location") };
};
const slotValues = (days: Page["days"]) => (days ?? []).flatMap((day) => day.slots.map((slot) => slot.value));

let handlers: ReturnType<typeof registerLifecycleHandlers>;

beforeAll(async () => {
  await createTierPolicies();
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  handlers = registerLifecycleHandlers();
  await prisma.job.deleteMany();
  await prisma.outboxMessage.deleteMany();
});

afterEach(() => {
  handlers.remove();
  vi.useRealTimers();
});

/** One pool CSM, and a customer who booked Monday 15:00 with them; the token read from the email. */
async function bookedScene(startsAt = MONDAY_15) {
  const csm = await createPoolCsm();
  await onlyInPool([csm.id]);
  const booker = await createBooker();
  const { booking, manageToken } = await bookAt(booker, startsAt, NOW);
  const token = await tokenFromConfirmation(booker.member.email);
  expect(token).toBe(manageToken);
  return { csm, booker, booking, token };
}

async function balanceOf(booker: Booker) {
  return prisma.hourBalance.findFirstOrThrow({ where: { accountId: booker.account.id }, select: { used: true, granted: true } });
}

describe("the confirmation", () => {
  it("goes to the customer in their zone with the manage link and to the CSM in theirs, each with a REQUEST .ics, and plans reminders", async () => {
    const { csm, booker, booking, token } = await bookedScene();

    const customer = await onlyEmail("csm-hour-confirmation", booker.member.email);
    expect(customer.props.hour?.when).toBe("Nov 23, 2026, 8:30 PM GMT+5:30");
    expect(customer.props.manageUrl).toBe(`http://localhost:3000/bookings/${token}`);
    expect(customer.props.refundNote).toMatch(/^Cancel by Nov 22, 2026, 8:30 PM GMT\+5:30/);
    const csmEmail = await onlyEmail("csm-hour-confirmation", csm.email);
    expect(csmEmail.props.hour?.when).toBe("Nov 23, 2026, 10:00 AM EST");
    expect(csmEmail.props.manageUrl).toBeNull();
    expect(JSON.stringify(csmEmail)).not.toContain(token);

    for (const email of [customer, csmEmail]) {
      const invite = parseInvite(email);
      expect(invite).toMatchObject({
        contentType: "text/calendar; charset=utf-8; method=REQUEST",
        method: "REQUEST",
        uid: `csm-booking-${booking.id}@localhost`,
        sequence: 0,
        start: MONDAY_15.toISOString(),
        startZone: "UTC",
      });
      expect(invite.attendees).toEqual([`mailto:${booker.member.email}`, `mailto:${csm.email}`]);
    }
    expect(parseInvite(customer).url).toBe(`http://localhost:3000/bookings/${token}`);

    const reminders = await prisma.job.findMany({ where: { kind: BOOKING_REMINDER_JOB_KIND }, orderBy: { runAt: "asc" } });
    expect(reminders.map((job) => [job.runAt.toISOString(), JSON.parse(job.payload)])).toEqual([
      ["2026-11-22T15:00:00.000Z", { bookingId: booking.id, sequence: 0, lead: "24h" }],
      ["2026-11-23T14:00:00.000Z", { bookingId: booking.id, sequence: 0, lead: "1h" }],
    ]);

    // The worker delivers both, .ics attached; the customer's text carries the link.
    await drainJobs();
    const sent = await prisma.outboxMessage.findMany({ where: { template: "csm-hour-confirmation" }, orderBy: { to: "asc" } });
    expect(sent.map((message) => message.to).sort()).toEqual([booker.member.email, csm.email].sort());
    for (const message of sent) expect(message.attachments).toContain("METHOD:REQUEST");
    expect(sent.find((message) => message.to === booker.member.email)!.text).toContain(`/bookings/${token}`);
  });
});

describe("the manage link", () => {
  it("shows the booking in the zone it was booked in, without signing in, and lists other free times to move to", async () => {
    const { token } = await bookedScene();
    const page = await get(token);
    expect(page.status).toBe(200);
    expect(page.body.view).toMatchObject({
      state: "upcoming",
      timeZone: "Asia/Kolkata",
      csmName: "Casey Morgan",
      refundsIfCancelledNow: true,
    });
    expect(page.body.view?.when).toContain("GMT+5:30");
    expect(page.body.days).toBeNull();

    const step = await get(token, "?step=reschedule");
    const values = slotValues(step.body.days);
    expect(values).toContain(TUESDAY_15.toISOString());
    expect(values).toContain(MONDAY_16.toISOString());
    expect(values).not.toContain(MONDAY_15.toISOString());
  });

  it("answers an unknown token with a 404 that says what to do, and one whose hour has ended with the expired page", async () => {
    const unknown = await get("not-a-real-token");
    expect(unknown.status).toBe(404);
    expect(String(unknown.body)).toMatch(/does not match any booking.*sign in and open CSM hours/);
    const refused = await post("not-a-real-token", { intent: "cancel" });
    expect(refused.status).toBe(404);

    const { token } = await bookedScene(FRIDAY_18);
    vi.setSystemTime(new Date("2026-11-20T19:00:00.000Z"));
    const ended = await get(token);
    expect(ended.status).toBe(410);
    expect(ended.body).toMatchObject({ expired: "ended", view: null });
    const late = await post(token, { intent: "cancel" });
    expect(late.status).toBe(409);
    expect(late.body.errors.form?.[0]).toMatch(/already started or ended/);
  });
});

describe("cancelling", () => {
  it("early: refunds the hour, tells both people with a CANCEL, frees the time; a second cancel is a 409 and the link expires", async () => {
    const { csm, booker, booking, token } = await bookedScene();
    expect(await balanceOf(booker)).toMatchObject({ used: 1 });

    const cancelled = await post(token, { intent: "cancel", reason: "Our rollout moved to next quarter" });
    expect(cancelled.status).toBe(303);
    expect(cancelled.location).toBe(`/bookings/${token}?done=cancelled`);

    expect(await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({
      status: "CANCELLED",
      sequence: 1,
      cancelReason: "Our rollout moved to next quarter",
      cancelledAt: NOW,
    });
    expect(await balanceOf(booker)).toMatchObject({ used: 0 });
    expect(
      await prisma.hourLedger.findMany({ where: { bookingId: booking.id }, select: { kind: true, hours: true }, orderBy: { kind: "asc" } }),
    ).toEqual([
      { kind: "DRAW", hours: -1 },
      { kind: "REFUND", hours: 1 },
    ]);
    const event = await prisma.engagementEvent.findFirstOrThrow({ where: { kind: "csm_hour.cancelled", subjectId: booking.id } });
    expect(JSON.parse(event.data!)).toMatchObject({ refunded: true, via: "link" });

    const freed = await prisma.job.findMany({ where: { kind: SLOT_FREED_JOB_KIND } });
    expect(freed.map((job) => JSON.parse(job.payload))).toEqual([{ csmId: csm.id, startsAt: MONDAY_15.toISOString() }]);
    for (const to of [booker.member.email, csm.email]) {
      const email = await onlyEmail("csm-hour-cancelled", to);
      expect(parseInvite(email)).toMatchObject({ method: "CANCEL", uid: `csm-booking-${booking.id}@localhost`, sequence: 1 });
    }
    expect((await onlyEmail("csm-hour-cancelled", booker.member.email)).props).toMatchObject({ refund: "refunded" });
    expect((await onlyEmail("csm-hour-cancelled", csm.email)).props).toMatchObject({ reason: "Our rollout moved to next quarter" });

    const confirmation = await get(token, "?done=cancelled");
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toMatchObject({ done: "cancelled", view: { state: "cancelled", refunded: true } });

    const again = await post(token, { intent: "cancel" });
    expect(again.status).toBe(409);
    expect(again.body.errors.form?.[0]).toMatch(/already cancelled/);
    expect(await balanceOf(booker)).toMatchObject({ used: 0 });

    const expired = await get(token);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ expired: "cancelled", view: null });

    // The waiting queue's handler is told once; the emails are delivered.
    await drainJobs();
    expect(handlers.freed).toEqual([{ csmId: csm.id, startsAt: MONDAY_15.toISOString() }]);
  });

  it("late: the page says the hour will not be refunded before confirming, and the hour stays drawn", async () => {
    const { booker, booking, token } = await bookedScene(FRIDAY_18);
    const page = await get(token);
    expect(page.body.view).toMatchObject({ refundsIfCancelledNow: false });

    expect((await post(token, { intent: "cancel" })).status).toBe(303);
    expect(await balanceOf(booker)).toMatchObject({ used: 1 });
    expect(await prisma.hourLedger.count({ where: { bookingId: booking.id, kind: "REFUND" } })).toBe(0);
    expect((await onlyEmail("csm-hour-cancelled", booker.member.email)).props).toMatchObject({ refund: "not-refunded", reason: null });
    expect((await get(token, "?done=cancelled")).body.view).toMatchObject({ state: "cancelled", refunded: false });
  });

  it("refuses a reason that is too long with a 400 and changes nothing", async () => {
    const { booking, token } = await bookedScene();
    const reply = await post(token, { intent: "cancel", reason: "x".repeat(501) });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.reason?.[0]).toMatch(/at most 500/);
    expect(await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({ status: "CONFIRMED", sequence: 0 });
  });
});

describe("rescheduling", () => {
  it("moves the hour, keeps the one draw, frees the old time and sends updated invitations", async () => {
    const { csm, booker, booking, token } = await bookedScene();
    const moved = await post(token, { intent: "reschedule", startsAt: TUESDAY_15.toISOString() });
    expect(moved.status).toBe(303);
    expect(moved.location).toBe(`/bookings/${token}?done=rescheduled`);

    expect(await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({
      status: "CONFIRMED",
      csmId: csm.id,
      startsAt: TUESDAY_15,
      endsAt: new Date("2026-11-24T16:00:00.000Z"),
      sequence: 1,
    });
    expect(await prisma.hourLedger.findMany({ where: { bookingId: booking.id }, select: { kind: true } })).toEqual([{ kind: "DRAW" }]);
    expect(await balanceOf(booker)).toMatchObject({ used: 1 });

    // The old time is free again for anyone; the slot-freed job says so to the waiting queue.
    const other = await createBooker();
    const free = await findSlots(other.actor, { from: MONDAY_15, to: MONDAY_16 }, { now: NOW });
    expect(free.map((slot) => slot.start.toISOString())).toEqual([MONDAY_15.toISOString()]);
    const freed = await prisma.job.findMany({ where: { kind: SLOT_FREED_JOB_KIND } });
    expect(freed.map((job) => JSON.parse(job.payload))).toEqual([{ csmId: csm.id, startsAt: MONDAY_15.toISOString() }]);

    const customer = await onlyEmail("csm-hour-rescheduled", booker.member.email);
    expect(customer.props).toMatchObject({
      variant: "moved",
      previousWhen: "Nov 23, 2026, 8:30 PM GMT+5:30",
      manageUrl: `http://localhost:3000/bookings/${token}`,
    });
    const csmEmail = await onlyEmail("csm-hour-rescheduled", csm.email);
    expect(csmEmail.props).toMatchObject({ variant: "moved", previousWhen: "Nov 23, 2026, 10:00 AM EST", manageUrl: null });
    for (const email of [customer, csmEmail]) {
      expect(parseInvite(email)).toMatchObject({
        method: "REQUEST",
        uid: `csm-booking-${booking.id}@localhost`,
        sequence: 1,
        start: TUESDAY_15.toISOString(),
      });
    }
    // Reminders for the new time; those planned for the old one stay and find themselves stale when they run.
    const reminders = await prisma.job.findMany({ where: { kind: BOOKING_REMINDER_JOB_KIND }, orderBy: { runAt: "asc" } });
    expect(reminders.map((job) => [job.runAt.toISOString(), JSON.parse(job.payload).sequence])).toEqual([
      ["2026-11-22T15:00:00.000Z", 0],
      ["2026-11-23T14:00:00.000Z", 0],
      ["2026-11-23T15:00:00.000Z", 1],
      ["2026-11-24T14:00:00.000Z", 1],
    ]);

    const page = await get(token, "?done=rescheduled");
    expect(page.body).toMatchObject({ done: "rescheduled", view: { state: "upcoming" } });
    expect(page.body.view?.when).toContain("Nov 24, 2026");
  });

  it("to a time the CSM cannot do: another CSM takes it; the old one gets a CANCEL, the new one a REQUEST", async () => {
    const casey = await createPoolCsm({ name: "Casey Morgan" });
    const robin = await createPoolCsm({ name: "Robin Lee", timeZone: "Europe/Berlin" });
    await onlyInPool([casey.id, robin.id]);
    const booker = await createBooker({ ownerCsmId: casey.id });
    const { booking } = await bookAt(booker, MONDAY_15, NOW);
    expect(booking.csmId).toBe(casey.id);
    const token = await tokenFromConfirmation(booker.member.email);
    await prisma.timeOff.create({ data: { userId: casey.id, startsAt: TUESDAY_15, endsAt: new Date("2026-11-24T18:00:00.000Z") } });

    expect((await post(token, { intent: "reschedule", startsAt: TUESDAY_15.toISOString() })).status).toBe(303);
    expect(await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({ csmId: robin.id, sequence: 1 });

    const away = await onlyEmail("csm-hour-cancelled", casey.email);
    expect(away.props).toMatchObject({ variant: "moved-away", hour: { when: "Nov 23, 2026, 10:00 AM EST" } });
    expect(parseInvite(away)).toMatchObject({ method: "CANCEL", sequence: 1, start: MONDAY_15.toISOString() });
    expect(parseInvite(away).attendees).toContain(`mailto:${casey.email}`);
    const assigned = await onlyEmail("csm-hour-rescheduled", robin.email);
    expect(assigned.props).toMatchObject({ variant: "assigned", hour: { when: "Nov 24, 2026, 4:00 PM GMT+1" } });
    expect(parseInvite(assigned)).toMatchObject({ method: "REQUEST", sequence: 1, start: TUESDAY_15.toISOString() });
    expect((await onlyEmail("csm-hour-rescheduled", booker.member.email)).props).toMatchObject({ hour: { withWhom: "Robin Lee" } });
    expect(await queuedEmails("csm-hour-rescheduled")).toHaveLength(2);
  });

  it("answers a taken time with 409 and a fresh list, and a missing or unchanged time with 400", async () => {
    const { booking, token } = await bookedScene();
    const rival = await createBooker();
    await bookAt(rival, TUESDAY_15, NOW);

    const taken = await post(token, { intent: "reschedule", startsAt: TUESDAY_15.toISOString() });
    expect(taken.status).toBe(409);
    expect(taken.body.errors.startsAt?.[0]).toBe(SLOT_TAKEN);
    expect(slotValues(taken.body.days)).not.toContain(TUESDAY_15.toISOString());
    expect(slotValues(taken.body.days)).toContain(MONDAY_16.toISOString());

    const missing = await post(token, { intent: "reschedule" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.startsAt?.[0]).toMatch(/Choose one of the times/);
    const same = await post(token, { intent: "reschedule", startsAt: MONDAY_15.toISOString() });
    expect(same.status).toBe(400);
    expect(same.body.errors.startsAt?.[0]).toMatch(/already have/);
    expect(await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).toMatchObject({ startsAt: MONDAY_15, sequence: 0 });
  });
});

describe("a race: customers moving onto one free time at once", () => {
  // Separate clients are separate SQLite connections: the database settles it, not the app's queue.
  const clients: Db[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) {
      const client = otherClient();
      // SQLite enforces foreign keys per connection; PostgreSQL always does.
      if (!isPostgres) await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
      clients.push(client as unknown as Db);
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.$disconnect()));
  });

  it("exactly one move wins; the others get 'just taken' and keep their time", async () => {
    const csm = await createPoolCsm();
    await onlyInPool([csm.id]);
    const starts = [0, 1, 2, 3].map((i) => new Date(MONDAY_15.getTime() + i * 60 * 60 * 1000));
    const tokens: string[] = [];
    for (const startsAt of starts) tokens.push((await bookAt(await createBooker(), startsAt, NOW)).manageToken);

    const outcomes = await Promise.all(
      tokens.map((token, i) =>
        rescheduleBooking({ kind: "token", token }, { startsAt: TUESDAY_15 }, { db: clients[i]!, now: NOW }).then(
          () => "moved",
          (error: unknown) => (error instanceof DomainError ? error.message : Promise.reject(error)),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "moved")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === SLOT_TAKEN)).toHaveLength(3);
    expect(await prisma.csmBooking.count({ where: { csmId: csm.id, startsAt: TUESDAY_15, status: "CONFIRMED" } })).toBe(1);
    expect(await prisma.csmBooking.count({ where: { csmId: csm.id, startsAt: { in: starts }, status: "CONFIRMED" } })).toBe(3);
    expect(await prisma.job.count({ where: { kind: SLOT_FREED_JOB_KIND } })).toBe(1);
  });

  it("two cancels of one hour at once (two tabs): one cancels and refunds once, the other is told it is already cancelled", async () => {
    const { booker, booking, token } = await bookedScene();
    const outcomes = await Promise.all(
      [0, 1].map((i) =>
        cancelBooking({ kind: "token", token }, { reason: "" }, { db: clients[i]!, now: NOW }).then(
          () => "cancelled",
          (error: unknown) => (error instanceof DomainError ? error.status : Promise.reject(error)),
        ),
      ),
    );
    expect(outcomes.sort()).toEqual([409, "cancelled"]);
    expect(await prisma.hourLedger.count({ where: { bookingId: booking.id, kind: "REFUND" } })).toBe(1);
    expect(await balanceOf(booker)).toMatchObject({ used: 0 });
    expect(await queuedEmails("csm-hour-cancelled")).toHaveLength(2);
  });
});

describe("the signed-in customer", () => {
  it("sees their upcoming hours on /portal/hours and manages them at /portal/bookings/:id; nobody else can open it", async () => {
    const { booker, booking } = await bookedScene();
    const cookie = await sessionCookieFor(booker.member.id);

    const hours = await invoke(hoursLoader, buildRequest("/portal/hours", { cookie }));
    expect((hours.body as { upcoming: unknown[] }).upcoming).toEqual([
      { id: booking.id, title: "One hour with a CSM", when: expect.stringContaining("GMT+5:30"), csmName: "Casey Morgan", underWay: false },
    ]);

    const page = await invoke(portalLoader, buildRequest(`/portal/bookings/${booking.id}`, { cookie }), { bookingId: booking.id });
    expect(page.status).toBe(200);
    expect((page.body as Page).view).toMatchObject({ state: "upcoming", timeZone: "Asia/Kolkata" });

    const colleague = await createUser({ role: "ACCOUNT_ADMIN", accountId: booker.account.id });
    const theirs = await sessionCookieFor(colleague.id);
    const refused = await invoke(portalLoader, buildRequest(`/portal/bookings/${booking.id}`, { cookie: theirs }), {
      bookingId: booking.id,
    });
    expect(refused.status).toBe(404);
    const refusedPost = await invoke(
      portalAction,
      buildRequest(`/portal/bookings/${booking.id}`, { cookie: theirs, form: { intent: "cancel" } }),
      { bookingId: booking.id },
    );
    expect(refusedPost.status).toBe(404);

    const cancelled = await invoke(portalAction, buildRequest(`/portal/bookings/${booking.id}`, { cookie, form: { intent: "cancel" } }), {
      bookingId: booking.id,
    });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get("Location")).toBe(`/portal/bookings/${booking.id}?done=cancelled`);
    const event = await prisma.engagementEvent.findFirstOrThrow({ where: { kind: "csm_hour.cancelled", subjectId: booking.id } });
    expect(JSON.parse(event.data!)).toMatchObject({ refunded: true, via: "portal" });
    const after = await invoke(hoursLoader, buildRequest("/portal/hours", { cookie }));
    expect((after.body as { upcoming: unknown[] }).upcoming).toEqual([]);
  });
});
