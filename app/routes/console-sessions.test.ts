import { randomUUID } from "node:crypto";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { RegistrationStatus } from "~/generated/prisma/enums.ts";
import { BUILT_IN_QUESTION } from "~/modules/sessions/session.schema.ts";
import { utcToZonedParts } from "~/modules/sessions/schedule.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as editAction, loader as editLoader } from "./_app.console.sessions.$sessionId_.edit.tsx";
import { action as sheetAction, loader as sheetLoader } from "./_app.console.sessions.$sessionId.tsx";
import { loader as listLoader } from "./_app.console.sessions._index.tsx";
import { action as newAction, loader as newLoader } from "./_app.console.sessions.new.tsx";
import { loader as exportLoader } from "./console.sessions.$sessionId.export.$kind.tsx";

type FormBody = { result: { error?: Record<string, string[] | null> }; done?: string };

let publisher: string;
let publisherId: string;
let csm: string;
let csmId: string;
let customer: string;
let members: { id: string; accountId: string | null; name: string; email: string }[];

// Every date is in 2027 or later so "in the future" holds whatever day the suite runs on; Berlin
// leaves winter time on 28 March 2027.
const validForm = (overrides: Record<string, string | string[]> = {}) => ({
  kind: "EXPERT",
  title: "Fixing onboarding drop-off",
  description: "We look at **your** funnel.",
  topics: "Onboarding, Activation , onboarding",
  hostIds: [publisherId],
  startDate: "2027-03-16",
  startTime: "10:00",
  timeZone: "Europe/Berlin",
  durationMinutes: "60",
  meetingUrl: "https://zoom.us/j/123456",
  audienceTiers: ["LOW", "TECH"],
  seatCap: "8",
  perAccountCap: "2",
  "questions[0].label": "Which plan are you on?",
  "questions[0].required": "on",
  feedbackKind: "CSAT",
  ...overrides,
});

async function create(overrides: Record<string, string | string[]> = {}) {
  const result = await invoke(newAction, buildRequest("/console/sessions/new", { cookie: publisher, form: validForm(overrides) }));
  expect(result.status).toBe(302);
  return result.headers.get("Location")!.split("/").pop()!;
}

async function edit(sessionId: string, overrides: Record<string, string | string[]>, cookie = publisher) {
  return invoke(editAction, buildRequest(`/console/sessions/${sessionId}/edit`, { cookie, form: validForm(overrides) }), { sessionId });
}

async function sheetPost(sessionId: string, form: Record<string, string>, cookie = publisher) {
  return invoke(sheetAction, buildRequest(`/console/sessions/${sessionId}`, { cookie, form }), { sessionId });
}

async function register(
  sessionId: string,
  user: (typeof members)[number],
  status: RegistrationStatus,
  answers: Record<string, string> = {},
) {
  const registration = await prisma.registration.create({
    data: {
      sessionId,
      userId: user.id,
      accountId: user.accountId,
      status,
      answers: JSON.stringify(answers),
      joinCode: randomUUID(),
      waitlistedAt: status === "WAITLISTED" ? new Date() : null,
    },
  });
  if (status === "CONFIRMED" || status === "OFFERED") {
    await prisma.liveSession.update({ where: { id: sessionId }, data: { seatsTaken: { increment: 1 } } });
  }
  return registration;
}

/** The body's bytes start with a UTF-8 byte-order mark; the text after it is parsed as CSV. */
async function readCsv(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = Papa.parse<string[]>(new TextDecoder().decode(bytes).trimEnd(), { newline: "\r\n" });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

async function emailJobs(template: string) {
  const jobs = await prisma.job.findMany({ where: { kind: "email.send" }, select: { payload: true } });
  return jobs.map((job) => JSON.parse(job.payload) as { template: string; to: string }).filter((payload) => payload.template === template);
}

beforeAll(async () => {
  const publisherUser = await createUser({ role: "PUBLISHER", name: "Pat Publisher", timeZone: "America/New_York" });
  publisherId = publisherUser.id;
  publisher = await sessionCookieFor(publisherId);
  const csmUser = await createUser({ role: "CSM", name: "Casey Sim", timeZone: "Europe/London" });
  csmId = csmUser.id;
  csm = await sessionCookieFor(csmId);
  const account = await createAccount({ name: "Acme, Inc.", tier: "LOW" });
  members = [];
  for (const name of ["Ada Lovelace", "Grace Hopper", "Linus Torvalds"]) {
    members.push(await createUser({ role: "MEMBER", accountId: account.id, name }));
  }
  customer = await sessionCookieFor(members[0]!.id);
});

describe("creating sessions", () => {
  it("creates an expert session as a draft, with the built-in question first", async () => {
    const page = await invoke(newLoader, buildRequest("/console/sessions/new", { cookie: publisher }));
    expect(page.status).toBe(200);
    expect((page.body as { defaults: { timeZone: string; hostIds: string[] } }).defaults).toMatchObject({
      timeZone: "America/New_York",
      hostIds: [publisherId],
    });

    const id = await create();
    const session = await prisma.liveSession.findUniqueOrThrow({
      where: { id },
      include: { questions: { orderBy: { position: "asc" } }, topics: { orderBy: { topic: "asc" } }, hosts: true },
    });
    expect(session).toMatchObject({
      kind: "EXPERT",
      status: "DRAFT",
      timeZone: "Europe/Berlin",
      durationMinutes: 60,
      audienceTiers: "LOW,TECH",
      seatCap: 8,
      perAccountCap: 2,
      sequence: 0,
      createdById: publisherId,
      seriesId: null,
    });
    expect(session.startsAt.toISOString()).toBe("2027-03-16T09:00:00.000Z");
    expect(session.topics.map((row) => row.topic)).toEqual(["activation", "onboarding"]);
    expect(session.hosts.map((row) => row.userId)).toEqual([publisherId]);
    expect(session.questions.map(({ label, required, long, position }) => ({ label, required, long, position }))).toEqual([
      { label: BUILT_IN_QUESTION, required: true, long: true, position: 0 },
      { label: "Which plan are you on?", required: true, long: false, position: 1 },
    ]);

    const sheet = await invoke(sheetLoader, buildRequest(`/console/sessions/${id}`, { cookie: publisher }), { sessionId: id });
    expect(sheet.status).toBe(200);
    const body = sheet.body as { session: { descriptionHtml: string; when: string; phase: string }; questions: { label: string }[] };
    expect(body.session.descriptionHtml).toContain("<strong>your</strong>");
    // Shown in the publisher's own zone, with the zone named.
    expect(body.session.when).toMatch(/Mar 16, 2027, 5:00\sAM EDT/);
    expect(body.session.phase).toBe("Draft");
    expect(body.questions[0]!.label).toBe(BUILT_IN_QUESTION);
  });

  it("answers 400 with field errors and creates nothing for invalid input", async () => {
    const before = await prisma.liveSession.count();
    const result = await invoke(
      newAction,
      buildRequest("/console/sessions/new", {
        cookie: publisher,
        form: validForm({ seatCap: "", meetingUrl: "http://zoom.us/j/1", durationMinutes: "5", hostIds: [], timeZone: "Mars/Olympus" }),
      }),
    );
    expect(result.status).toBe(400);
    const errors = (result.body as FormBody).result.error!;
    expect(Object.keys(errors).sort()).toEqual(["durationMinutes", "hostIds", "meetingUrl", "seatCap", "timeZone"]);
    expect(errors.seatCap![0]).toMatch(/Expert sessions need a seat cap/);
    expect(errors.meetingUrl![0]).toMatch(/https:\/\//);

    const capped = await invoke(
      newAction,
      buildRequest("/console/sessions/new", { cookie: publisher, form: validForm({ seatCap: "3", perAccountCap: "4" }) }),
    );
    expect(capped.status).toBe(400);
    expect((capped.body as FormBody).result.error?.perAccountCap?.[0]).toMatch(/cannot exceed the seat cap/);

    const customerHost = await invoke(
      newAction,
      buildRequest("/console/sessions/new", { cookie: publisher, form: validForm({ hostIds: [members[0]!.id] }) }),
    );
    expect(customerHost.status).toBe(400);
    expect((customerHost.body as FormBody).result.error?.hostIds?.[0]).toMatch(/active staff/);

    const past = await invoke(
      newAction,
      buildRequest("/console/sessions/new", { cookie: publisher, form: validForm({ startDate: "2020-01-01" }) }),
    );
    expect(past.status).toBe(400);
    expect((past.body as FormBody).result.error?.startDate?.[0]).toMatch(/future/);
    expect(await prisma.liveSession.count()).toBe(before);
  });

  it("lets a webinar go without a seat cap and ignores a per-account cap on it", async () => {
    const id = await create({ kind: "WEBINAR", seatCap: "", perAccountCap: "3", "questions[0].label": "" });
    const session = await prisma.liveSession.findUniqueOrThrow({ where: { id }, include: { questions: true } });
    expect(session).toMatchObject({ kind: "WEBINAR", seatCap: null, perAccountCap: null });
    expect(session.questions).toEqual([]);
  });

  it("creates a series whose occurrences keep the local time across the DST change", async () => {
    const id = await create({ repeat: "on", repeatEveryWeeks: "1", occurrences: "4", title: "Weekly office hours" });
    const first = await prisma.liveSession.findUniqueOrThrow({ where: { id }, select: { seriesId: true } });
    expect(first.seriesId).not.toBeNull();
    const series = await prisma.liveSessionSeries.findUniqueOrThrow({
      where: { id: first.seriesId! },
      include: { sessions: { orderBy: { startsAt: "asc" }, include: { questions: true } } },
    });
    expect(series).toMatchObject({ title: "Weekly office hours", intervalWeeks: 1, occurrences: 4 });
    expect(series.sessions.map((session) => session.startsAt.toISOString())).toEqual([
      "2027-03-16T09:00:00.000Z",
      "2027-03-23T09:00:00.000Z",
      // Berlin is on summer time (UTC+2) from 28 March: still 10:00 on the wall clock.
      "2027-03-30T08:00:00.000Z",
      "2027-04-06T08:00:00.000Z",
    ]);
    for (const session of series.sessions) {
      expect(utcToZonedParts(session.startsAt, "Europe/Berlin").time).toBe("10:00");
      // Each occurrence has its own seats and its own questions.
      expect(session).toMatchObject({ seatsTaken: 0, seatCap: 8, status: "DRAFT" });
      expect(session.questions).toHaveLength(2);
    }
    expect(new Set(series.sessions.flatMap((session) => session.questions.map((question) => question.id))).size).toBe(8);

    const publishAll = await sheetPost(series.sessions[1]!.id, { intent: "publish-series" });
    expect(publishAll.status).toBe(200);
    expect((publishAll.body as FormBody).done).toMatch(/Published 4 sessions/);
    expect(await prisma.liveSession.count({ where: { seriesId: series.id, status: "PUBLISHED" } })).toBe(4);
  });

  it("saves the feedback kind chosen, shows it on the session page, and changes it on edit", async () => {
    const page = await invoke(newLoader, buildRequest("/console/sessions/new", { cookie: publisher }));
    expect((page.body as { defaults: { feedbackKind: string } }).defaults.feedbackKind).toBe("CSAT");

    const id = await create({ title: "Recommend-worthy onboarding", feedbackKind: "NPS" });
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).feedbackKind).toBe("NPS");
    const sheet = await invoke(sheetLoader, buildRequest(`/console/sessions/${id}`, { cookie: publisher }), { sessionId: id });
    expect((sheet.body as { session: { feedbackKind: string; feedbackKindLabel: string } }).session).toMatchObject({
      feedbackKind: "NPS",
      feedbackKindLabel: "NPS (0–10)",
    });
    const editPage = await invoke(editLoader, buildRequest(`/console/sessions/${id}/edit`, { cookie: publisher }), { sessionId: id });
    expect((editPage.body as { defaults: { feedbackKind: string } }).defaults.feedbackKind).toBe("NPS");

    expect((await edit(id, { title: "Recommend-worthy onboarding", feedbackKind: "CSAT" })).status).toBe(302);
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).feedbackKind).toBe("CSAT");
    expect((await edit(id, { title: "Recommend-worthy onboarding", feedbackKind: "NPS" })).status).toBe(302);
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).feedbackKind).toBe("NPS");
  });

  it("refuses a missing or unknown feedback kind with a field error, changing nothing", async () => {
    const before = await prisma.liveSession.count();
    const { feedbackKind: _omitted, ...withoutKind } = validForm();
    const missing = await invoke(newAction, buildRequest("/console/sessions/new", { cookie: publisher, form: withoutKind }));
    expect(missing.status).toBe(400);
    expect((missing.body as FormBody).result.error?.feedbackKind?.[0]).toMatch(/CSAT or NPS/);
    const unknown = await invoke(
      newAction,
      buildRequest("/console/sessions/new", { cookie: publisher, form: validForm({ feedbackKind: "STARS" }) }),
    );
    expect(unknown.status).toBe(400);
    expect((unknown.body as FormBody).result.error?.feedbackKind?.[0]).toMatch(/CSAT or NPS/);
    expect(await prisma.liveSession.count()).toBe(before);

    const id = await create({ feedbackKind: "NPS" });
    const edited = await invoke(
      editAction,
      buildRequest(`/console/sessions/${id}/edit`, { cookie: publisher, form: { ...withoutKind, title: "Quietly CSAT?" } }),
      { sessionId: id },
    );
    expect(edited.status).toBe(400);
    expect(await prisma.liveSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ feedbackKind: "NPS", title: validForm().title });
  });

  it("copies the feedback kind to every occurrence of a series", async () => {
    const id = await create({
      repeat: "on",
      repeatEveryWeeks: "2",
      occurrences: "3",
      title: "Fortnightly NPS clinic",
      feedbackKind: "NPS",
    });
    const { seriesId } = await prisma.liveSession.findUniqueOrThrow({ where: { id }, select: { seriesId: true } });
    const occurrences = await prisma.liveSession.findMany({ where: { seriesId: seriesId! }, select: { feedbackKind: true } });
    expect(occurrences.map((row) => row.feedbackKind)).toEqual(["NPS", "NPS", "NPS"]);
  });

  it("asks for both repeat numbers when repeating", async () => {
    const result = await invoke(
      newAction,
      buildRequest("/console/sessions/new", {
        cookie: publisher,
        form: validForm({ repeat: "on", repeatEveryWeeks: "9", occurrences: "" }),
      }),
    );
    expect(result.status).toBe(400);
    expect(Object.keys((result.body as FormBody).result.error!).sort()).toEqual(["occurrences", "repeatEveryWeeks"]);
  });
});

describe("editing, publishing and cancelling", () => {
  it("raises the sequence and tells registrants on reschedule and on attendee-visible updates only", async () => {
    const id = await create({ title: "Reporting deep dive" });
    const draftEdit = await edit(id, { title: "Reporting deep dive", startTime: "11:00" });
    expect(draftEdit.status).toBe(302);
    // A draft has nobody to tell: no sequence change.
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).sequence).toBe(0);

    const published = await sheetPost(id, { intent: "publish" });
    expect(published.status).toBe(200);
    const afterPublish = await prisma.liveSession.findUniqueOrThrow({ where: { id } });
    expect(afterPublish.status).toBe("PUBLISHED");
    expect(afterPublish.publishedAt).not.toBeNull();
    expect((await sheetPost(id, { intent: "publish" })).status).toBe(409);

    await register(id, members[0]!, "CONFIRMED");
    const moved = await edit(id, { title: "Reporting deep dive", startDate: "2027-03-17", startTime: "11:00" });
    expect(moved.status).toBe(302);
    let session = await prisma.liveSession.findUniqueOrThrow({ where: { id } });
    expect(session.sequence).toBe(1);
    expect(session.startsAt.toISOString()).toBe("2027-03-17T10:00:00.000Z");
    expect((await emailJobs("session-updated")).filter((job) => job.to === members[0]!.email)).toHaveLength(1);

    await edit(id, { title: "Reporting deep dive", startDate: "2027-03-17", startTime: "11:00", durationMinutes: "90" });
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).sequence).toBe(2);

    await edit(id, { title: "Reporting, in depth", startDate: "2027-03-17", startTime: "11:00", durationMinutes: "90" });
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).sequence).toBe(3);

    // The description and topics are not in anyone's calendar: no new sequence, no email.
    await edit(id, {
      title: "Reporting, in depth",
      startDate: "2027-03-17",
      startTime: "11:00",
      durationMinutes: "90",
      description: "Now with charts",
      topics: "reporting",
    });
    session = await prisma.liveSession.findUniqueOrThrow({ where: { id } });
    expect(session.sequence).toBe(3);
    expect(session.description).toBe("Now with charts");
    expect((await emailJobs("session-updated")).filter((job) => job.to === members[0]!.email)).toHaveLength(3);
  });

  it("keeps existing questions (and their answers) when the editor saves them again", async () => {
    const id = await create({ "questions[1].label": "Team size?" });
    const page = await invoke(editLoader, buildRequest(`/console/sessions/${id}/edit`, { cookie: publisher }), { sessionId: id });
    const defaults = (page.body as { defaults: { questions: { id: string; label: string }[]; startTime: string; topics: string } })
      .defaults;
    expect(defaults.questions.map((row) => row.label)).toEqual(["Which plan are you on?", "Team size?"]);
    expect(defaults.startTime).toBe("10:00");
    expect(defaults.topics).toBe("activation, onboarding");
    const [plan, size] = defaults.questions;

    const saved = await edit(id, {
      "questions[0].id": size!.id,
      "questions[0].label": "How many people on your team?",
      "questions[1].id": "",
      "questions[1].label": "",
      "questions[2].label": "Anything else?",
    });
    expect(saved.status).toBe(302);
    const questions = await prisma.registrationQuestion.findMany({ where: { sessionId: id }, orderBy: { position: "asc" } });
    expect(questions.map(({ id: questionId, label, position }) => ({ questionId, label, position }))).toEqual([
      { questionId: expect.any(String), label: BUILT_IN_QUESTION, position: 0 },
      { questionId: size!.id, label: "How many people on your team?", position: 1 },
      { questionId: expect.any(String), label: "Anything else?", position: 2 },
    ]);
    expect(questions.some((row) => row.id === plan!.id)).toBe(false);
  });

  it("refuses a seat cap below the seats taken (409) and a new start in the past (400)", async () => {
    const id = await create({ seatCap: "3", perAccountCap: "" });
    await sheetPost(id, { intent: "publish" });
    await register(id, members[0]!, "CONFIRMED");
    await register(id, members[1]!, "CONFIRMED");

    const lowered = await edit(id, { seatCap: "1", perAccountCap: "" });
    expect(lowered.status).toBe(409);
    expect((lowered.body as FormBody).result.error?.seatCap?.[0]).toMatch(/2 seats are already taken/);
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).seatCap).toBe(3);
    expect((await edit(id, { seatCap: "2", perAccountCap: "" })).status).toBe(302);

    const past = await edit(id, { seatCap: "2", perAccountCap: "", startDate: "2021-03-16" });
    expect(past.status).toBe(400);
    expect((past.body as FormBody).result.error?.startDate?.[0]).toMatch(/future/);
  });

  it("offers the seats a raised cap frees to the waitlist, in order", async () => {
    const id = await create({ seatCap: "1", perAccountCap: "" });
    await sheetPost(id, { intent: "publish" });
    await register(id, members[0]!, "CONFIRMED");
    const first = await register(id, members[1]!, "WAITLISTED");
    const second = await register(id, members[2]!, "WAITLISTED");
    await prisma.registration.update({ where: { id: second.id }, data: { waitlistedAt: new Date(Date.now() + 1000) } });

    expect((await edit(id, { seatCap: "2", perAccountCap: "" })).status).toBe(302);
    expect((await prisma.registration.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("OFFERED");
    expect((await prisma.registration.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("WAITLISTED");
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).seatsTaken).toBe(2);
  });

  it("cancels in one step after confirmation, then refuses every further change with 409", async () => {
    const id = await create({ title: "Doomed session" });
    await sheetPost(id, { intent: "publish" });
    await register(id, members[0]!, "CONFIRMED");
    await register(id, members[1]!, "WAITLISTED");

    const cancelled = await sheetPost(id, { intent: "cancel" });
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as FormBody).done).toMatch(/Cancelled/);
    const session = await prisma.liveSession.findUniqueOrThrow({ where: { id } });
    expect(session).toMatchObject({ status: "CANCELLED", sequence: 1 });
    expect(session.cancelledAt).not.toBeNull();
    const emails = await emailJobs("session-cancelled");
    expect(emails.map((job) => job.to).sort()).toEqual(expect.arrayContaining([members[0]!.email, members[1]!.email]));

    expect((await sheetPost(id, { intent: "cancel" })).status).toBe(409);
    expect((await sheetPost(id, { intent: "publish" })).status).toBe(409);
    const editPage = await invoke(editLoader, buildRequest(`/console/sessions/${id}/edit`, { cookie: publisher }), { sessionId: id });
    expect(editPage.status).toBe(409);
    const editPost = await edit(id, { title: "Resurrected" });
    expect(editPost.status).toBe(409);
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id } })).title).toBe("Doomed session");
  });
});

describe("the host's sheet", () => {
  let sessionId: string;
  let confirmedId: string;

  beforeAll(async () => {
    // Started ten minutes ago, so attendance can be marked.
    const session = await prisma.liveSession.create({
      data: {
        kind: "EXPERT",
        status: "PUBLISHED",
        title: "Live: pipeline clinic",
        startsAt: new Date(Date.now() - 10 * 60_000),
        durationMinutes: 60,
        timeZone: "Europe/Berlin",
        meetingUrl: "https://meet.example/abc",
        seatCap: 2,
        hosts: { create: [{ userId: publisherId }] },
        questions: { create: [{ label: BUILT_IN_QUESTION, required: true, long: true, position: 0 }] },
      },
      include: { questions: true },
    });
    sessionId = session.id;
    const questionId = session.questions[0]!.id;
    const confirmed = await register(sessionId, members[0]!, "CONFIRMED", {
      [questionId]: 'Our "pipeline", it leaks,\nand =SUM(A1) shows up in reports',
    });
    confirmedId = confirmed.id;
    await register(sessionId, members[1]!, "CONFIRMED", { [questionId]: "Short answer" });
    await register(sessionId, members[2]!, "WAITLISTED");
    await prisma.sessionFeedback.create({
      data: { sessionId, registrationId: confirmed.id, userId: members[0]!.id, kind: "CSAT", score: 4, comment: "Useful, thanks" },
    });
  });

  it("shows registrants with answers, the waitlist in order, attendance and feedback", async () => {
    const sheet = await invoke(sheetLoader, buildRequest(`/console/sessions/${sessionId}`, { cookie: csm }), { sessionId });
    expect(sheet.status).toBe(200);
    const body = sheet.body as {
      registrants: { name: string; answers: { answer: string }[] }[];
      waitlist: { name: string; position: number }[];
      attendance: { name: string }[];
      feedback: { score: number; comment: string }[];
      feedbackSummary: { csatAverage: number };
      permissions: { canManage: boolean; canMark: boolean };
      session: { phase: string };
    };
    expect(body.registrants.map((row) => row.name)).toEqual(["Ada Lovelace", "Grace Hopper"]);
    expect(body.registrants[0]!.answers[0]!.answer).toContain('Our "pipeline"');
    expect(body.waitlist).toEqual([expect.objectContaining({ name: "Linus Torvalds", position: 1 })]);
    expect(body.attendance).toHaveLength(2);
    expect(body.feedback).toEqual([expect.objectContaining({ score: 4, comment: "Useful, thanks" })]);
    expect(body.feedbackSummary.csatAverage).toBe(4);
    expect(body.session.phase).toBe("Live now");
    // A CSM who is not a host reads the sheet but cannot manage or mark.
    expect(body.permissions).toEqual({ canManage: false, canMark: false });
  });

  it("marks attendance through setAttendance, only for this session's registrations", async () => {
    const marked = await sheetPost(sessionId, { intent: "attendance", registrationId: confirmedId, attendance: "ATTENDED" });
    expect(marked.status).toBe(200);
    expect((await prisma.registration.findUniqueOrThrow({ where: { id: confirmedId } })).attendance).toBe("ATTENDED");

    const noShow = await sheetPost(sessionId, { intent: "attendance", registrationId: confirmedId, attendance: "NO_SHOW" });
    expect(noShow.status).toBe(200);
    expect((await prisma.registration.findUniqueOrThrow({ where: { id: confirmedId } })).attendance).toBe("NO_SHOW");

    const bad = await sheetPost(sessionId, { intent: "attendance", registrationId: confirmedId, attendance: "MAYBE" });
    expect(bad.status).toBe(400);

    const other = await create({ title: "Elsewhere" });
    const foreign = await sheetPost(other, { intent: "attendance", registrationId: confirmedId, attendance: "ATTENDED" });
    expect(foreign.status).toBe(404);

    // A CSM who does not host this session is refused by setAttendance itself.
    const csmTry = await sheetPost(sessionId, { intent: "attendance", registrationId: confirmedId, attendance: "ATTENDED" }, csm);
    expect(csmTry.status).toBe(403);
    expect((await prisma.registration.findUniqueOrThrow({ where: { id: confirmedId } })).attendance).toBe("NO_SHOW");
  });

  it("exports registrants as a CSV that survives commas, quotes and newlines", async () => {
    const result = await invoke(exportLoader, buildRequest(`/console/sessions/${sessionId}/export/registrants`, { cookie: csm }), {
      sessionId,
      kind: "registrants",
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="lyceum-live-pipeline-clinic-\d{4}-\d{2}-\d{2}-registrants\.csv"$/,
    );
    const [header, ...rows] = await readCsv(result.response!);
    expect(header).toEqual(["Name", "Email", "Account", "Status", "Registered at (UTC)", BUILT_IN_QUESTION]);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.slice(0, 4)).toEqual(["Ada Lovelace", members[0]!.email, "Acme, Inc.", "Confirmed"]);
    expect(rows[0]![4]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows[0]![5]).toBe('Our "pipeline", it leaks,\nand =SUM(A1) shows up in reports');
  });

  it("exports the waitlist, attendance and feedback", async () => {
    const csv = async (kind: string) => {
      const result = await invoke(exportLoader, buildRequest(`/console/sessions/${sessionId}/export/${kind}`, { cookie: publisher }), {
        sessionId,
        kind,
      });
      expect(result.status).toBe(200);
      return readCsv(result.response!);
    };
    expect(await csv("waitlist")).toEqual([
      ["Position", "Name", "Email", "Account", "Waitlisted at (UTC)"],
      ["1", "Linus Torvalds", members[2]!.email, "Acme, Inc.", expect.stringMatching(/Z$/)],
    ]);
    const attendance = await csv("attendance");
    expect(attendance[0]).toEqual(["Name", "Email", "Account", "Attendance", "Joined at (UTC)", "Minutes attended"]);
    expect(attendance.slice(1).map((row) => [row[0], row[3]])).toEqual([
      ["Ada Lovelace", "No-show"],
      ["Grace Hopper", "Not marked"],
    ]);
    expect(await csv("feedback")).toEqual([
      ["Name", "Email", "Account", "Kind", "Score", "Comment", "Given at (UTC)"],
      ["Ada Lovelace", members[0]!.email, "Acme, Inc.", "CSAT", "4", "Useful, thanks", expect.stringMatching(/Z$/)],
    ]);
  });

  it("answers 404 for an unknown export or session", async () => {
    const kind = await invoke(exportLoader, buildRequest(`/console/sessions/${sessionId}/export/emails`, { cookie: publisher }), {
      sessionId,
      kind: "emails",
    });
    expect(kind.status).toBe(404);
    const missing = await invoke(exportLoader, buildRequest(`/console/sessions/nope/export/waitlist`, { cookie: publisher }), {
      sessionId: "nope",
      kind: "waitlist",
    });
    expect(missing.status).toBe(404);
    const sheet = await invoke(sheetLoader, buildRequest(`/console/sessions/nope`, { cookie: publisher }), { sessionId: "nope" });
    expect(sheet.status).toBe(404);
  });
});

describe("the session list", () => {
  it("splits upcoming, past and drafts, with seats and waitlist counts in the viewer's zone", async () => {
    const list = async (view: string) => {
      const result = await invoke(listLoader, buildRequest(`/console/sessions?view=${view}`, { cookie: publisher }));
      expect(result.status).toBe(200);
      return result.body as { sessions: { title: string; seats: string; waitlisted: number; phase: string; when: string }[] };
    };
    const upcoming = await list("upcoming");
    const live = upcoming.sessions.find((row) => row.title === "Live: pipeline clinic");
    expect(live).toMatchObject({ seats: "2 / 2", waitlisted: 1, phase: "Live now" });
    expect(upcoming.sessions.every((row) => row.phase !== "Draft")).toBe(true);
    expect(upcoming.sessions.find((row) => row.title === "Doomed session")).toMatchObject({ phase: "Cancelled" });

    const drafts = await list("drafts");
    expect(drafts.sessions.length).toBeGreaterThan(0);
    expect(drafts.sessions.every((row) => row.phase === "Draft")).toBe(true);
    expect(drafts.sessions[0]!.when).toMatch(/E[SD]T$/);

    await prisma.liveSession.create({
      data: {
        kind: "WEBINAR",
        status: "PUBLISHED",
        title: "Last year's kickoff",
        startsAt: new Date("2025-01-10T15:00:00Z"),
        durationMinutes: 45,
        timeZone: "UTC",
        meetingUrl: "https://meet.example/old",
      },
    });
    const past = await list("past");
    expect(past.sessions.map((row) => row.title)).toContain("Last year's kickoff");
    expect(past.sessions.map((row) => row.title)).not.toContain("Live: pipeline clinic");
  });
});

describe("who may do what", () => {
  it("lets a CSM read the list, sheet and exports but refuses create, edit, publish and cancel", async () => {
    const id = await create({ title: "Read-only for CSMs" });
    expect((await invoke(listLoader, buildRequest("/console/sessions", { cookie: csm }))).status).toBe(200);
    expect((await invoke(sheetLoader, buildRequest(`/console/sessions/${id}`, { cookie: csm }), { sessionId: id })).status).toBe(200);
    expect(
      (
        await invoke(exportLoader, buildRequest(`/console/sessions/${id}/export/registrants`, { cookie: csm }), {
          sessionId: id,
          kind: "registrants",
        })
      ).status,
    ).toBe(200);
    expect((await invoke(newLoader, buildRequest("/console/sessions/new", { cookie: csm }))).status).toBe(403);
    expect((await invoke(newAction, buildRequest("/console/sessions/new", { cookie: csm, form: validForm() }))).status).toBe(403);
    expect((await invoke(editLoader, buildRequest(`/console/sessions/${id}/edit`, { cookie: csm }), { sessionId: id })).status).toBe(403);
    expect((await edit(id, { title: "Hijacked" }, csm)).status).toBe(403);
    expect((await sheetPost(id, { intent: "publish" }, csm)).status).toBe(403);
    expect((await sheetPost(id, { intent: "cancel" }, csm)).status).toBe(403);
    expect(await prisma.liveSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: "Read-only for CSMs", status: "DRAFT" });
  });

  it("lets a CSM who hosts the session mark attendance", async () => {
    const session = await prisma.liveSession.create({
      data: {
        kind: "WEBINAR",
        status: "PUBLISHED",
        title: "Hosted by a CSM",
        startsAt: new Date(Date.now() - 5 * 60_000),
        durationMinutes: 30,
        timeZone: "UTC",
        meetingUrl: "https://meet.example/csm",
        hosts: { create: [{ userId: csmId }] },
      },
    });
    const registration = await register(session.id, members[0]!, "CONFIRMED");
    const sheet = await invoke(sheetLoader, buildRequest(`/console/sessions/${session.id}`, { cookie: csm }), { sessionId: session.id });
    expect((sheet.body as { permissions: { canMark: boolean } }).permissions.canMark).toBe(true);
    const marked = await sheetPost(session.id, { intent: "attendance", registrationId: registration.id, attendance: "ATTENDED" }, csm);
    expect(marked.status).toBe(200);
  });

  it("refuses a customer everywhere here", async () => {
    const id = await create({ title: "Staff only" });
    const loaders = [
      () => invoke(listLoader, buildRequest("/console/sessions", { cookie: customer })),
      () => invoke(newLoader, buildRequest("/console/sessions/new", { cookie: customer })),
      () => invoke(sheetLoader, buildRequest(`/console/sessions/${id}`, { cookie: customer }), { sessionId: id }),
      () => invoke(editLoader, buildRequest(`/console/sessions/${id}/edit`, { cookie: customer }), { sessionId: id }),
      () =>
        invoke(exportLoader, buildRequest(`/console/sessions/${id}/export/registrants`, { cookie: customer }), {
          sessionId: id,
          kind: "registrants",
        }),
      () => invoke(newAction, buildRequest("/console/sessions/new", { cookie: customer, form: validForm() })),
      () => edit(id, { title: "Mine now" }, customer),
      () => sheetPost(id, { intent: "publish" }, customer),
      () => sheetPost(id, { intent: "cancel" }, customer),
    ];
    for (const call of loaders) expect([403, 404]).toContain((await call()).status);
    expect(await prisma.liveSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: "Staff only", status: "DRAFT" });
  });

  it("sends a signed-out visitor to sign in", async () => {
    const result = await invoke(listLoader, buildRequest("/console/sessions"));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});
