import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { CatalogueCard, MyRegistration } from "~/modules/sessions/catalogue.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as sessionAction, loader as sessionLoader } from "./_app.portal.sessions.$sessionId.tsx";
import { loader as catalogueLoader } from "./_app.portal.sessions._index.tsx";
import { loader as icsLoader } from "./portal.sessions.$sessionId.ics.tsx";

type Catalogue = { sessions: CatalogueCard[]; topics: string[]; mine: MyRegistration[]; total: number };
type SessionPage = {
  session: {
    id: string;
    title: string;
    when: string;
    hostWhen: string | null;
    phase: string;
    seats: string | null;
    descriptionHtml: string;
    hosts: string[];
  };
  questions: { id: string; label: string; required: boolean; long: boolean }[];
  registration: null | {
    status: string;
    joinPath: string | null;
    waitlistPosition: number | null;
    calendar: { google: string; ics: string } | null;
  };
  canRegister: boolean;
};
type FormBody = { intent: string; result: { error?: Record<string, string[] | null> }; done?: string };

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let highCustomer: { id: string; cookie: string };
let highColleague: { id: string; cookie: string };
let techCustomer: { id: string; cookie: string };
let staff: { id: string; cookie: string };
let hostId: string;

async function signedIn(overrides: Parameters<typeof createUser>[0]) {
  const user = await createUser(overrides);
  return { id: user.id, cookie: await sessionCookieFor(user.id) };
}

let counter = 0;
/** A session row written straight to the database, as a publisher would have left it. */
async function createSession(
  overrides: Partial<Prisma.LiveSessionUncheckedCreateInput> & {
    topics?: string[];
    questions?: { label: string; required?: boolean; long?: boolean }[];
  } = {},
) {
  const { topics = [], questions = [], ...data } = overrides;
  counter += 1;
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: `Session ${counter}`,
      description: "We cover **the basics**.",
      startsAt: new Date(Date.now() + 3 * DAY),
      durationMinutes: 60,
      timeZone: "Europe/Paris",
      meetingUrl: "https://meet.example/abc",
      publishedAt: new Date(),
      ...data,
      hosts: { create: [{ userId: hostId }] },
      topics: { create: topics.map((topic) => ({ topic })) },
      questions: { create: questions.map((question, position) => ({ required: false, long: false, ...question, position })) },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
}

const catalogue = async (cookie: string, search = "") => {
  const result = await invoke(catalogueLoader, buildRequest(`/portal/sessions${search}`, { cookie }));
  expect(result.status).toBe(200);
  return result.body as Catalogue;
};
const page = (cookie: string, sessionId: string) =>
  invoke(sessionLoader, buildRequest(`/portal/sessions/${sessionId}`, { cookie }), { sessionId });
const post = (cookie: string, sessionId: string, form: Record<string, string>) =>
  invoke(sessionAction, buildRequest(`/portal/sessions/${sessionId}`, { cookie, form }), { sessionId });
const ics = (cookie: string, sessionId: string) =>
  invoke(icsLoader, buildRequest(`/portal/sessions/${sessionId}/ics`, { cookie }), { sessionId });
const idsOf = (body: Catalogue) => body.sessions.map((session) => session.id);

beforeAll(async () => {
  const high = await createAccount({ tier: "HIGH" });
  const tech = await createAccount({ tier: "TECH" });
  highCustomer = await signedIn({ role: "MEMBER", accountId: high.id, timeZone: "America/New_York", locale: "en-US" });
  highColleague = await signedIn({ role: "ACCOUNT_ADMIN", accountId: high.id, timeZone: "Europe/Paris" });
  techCustomer = await signedIn({ role: "MEMBER", accountId: tech.id, timeZone: "Asia/Tokyo" });
  staff = await signedIn({ role: "PUBLISHER" });
  hostId = (await createUser({ role: "CSM", name: "Grace Hopper" })).id;
});

describe("the catalogue", () => {
  it("lists published, not-yet-ended sessions open to the viewer's tier, soonest first, running ones included", async () => {
    const later = await createSession({ title: "For everybody", startsAt: new Date(Date.now() + 5 * DAY) });
    const sooner = await createSession({ title: "High touch only", audienceTiers: "HIGH,LOW", startsAt: new Date(Date.now() + 2 * DAY) });
    const running = await createSession({ title: "Running now", startsAt: new Date(Date.now() - 10 * 60_000), durationMinutes: 60 });
    const techOnly = await createSession({ title: "Tech touch only", audienceTiers: "TECH" });
    const draft = await createSession({ title: "Draft", status: "DRAFT" });
    const cancelled = await createSession({ title: "Cancelled", status: "CANCELLED" });
    const ended = await createSession({ title: "Ended", startsAt: new Date(Date.now() - 2 * HOUR), durationMinutes: 60 });

    const high = idsOf(await catalogue(highCustomer.cookie));
    expect(high).toEqual(expect.arrayContaining([later.id, sooner.id, running.id]));
    for (const hidden of [techOnly.id, draft.id, cancelled.id, ended.id]) expect(high).not.toContain(hidden);
    expect(high.indexOf(running.id)).toBeLessThan(high.indexOf(sooner.id));
    expect(high.indexOf(sooner.id)).toBeLessThan(high.indexOf(later.id));

    const tech = idsOf(await catalogue(techCustomer.cookie));
    expect(tech).toEqual(expect.arrayContaining([later.id, techOnly.id]));
    expect(tech).not.toContain(sooner.id);

    const card = (await catalogue(highCustomer.cookie)).sessions.find((session) => session.id === running.id);
    expect(card).toMatchObject({ phase: "live", hosts: ["Grace Hopper"], kindLabel: "Webinar", viewerStatus: null });
  });

  it("shows each start in the viewer's zone, with the zone named, and the seats left", async () => {
    // 02:30 UTC on 10 July is still 9 July, 10:30 PM in New York (EDT) and 11:30 AM in Tokyo.
    const session = await createSession({ startsAt: new Date("2031-07-10T02:30:00Z"), seatCap: 5, seatsTaken: 2, topics: ["zones"] });
    const ny = (await catalogue(highCustomer.cookie, "?topic=zones")).sessions.find((card) => card.id === session.id);
    expect(ny).toMatchObject({ when: "Jul 9, 2031, 10:30 PM EDT", seats: "3 seats left", full: false });
    const tokyo = (await catalogue(techCustomer.cookie, "?topic=zones")).sessions.find((card) => card.id === session.id);
    expect(tokyo?.when).toMatch(/^Jul 10, 2031, 11:30 AM GMT\+9$/);

    const full = await createSession({ seatCap: 2, seatsTaken: 2, topics: ["zones"] });
    const fullCard = (await catalogue(highCustomer.cookie, "?topic=zones")).sessions.find((card) => card.id === full.id);
    expect(fullCard).toMatchObject({ seats: "Full — join the waitlist", full: true });
  });

  it("filters by topic, kind and calendar days in the viewer's zone", async () => {
    const webinar = await createSession({ kind: "WEBINAR", topics: ["reporting"], startsAt: new Date("2031-06-10T02:30:00Z") });
    const expert = await createSession({
      kind: "EXPERT",
      seatCap: 8,
      topics: ["reporting", "api"],
      startsAt: new Date("2031-06-12T15:00:00Z"),
    });
    const other = await createSession({ kind: "EXPERT", seatCap: 8, topics: ["billing"], startsAt: new Date("2031-06-10T12:00:00Z") });

    const all = await catalogue(highCustomer.cookie);
    expect(all.topics).toEqual(expect.arrayContaining(["api", "billing", "reporting"]));

    expect(idsOf(await catalogue(highCustomer.cookie, "?topic=reporting"))).toEqual([webinar.id, expert.id]);
    expect(idsOf(await catalogue(highCustomer.cookie, "?topic=reporting&kind=EXPERT"))).toEqual([expert.id]);
    expect(idsOf(await catalogue(highCustomer.cookie, "?kind=EXPERT&from=2031-06-01&to=2031-06-30"))).toEqual([other.id, expert.id]);

    // The webinar falls on 9 June in New York although it is 10 June in UTC.
    expect(idsOf(await catalogue(highCustomer.cookie, "?from=2031-06-09&to=2031-06-09"))).toEqual([webinar.id]);
    expect(idsOf(await catalogue(highCustomer.cookie, "?from=2031-06-10&to=2031-06-10"))).toEqual([other.id]);
    // In Tokyo both the webinar and the other session fall on 10 June.
    const tokyo = idsOf(await catalogue(techCustomer.cookie, "?from=2031-06-10&to=2031-06-10"));
    expect(tokyo).toEqual([webinar.id, other.id]);

    // Garbage in the URL is ignored rather than answered with an error.
    const lenient = await catalogue(highCustomer.cookie, "?kind=PARTY&from=not-a-date&page=-3&topic=reporting");
    expect(idsOf(lenient)).toEqual([webinar.id, expert.id]);
  });
});

describe("the session page", () => {
  it("shows the time in the viewer's zone and the host's, the sanitised description and the hosts", async () => {
    const session = await createSession({
      startsAt: new Date("2031-06-10T14:00:00Z"),
      description: "Hello **there** <script>alert(1)</script>",
    });
    const result = await page(highCustomer.cookie, session.id);
    expect(result.status).toBe(200);
    const body = result.body as SessionPage;
    expect(body.session.when).toBe("Jun 10, 2031, 10:00 AM EDT");
    expect(body.session.hostWhen).toMatch(/^Jun 10, 2031, 4:00 PM GMT\+2$/);
    expect(body.session.descriptionHtml).toContain("<strong>there</strong>");
    expect(body.session.descriptionHtml).not.toContain("<script");
    expect(body.session.hosts).toEqual(["Grace Hopper"]);
    expect(body.canRegister).toBe(true);

    const sameZone = (await page(highColleague.cookie, session.id)).body as SessionPage;
    expect(sameZone.session.hostWhen).toBeNull();
  });

  it("a customer registers with their answers, gets a seat, the join link, calendar links and the .ics", async () => {
    const session = await createSession({
      kind: "EXPERT",
      seatCap: 3,
      questions: [
        { label: "Describe your situation", required: true, long: true },
        { label: "Your team size", required: false },
      ],
    });
    const [situation, size] = session.questions;
    const result = await post(highCustomer.cookie, session.id, {
      intent: "register",
      [`answers.${situation!.id}`]: "We are migrating 40 dashboards.",
      [`answers.${size!.id}`]: "12",
    });
    expect(result.status).toBe(200);
    expect((result.body as FormBody).done).toMatch(/registered.*calendar invite/i);

    const registration = await prisma.registration.findUniqueOrThrow({
      where: { sessionId_userId: { sessionId: session.id, userId: highCustomer.id } },
    });
    expect(registration.status).toBe("CONFIRMED");
    expect(JSON.parse(registration.answers)).toMatchObject({ [situation!.id]: "We are migrating 40 dashboards." });

    const body = (await page(highCustomer.cookie, session.id)).body as SessionPage;
    expect(body.canRegister).toBe(false);
    expect(body.registration).toMatchObject({ status: "CONFIRMED", joinPath: `/join/${registration.joinCode}` });
    expect(body.registration?.calendar?.google).toMatch(/^https:\/\/calendar\.google\.com\//);
    expect(body.session.seats).toBe("2 seats left");

    const download = await ics(highCustomer.cookie, session.id);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toMatch(/^text\/calendar/);
    const text = String(download.body);
    expect(text).toContain(`UID:session-${session.id}@localhost`);
    expect(text).toContain("METHOD:REQUEST");
    expect(text.replace(/\r\n /g, "")).toContain(`/join/${registration.joinCode}`);

    const mine = (await catalogue(highCustomer.cookie)).mine;
    expect(mine.find((row) => row.sessionId === session.id)).toMatchObject({ status: "CONFIRMED", statusLabel: "Registered" });
    const card = (await catalogue(highCustomer.cookie)).sessions.find((row) => row.id === session.id);
    expect(card?.viewerStatus).toBe("CONFIRMED");

    const again = await post(highCustomer.cookie, session.id, { intent: "register", [`answers.${situation!.id}`]: "Again" });
    expect(again.status).toBe(409);
  });

  it("a missing required answer is a 400 with the error on that field, and nothing is written", async () => {
    const session = await createSession({
      kind: "EXPERT",
      seatCap: 3,
      questions: [{ label: "Describe your situation", required: true, long: true }],
    });
    const questionId = session.questions[0]!.id;
    const result = await post(highCustomer.cookie, session.id, { intent: "register" });
    expect(result.status).toBe(400);
    expect((result.body as FormBody).result.error?.[`answers.${questionId}`]?.length).toBeGreaterThan(0);
    expect(await prisma.registration.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("a full session puts the next registrant on the waitlist, with their place in line", async () => {
    const session = await createSession({ kind: "EXPERT", seatCap: 1, perAccountCap: 5 });
    expect((await post(highColleague.cookie, session.id, { intent: "register" })).status).toBe(200);

    const before = (await page(highCustomer.cookie, session.id)).body as SessionPage;
    expect(before.session.seats).toBe("Full — join the waitlist");

    const result = await post(highCustomer.cookie, session.id, { intent: "register" });
    expect(result.status).toBe(200);
    expect((result.body as FormBody).done).toMatch(/waitlist/i);
    const body = (await page(highCustomer.cookie, session.id)).body as SessionPage;
    expect(body.registration).toMatchObject({ status: "WAITLISTED", joinPath: null, waitlistPosition: 1, calendar: null });
    expect((await ics(highCustomer.cookie, session.id)).status).toBe(404);
  });

  it("cancelling frees the seat and lets the customer register again", async () => {
    const session = await createSession({ seatCap: 10 });
    expect((await post(highCustomer.cookie, session.id, { intent: "register" })).status).toBe(200);
    const result = await post(highCustomer.cookie, session.id, { intent: "cancel" });
    expect(result.status).toBe(200);
    expect((result.body as FormBody).done).toMatch(/cancelled/i);

    const registration = await prisma.registration.findUniqueOrThrow({
      where: { sessionId_userId: { sessionId: session.id, userId: highCustomer.id } },
    });
    expect(registration.status).toBe("CANCELLED");
    const body = (await page(highCustomer.cookie, session.id)).body as SessionPage;
    expect(body).toMatchObject({ registration: null, canRegister: true });
    expect(body.session.seats).toBe("10 seats left");
    expect((await ics(highCustomer.cookie, session.id)).status).toBe(404);
  });

  it("an unknown intent is a 400", async () => {
    const session = await createSession();
    expect((await post(highCustomer.cookie, session.id, { intent: "teleport" })).status).toBe(400);
  });
});

describe("who may see what", () => {
  it("staff get 403 on the catalogue, the session page, its form and its .ics", async () => {
    const session = await createSession();
    expect((await invoke(catalogueLoader, buildRequest("/portal/sessions", { cookie: staff.cookie }))).status).toBe(403);
    expect((await page(staff.cookie, session.id)).status).toBe(403);
    expect((await post(staff.cookie, session.id, { intent: "register" })).status).toBe(403);
    expect((await ics(staff.cookie, session.id)).status).toBe(403);
    expect(await prisma.registration.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it("signed-out visitors are sent to sign in", async () => {
    const session = await createSession();
    const result = await invoke(sessionLoader, buildRequest(`/portal/sessions/${session.id}`), { sessionId: session.id });
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("another tier's session, a draft and an unknown id are 404, and cannot be registered for", async () => {
    const techOnly = await createSession({ audienceTiers: "TECH" });
    const draft = await createSession({ status: "DRAFT" });
    for (const id of [techOnly.id, draft.id, "no-such-session"]) {
      expect((await page(highCustomer.cookie, id)).status).toBe(404);
      expect((await post(highCustomer.cookie, id, { intent: "register" })).status).toBe(404);
      expect((await ics(highCustomer.cookie, id)).status).toBe(404);
    }
    expect(await prisma.registration.count({ where: { sessionId: { in: [techOnly.id, draft.id] } } })).toBe(0);
    expect((await page(techCustomer.cookie, techOnly.id)).status).toBe(200);
  });

  it("a cancelled session says so to its registrants and is hidden from everyone else", async () => {
    const session = await createSession({ seatCap: 5 });
    expect((await post(highCustomer.cookie, session.id, { intent: "register" })).status).toBe(200);
    await prisma.liveSession.update({ where: { id: session.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    const body = (await page(highCustomer.cookie, session.id)).body as SessionPage;
    expect(body.session.phase).toBe("cancelled");
    expect(body.canRegister).toBe(false);
    expect((await page(highColleague.cookie, session.id)).status).toBe(404);
  });

  it("an ended session says so and takes no registrations", async () => {
    const session = await createSession({ startsAt: new Date(Date.now() - 3 * HOUR), durationMinutes: 60 });
    const body = (await page(highCustomer.cookie, session.id)).body as SessionPage;
    expect(body).toMatchObject({ canRegister: false, session: { phase: "ended" } });
    const result = await post(highCustomer.cookie, session.id, { intent: "register" });
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.body)).toMatch(/already started/);
  });
});
