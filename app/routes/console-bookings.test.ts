import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { createBooking } from "#test/ledger-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { followUpIdempotencyKey } from "~/modules/queue/after-call.server.ts";
import type { Brief, BookingRow } from "~/modules/queue/brief.server.ts";
import { indexContent } from "~/modules/library/search.server.ts";
import { drawHours } from "~/modules/queue/ledger.server.ts";
import { prisma, writeTransaction } from "~/utils/db.server.ts";
import { action as briefAction, loader as briefLoader } from "./_app.console.bookings.$bookingId.tsx";
import { loader as listLoader } from "./_app.console.bookings._index.tsx";

type FormBody = { intent: string; result: { error?: Record<string, string[] | null> }; done?: string };
type List = { upcoming: BookingRow[]; toClose: BookingRow[]; recent: BookingRow[]; everyone: boolean; csmOptions: { id: string }[] };

const HOUR = 60 * 60 * 1000;
let seq = 0;
const DAY = 24 * HOUR;

let csm: { id: string; cookie: string };
let otherCsm: { id: string; cookie: string };
let admin: string;

async function staff(role: "CSM" | "ADMIN", name?: string) {
  const user = await createUser({ role, name, timeZone: "America/Chicago", locale: "en-US" });
  return { id: user.id, cookie: await sessionCookieFor(user.id) };
}

beforeAll(async () => {
  await createTierPolicies();
  csm = await staff("CSM", "Sam Okafor");
  otherCsm = await staff("CSM", "Olive Other");
  admin = (await staff("ADMIN")).cookie;
});

/** A low-touch account with a booker, and one of their hours with `csmId`, drawn from the pool. */
async function bookedHour(options: { startsIn: number; csmId?: string; tier?: "LOW" | "HIGH"; purpose?: string }) {
  const renewalDate = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 15));
  const account = await createAccount({
    tier: options.tier ?? "LOW",
    arrCents: 42_000_00,
    plan: "Growth",
    renewalDate,
    ownerCsmId: csm.id,
  });
  const booker = await createUser({ role: "MEMBER", accountId: account.id, name: "Mateo Alvarez", timeZone: "Asia/Kolkata" });
  // A CSM has one booking per start: each test hour gets its own second.
  const startsAt = new Date(Date.now() + options.startsIn + ++seq * 1_000);
  const booking = await createBooking({
    accountId: account.id,
    csmId: options.csmId ?? csm.id,
    bookedById: booker.id,
    startsAt,
    timeZone: "Asia/Kolkata",
    purpose: options.purpose ?? "Roll out dashboards to two more teams before renewal",
    answers: JSON.stringify({ teamSize: 40 }),
    drawsHours: (options.tier ?? "LOW") !== "HIGH",
  });
  if ((options.tier ?? "LOW") !== "HIGH") {
    await writeTransaction(prisma, (tx) =>
      drawHours(tx, { accountId: account.id, bookingId: booking.id, hours: 1, now: new Date(Date.now() - 7 * DAY) }),
    );
  }
  return { account, booker, booking, bookerCookie: await sessionCookieFor(booker.id) };
}

const loadBrief = (bookingId: string, cookie: string, query = "") =>
  invoke(briefLoader, buildRequest(`/console/bookings/${bookingId}${query}`, { cookie }), { bookingId });

const post = (bookingId: string, cookie: string, form: Record<string, string | string[]>) =>
  invoke(briefAction, buildRequest(`/console/bookings/${bookingId}`, { cookie, form }), { bookingId });

const fieldErrors = (body: unknown) => (body as FormBody).result.error ?? {};

describe("/console/bookings", () => {
  it("shows a CSM their own hours, upcoming first, then the past ones to close; admins everyone's, by CSM", async () => {
    const soon = await bookedHour({ startsIn: 2 * DAY });
    const later = await bookedHour({ startsIn: 5 * DAY });
    const over = await bookedHour({ startsIn: -3 * HOUR });
    const othersHour = await bookedHour({ startsIn: 3 * DAY, csmId: otherCsm.id });

    const mine = await invoke(listLoader, buildRequest("/console/bookings", { cookie: csm.cookie }));
    expect(mine.status).toBe(200);
    const list = mine.body as List;
    expect(list.everyone).toBe(false);
    const upcomingIds = list.upcoming.map((row) => row.id);
    expect(upcomingIds.indexOf(soon.booking.id)).toBeLessThan(upcomingIds.indexOf(later.booking.id));
    expect(upcomingIds).not.toContain(othersHour.booking.id);
    expect(list.toClose.map((row) => row.id)).toContain(over.booking.id);
    expect(list.toClose.find((row) => row.id === over.booking.id)).toMatchObject({ phase: "to-close", phaseLabel: "To close" });
    // Times in the viewer's zone (Chicago), with the zone named.
    expect(list.upcoming[0]!.when).toMatch(/C[SD]T$/);

    // A CSM cannot widen the list to another CSM.
    const sneaky = (await invoke(listLoader, buildRequest(`/console/bookings?csm=${otherCsm.id}`, { cookie: csm.cookie }))).body as List;
    expect(sneaky.upcoming.map((row) => row.id)).not.toContain(othersHour.booking.id);

    const everyone = (await invoke(listLoader, buildRequest("/console/bookings", { cookie: admin }))).body as List;
    expect(everyone.everyone).toBe(true);
    expect(everyone.upcoming.map((row) => row.id)).toEqual(expect.arrayContaining([soon.booking.id, othersHour.booking.id]));
    expect(everyone.csmOptions.map((option) => option.id)).toEqual(expect.arrayContaining([csm.id, otherCsm.id]));
    const filtered = (await invoke(listLoader, buildRequest(`/console/bookings?csm=${otherCsm.id}`, { cookie: admin }))).body as List;
    expect(filtered.upcoming.map((row) => row.id)).toContain(othersHour.booking.id);
    expect(filtered.upcoming.map((row) => row.id)).not.toContain(soon.booking.id);

    const byAccount = (await invoke(listLoader, buildRequest(`/console/bookings?account=${later.account.id}`, { cookie: csm.cookie })))
      .body as List;
    expect([...byAccount.upcoming, ...byAccount.toClose].map((row) => row.id)).toEqual([later.booking.id]);

    const customer = await invoke(listLoader, buildRequest("/console/bookings", { cookie: soon.bookerCookie }));
    expect(customer.status).toBe(403);
  });
});

describe("the brief", () => {
  it("gives the CSM the account, the booker's words, the hours, and what the account did lately", async () => {
    const { account, booker, booking } = await bookedHour({ startsIn: 2 * DAY });
    const colleague = await createUser({ role: "MEMBER", accountId: account.id, name: "Nora Lindqvist" });
    const session = await prisma.liveSession.create({
      data: {
        kind: "WEBINAR",
        status: "PUBLISHED",
        title: "Roles and permissions deep dive",
        startsAt: new Date(Date.now() - 10 * DAY),
        durationMinutes: 60,
        timeZone: "UTC",
        meetingUrl: "https://meet.example.com/roles",
      },
    });
    await prisma.registration.create({
      data: {
        sessionId: session.id,
        userId: booker.id,
        accountId: account.id,
        status: "CONFIRMED",
        joinCode: `brief-${booking.id}`,
        attendance: "ATTENDED",
        minutesAttended: 48,
      },
    });
    const video = await prisma.contentItem.create({
      data: { kind: "VIDEO", status: "PUBLISHED", slug: `dashboards-${booking.id}`, title: "Dashboards that answer a question" },
    });
    await prisma.contentProgress.create({
      data: { userId: colleague.id, contentId: video.id, accountId: account.id, percent: 62, watchedSeconds: 300 },
    });
    const recent = new Date(Date.now() - 5 * DAY);
    await prisma.engagementEvent.createMany({
      data: [
        {
          kind: "session.attended",
          accountId: account.id,
          userId: booker.id,
          subjectType: "live_session",
          subjectId: session.id,
          occurredAt: recent,
        },
        {
          kind: "video.watched",
          accountId: account.id,
          userId: colleague.id,
          subjectType: "content",
          subjectId: video.id,
          occurredAt: recent,
        },
        {
          kind: "video.watched",
          accountId: account.id,
          userId: colleague.id,
          subjectType: "content",
          subjectId: video.id,
          occurredAt: recent,
        },
        // Older than the window: not counted.
        {
          kind: "document.opened",
          accountId: account.id,
          userId: booker.id,
          subjectId: "old",
          occurredAt: new Date(Date.now() - 200 * DAY),
        },
      ],
    });
    const earlier = await createBooking({
      accountId: account.id,
      csmId: otherCsm.id,
      bookedById: colleague.id,
      startsAt: new Date(Date.now() - 40 * DAY),
      status: "COMPLETED",
      purpose: "Kick-off",
    });
    await prisma.accountNote.create({
      data: {
        accountId: account.id,
        authorId: otherCsm.id,
        bookingId: earlier.id,
        body: "Wants SSO next quarter",
        createdAt: new Date(Date.now() - 40 * DAY),
      },
    });
    await prisma.accountNote.create({
      data: { accountId: account.id, authorId: csm.id, body: "Renewal call booked", createdAt: new Date(Date.now() - DAY) },
    });

    const page = await loadBrief(booking.id, csm.cookie);
    expect(page.status).toBe(200);
    const brief = page.body as Brief;
    expect(brief.account).toMatchObject({
      name: account.name,
      tierLabel: "Low touch",
      plan: "Growth",
      arr: "$42,000",
      owner: { name: "Sam Okafor" },
    });
    expect(brief.account.renewalIn).toMatch(/^renews in \d+ days$/);
    expect(brief.booker).toMatchObject({ name: "Mateo Alvarez", roleLabel: "Member", email: booker.email, timeZone: "Asia/Kolkata" });
    expect(brief.booking).toMatchObject({
      purpose: "Roll out dashboards to two more teams before renewal",
      answers: [{ question: "Team size", answer: "40" }],
      phase: "upcoming",
      markBlocked: expect.stringMatching(/^This hour starts .* Mark it completed or a no-show once it has started\.$/),
    });
    expect(brief.booking.when).toMatch(/C[SD]T$/);
    expect(brief.booking.whenForBooker).toMatch(/GMT\+5:30|IST/);
    expect(brief.hours).toMatchObject({ granted: 4, used: 1, left: 3 });

    expect(brief.activity.booker).toBe("Attended 1 session.");
    expect(brief.activity.account).toBe("Attended 1 session and watched 1 video.");
    expect(brief.activity.sessions).toEqual([
      expect.objectContaining({
        title: "Roles and permissions deep dive",
        outcome: "Attended (48 min)",
        who: "Mateo Alvarez",
        isBooker: true,
      }),
    ]);
    expect(brief.activity.content).toEqual([
      expect.objectContaining({
        title: "Dashboards that answer a question",
        progress: "Watched 62%",
        who: "Nora Lindqvist",
        isBooker: false,
      }),
    ]);

    expect(brief.previous).toEqual([expect.objectContaining({ id: earlier.id, outcome: "Completed", canOpen: false })]);
    expect(brief.notes.map((note) => note.body)).toEqual(["Renewal call booked", "Wants SSO next quarter"]);
    // Not marked yet: no follow-up form to fill.
    expect(brief.booking.followUpBlocked).toMatch(/^Mark the hour/);
    expect(brief.followUp.candidates).toEqual([]);
  });

  it("is the booking's CSM's and the admins', 404 for another CSM or an unknown id, 403 for the customer", async () => {
    const { booking, bookerCookie } = await bookedHour({ startsIn: 2 * DAY });
    expect((await loadBrief(booking.id, csm.cookie)).status).toBe(200);
    expect((await loadBrief(booking.id, admin)).status).toBe(200);
    expect((await loadBrief(booking.id, otherCsm.cookie)).status).toBe(404);
    expect((await loadBrief("no-such-booking", csm.cookie)).status).toBe(404);
    expect((await loadBrief(booking.id, bookerCookie)).status).toBe(403);

    const before = await prisma.accountNote.count();
    const refused = await post(booking.id, otherCsm.cookie, { intent: "note", body: "Not my booking" });
    expect(refused.status).toBe(404);
    // Refused before the input is judged: bad input from the wrong CSM is a 404 too.
    expect((await post(booking.id, otherCsm.cookie, { intent: "note", body: "" })).status).toBe(404);
    expect((await post(booking.id, bookerCookie, { intent: "mark", outcome: "COMPLETED" })).status).toBe(403);
    expect(await prisma.accountNote.count()).toBe(before);
  });
});

describe("after the call", () => {
  it("refuses an outcome before the hour starts, with when it does", async () => {
    const { booking } = await bookedHour({ startsIn: 2 * DAY });
    const early = await post(booking.id, csm.cookie, { intent: "mark", outcome: "COMPLETED" });
    expect(early.status).toBe(409);
    expect(JSON.stringify(fieldErrors(early.body))).toMatch(/This hour starts .*once it has started/);
    expect((await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("CONFIRMED");
  });

  it("a no-show forfeits the hour: the ledger says so and the hour stays used; a second outcome is a 409", async () => {
    const { account, booking } = await bookedHour({ startsIn: -90 * 60 * 1000 });
    const marked = await post(booking.id, csm.cookie, { intent: "mark", outcome: "NO_SHOW" });
    expect(marked.status).toBe(200);
    expect((marked.body as FormBody).done).toBe("Marked as a no-show. The hour stays used: the account's ledger shows it as forfeited.");
    expect(await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id }, select: { status: true } })).toEqual({
      status: "NO_SHOW",
    });
    const lines = await prisma.hourLedger.findMany({
      where: { bookingId: booking.id },
      orderBy: { createdAt: "asc" },
      select: { kind: true, hours: true },
    });
    expect(lines).toEqual([
      { kind: "DRAW", hours: -1 },
      { kind: "FORFEIT", hours: 0 },
    ]);
    const brief = (await loadBrief(booking.id, csm.cookie)).body as Brief;
    expect(brief.hours).toMatchObject({ used: 1, left: 3 });
    expect(brief.hours.lines.map((line) => line.kind)).toContain("FORFEIT");
    const events = await prisma.engagementEvent.findMany({ where: { subjectId: booking.id }, select: { kind: true, accountId: true } });
    expect(events).toEqual([{ kind: "csm_hour.no_show", accountId: account.id }]);

    const again = await post(booking.id, csm.cookie, { intent: "mark", outcome: "COMPLETED" });
    expect(again.status).toBe(409);
    expect(JSON.stringify(fieldErrors(again.body))).toContain("already marked as a no-show");
    expect(await prisma.hourLedger.count({ where: { bookingId: booking.id } })).toBe(2);
    expect(await prisma.engagementEvent.count({ where: { subjectId: booking.id } })).toBe(1);
  });

  it("completed records csm_hour.attended for the booker, once; an admin may mark any CSM's hour", async () => {
    const { account, booker, booking } = await bookedHour({ startsIn: -10 * 60 * 1000, csmId: otherCsm.id });
    const marked = await post(booking.id, admin, { intent: "mark", outcome: "COMPLETED" });
    expect(marked.status).toBe(200);
    const events = await prisma.engagementEvent.findMany({
      where: { subjectType: "csm_booking", subjectId: booking.id },
      select: { kind: true, userId: true, accountId: true, value: true },
    });
    expect(events).toEqual([{ kind: "csm_hour.attended", userId: booker.id, accountId: account.id, value: 60 }]);
    expect(await prisma.hourLedger.count({ where: { bookingId: booking.id, kind: "FORFEIT" } })).toBe(0);
    expect((await post(booking.id, otherCsm.cookie, { intent: "mark", outcome: "COMPLETED" })).status).toBe(409);
    expect((await post(booking.id, admin, { intent: "mark", outcome: "LATE" })).status).toBe(400);
  });

  it("saves private notes tied to the hour, newest first, with a 400 for an empty one", async () => {
    const { account, booking } = await bookedHour({ startsIn: 2 * DAY });
    const empty = await post(booking.id, csm.cookie, { intent: "note", body: "   " });
    expect(empty.status).toBe(400);
    expect(fieldErrors(empty.body).body).toEqual(["Write the note first"]);

    expect((await post(booking.id, csm.cookie, { intent: "note", body: "Prep: ask about the SSO rollout" })).status).toBe(200);
    const saved = await post(booking.id, csm.cookie, { intent: "note", body: "Wants two more teams live by June" });
    expect((saved.body as FormBody).done).toBe("Note saved. Only staff can read it.");
    const notes = await prisma.accountNote.findMany({ where: { accountId: account.id }, select: { bookingId: true, authorId: true } });
    expect(notes).toEqual([
      { bookingId: booking.id, authorId: csm.id },
      { bookingId: booking.id, authorId: csm.id },
    ]);
    const brief = (await loadBrief(booking.id, csm.cookie)).body as Brief;
    expect(brief.notes.map((note) => [note.body, note.fromThisHour])).toEqual([
      ["Wants two more teams live by June", true],
      ["Prep: ask about the SSO rollout", true],
    ]);
    expect((await post(booking.id, csm.cookie, { intent: "dance" })).status).toBe(400);
  });

  it("emails one follow-up with up to five items the account may open, linked absolutely; a second send is a 409", async () => {
    const { booker, booking } = await bookedHour({ startsIn: -2 * HOUR, purpose: "Dashboards for the exec team" });
    const item = (slug: string, title: string, extra: { status?: "DRAFT" | "PUBLISHED"; audienceTiers?: string } = {}) =>
      prisma.contentItem.create({
        data: {
          kind: "ONE_PAGER",
          status: extra.status ?? "PUBLISHED",
          audienceTiers: extra.audienceTiers ?? "",
          slug: `${slug}-${booking.id}`,
          title,
          summary: `About ${title}`,
          body: title,
          publishedAt: new Date(),
        },
      });
    const open = await item("exec-dashboards", "Dashboards for executives");
    const lowOnly = await item("low-tips", "Tips for growing teams", { audienceTiers: "LOW" });
    const highOnly = await item("enterprise-sso", "Enterprise SSO", { audienceTiers: "HIGH" });
    const draft = await item("draft", "Not ready", { status: "DRAFT" });
    await writeTransaction(prisma, (tx) => indexContent(tx, open.id));

    const tooEarly = await post(booking.id, csm.cookie, { intent: "follow-up", items: [open.id] });
    expect(tooEarly.status).toBe(409);
    expect(JSON.stringify(fieldErrors(tooEarly.body))).toContain("Mark the hour completed or a no-show first");
    expect((await post(booking.id, csm.cookie, { intent: "mark", outcome: "COMPLETED" })).status).toBe(200);

    // The brief offers what the account may open, and not the rest.
    const brief = (await loadBrief(booking.id, csm.cookie, "?q=dashboards")).body as Brief;
    expect(brief.followUp.candidates.map((candidate) => candidate.id)).toContain(open.id);
    const listed = ((await loadBrief(booking.id, csm.cookie)).body as Brief).followUp.candidates.map((candidate) => candidate.id);
    expect(listed).toEqual(expect.arrayContaining([open.id, lowOnly.id]));
    expect(listed).not.toContain(highOnly.id);
    expect(listed).not.toContain(draft.id);

    const six = await post(booking.id, csm.cookie, { intent: "follow-up", items: ["a", "b", "c", "d", "e", "f"] });
    expect(six.status).toBe(400);
    expect(fieldErrors(six.body).items).toEqual(["Pick at most 5 items: a short list gets read"]);
    const nothing = await post(booking.id, csm.cookie, { intent: "follow-up" });
    expect(fieldErrors(nothing.body).items).toEqual(["Pick at least one item to recommend, or write a message"]);
    for (const unknown of ["no-such-item", highOnly.id, draft.id]) {
      const refused = await post(booking.id, csm.cookie, { intent: "follow-up", items: [open.id, unknown] });
      expect(refused.status, unknown).toBe(400);
      expect(fieldErrors(refused.body).items?.[0]).toMatch(/^One of the items is not in the library open to /);
    }
    const tooLong = await post(booking.id, csm.cookie, { intent: "follow-up", items: [open.id], message: "x".repeat(2_001) });
    expect(fieldErrors(tooLong.body).message).toEqual(["Use at most 2,000 characters"]);
    expect((await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).followUpSentAt).toBeNull();
    expect(await prisma.job.count({ where: { idempotencyKey: followUpIdempotencyKey(booking.id) } })).toBe(0);

    const sent = await post(booking.id, csm.cookie, {
      intent: "follow-up",
      items: [lowOnly.id, open.id],
      message: "Great talking today.\n\nStart with the executive dashboards.",
    });
    expect(sent.status).toBe(200);
    expect((sent.body as FormBody).done).toBe(`Follow-up with 2 recommended items queued to Mateo Alvarez (${booker.email}).`);
    const job = await prisma.job.findUniqueOrThrow({ where: { idempotencyKey: followUpIdempotencyKey(booking.id) } });
    expect(job.kind).toBe("email.send");
    const payload = JSON.parse(job.payload) as {
      template: string;
      to: string;
      props: { items: { title: string; url: string }[]; message: string; variant: string };
    };
    expect(payload).toMatchObject({ template: "csm-hour-follow-up", to: booker.email });
    expect(payload.props.variant).toBe("completed");
    expect(payload.props.message).toBe("Great talking today.\n\nStart with the executive dashboards.");
    expect(payload.props.items).toEqual([
      expect.objectContaining({ title: "Tips for growing teams", url: `http://localhost:3000/portal/library/${lowOnly.slug}` }),
      expect.objectContaining({ title: "Dashboards for executives", url: `http://localhost:3000/portal/library/${open.slug}` }),
    ]);
    expect((await prisma.csmBooking.findUniqueOrThrow({ where: { id: booking.id } })).followUpSentAt).not.toBeNull();

    const twice = await post(booking.id, csm.cookie, { intent: "follow-up", items: [open.id] });
    expect(twice.status).toBe(409);
    expect(JSON.stringify(fieldErrors(twice.body))).toContain("already sent");
    expect(
      await prisma.job.count({ where: { idempotencyKey: { startsWith: "csm-hour-follow-up:" }, payload: { contains: booker.email } } }),
    ).toBe(1);
    const after = (await loadBrief(booking.id, csm.cookie)).body as Brief;
    expect(after.booking.followUpSent).not.toBeNull();
    expect(after.followUp.candidates).toEqual([]);
  });

  it("a no-show's follow-up says so", async () => {
    const { booking } = await bookedHour({ startsIn: -2 * HOUR });
    await post(booking.id, csm.cookie, { intent: "mark", outcome: "NO_SHOW" });
    const sent = await post(booking.id, csm.cookie, { intent: "follow-up", message: "Sorry we missed you. Book again any time." });
    expect((sent.body as FormBody).done).toMatch(/^Follow-up with your message queued to Mateo Alvarez/);
    const job = await prisma.job.findUniqueOrThrow({ where: { idempotencyKey: followUpIdempotencyKey(booking.id) } });
    expect(JSON.parse(job.payload)).toMatchObject({
      props: { variant: "no-show", items: [], bookUrl: "http://localhost:3000/portal/book" },
    });
  });
});
