import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { action as hostAction, loader as hostLoader } from "~/routes/_app.console.sessions.$sessionId_.live.tsx";
import { action as attendeeAction, loader as attendeeLoader } from "~/routes/_app.portal.sessions.$sessionId_.live.tsx";
import { prisma } from "~/utils/db.server.ts";
import { ALREADY_VOTED } from "./live.server.ts";

async function liveSession({ startsInMinutes = 10, durationMinutes = 60 } = {}) {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: "Pipeline reviews that work",
      startsAt: new Date(Date.now() + startsInMinutes * 60_000),
      durationMinutes,
      timeZone: "Europe/Paris",
      meetingUrl: "https://meet.example.com/live",
    },
  });
}

let codes = 0;
async function attendee(sessionId: string, status: "CONFIRMED" | "WAITLISTED" | null = "CONFIRMED") {
  const account = await createAccount();
  const user = await createUser({ role: "MEMBER", accountId: account.id, timeZone: "America/Chicago" });
  if (status) {
    await prisma.registration.create({
      data: { sessionId, userId: user.id, accountId: account.id, status, joinCode: `live-${++codes}-${user.id}` },
    });
  }
  return { user, account, cookie: await sessionCookieFor(user.id) };
}

async function staff(role: "CSM" | "PUBLISHER" | "ADMIN") {
  const user = await createUser({ role });
  return { user, cookie: await sessionCookieFor(user.id) };
}

function portal(sessionId: string, cookie: string, form?: Record<string, string | string[]>) {
  const request = buildRequest(`/portal/sessions/${sessionId}/live`, { cookie, form });
  return invoke(form ? attendeeAction : attendeeLoader, request, { sessionId });
}

function consolePage(sessionId: string, cookie: string, form?: Record<string, string | string[]>) {
  const request = buildRequest(`/console/sessions/${sessionId}/live`, { cookie, form });
  return invoke(form ? hostAction : hostLoader, request, { sessionId });
}

type AttendeeBody = {
  questions: { id: string; body: string; votes: number; votedByMe: boolean; mine: boolean; answered: boolean }[];
  openPoll: {
    id: string;
    myOptionId: string | null;
    total: number;
    options: { id: string; label: string; votes: number; percent: number }[];
  } | null;
  closedPolls: { id: string }[];
};
type HostBody = {
  canRun: boolean;
  questions: { id: string; body: string; votes: number; answered: boolean; askedBy: string }[];
  polls: { id: string; question: string; status: string; total: number; options: { id: string; votes: number; percent: number }[] }[];
};

describe("live Q&A", () => {
  it("takes questions, counts one upvote per person, and sorts by votes then time", async () => {
    const session = await liveSession();
    const alice = await attendee(session.id);
    const bob = await attendee(session.id);

    expect((await portal(session.id, alice.cookie, { intent: "ask", body: "How do you run a forecast call?" })).status).toBe(200);
    expect((await portal(session.id, alice.cookie, { intent: "ask", body: "What about renewals?" })).status).toBe(200);
    const first = await portal(session.id, bob.cookie);
    const [older, newer] = (first.body as AttendeeBody).questions;
    expect(older!.body).toBe("How do you run a forecast call?");
    expect(newer!.body).toBe("What about renewals?");

    expect((await portal(session.id, bob.cookie, { intent: "upvote", questionId: newer!.id })).status).toBe(200);
    const again = await portal(session.id, bob.cookie, { intent: "upvote", questionId: newer!.id });
    expect(again.status).toBe(200);
    expect(await prisma.questionVote.count({ where: { questionId: newer!.id } })).toBe(1);

    const page = (await portal(session.id, bob.cookie)).body as AttendeeBody;
    expect(page.questions.map((question) => [question.body, question.votes, question.votedByMe, question.mine])).toEqual([
      ["What about renewals?", 1, true, false],
      ["How do you run a forecast call?", 0, false, false],
    ]);
    const events = await prisma.engagementEvent.findMany({ where: { userId: alice.user.id, kind: "session.question_asked" } });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ accountId: alice.account.id, subjectType: "session", subjectId: session.id });
  });

  it("refuses short questions with a field error and questions after the session ended", async () => {
    const session = await liveSession();
    const alice = await attendee(session.id);
    const short = await portal(session.id, alice.cookie, { intent: "ask", body: "Hi" });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain("at least 3");
    expect((await portal(session.id, alice.cookie, { intent: "ask", body: "x".repeat(501) })).status).toBe(400);

    const ended = await liveSession({ startsInMinutes: -120, durationMinutes: 60 });
    const late = await attendee(ended.id);
    expect((await portal(ended.id, late.cookie, { intent: "ask", body: "Is there a replay?" })).status).toBe(409);
    expect(await prisma.sessionQuestion.count({ where: { sessionId: { in: [session.id, ended.id] } } })).toBe(0);
  });

  it("lets a host mark questions answered and reopen them, but not a CSM who is not a host", async () => {
    const session = await liveSession();
    const alice = await attendee(session.id);
    await portal(session.id, alice.cookie, { intent: "ask", body: "Can we see the template?" });
    const question = await prisma.sessionQuestion.findFirstOrThrow({ where: { sessionId: session.id } });

    const csm = await staff("CSM");
    const look = await consolePage(session.id, csm.cookie);
    expect(look.status).toBe(200);
    expect((look.body as HostBody).canRun).toBe(false);
    expect((look.body as HostBody).questions[0]!.askedBy).toContain(alice.user.name);
    expect((await consolePage(session.id, csm.cookie, { intent: "answer", questionId: question.id })).status).toBe(403);
    expect((await prisma.sessionQuestion.findUniqueOrThrow({ where: { id: question.id } })).answeredAt).toBeNull();

    const host = await staff("CSM");
    await prisma.liveSessionHost.create({ data: { sessionId: session.id, userId: host.user.id } });
    expect((await consolePage(session.id, host.cookie, { intent: "answer", questionId: question.id })).status).toBe(200);
    expect(((await portal(session.id, alice.cookie)).body as AttendeeBody).questions[0]!.answered).toBe(true);
    expect((await consolePage(session.id, host.cookie, { intent: "reopen", questionId: question.id })).status).toBe(200);
    expect((await prisma.sessionQuestion.findUniqueOrThrow({ where: { id: question.id } })).answeredAt).toBeNull();
  });

  it("keeps people without a confirmed seat out", async () => {
    const session = await liveSession();
    const outsider = await attendee(session.id, null);
    expect((await portal(session.id, outsider.cookie)).status).toBe(403);
    expect((await portal(session.id, outsider.cookie, { intent: "ask", body: "Can I join?" })).status).toBe(403);
    const waiting = await attendee(session.id, "WAITLISTED");
    expect((await portal(session.id, waiting.cookie)).status).toBe(403);

    const draft = await prisma.liveSession.update({ where: { id: (await liveSession()).id }, data: { status: "DRAFT" } });
    expect((await portal(draft.id, outsider.cookie)).status).toBe(404);
    expect((await portal("nope", outsider.cookie)).status).toBe(404);

    const member = await attendee(session.id);
    expect((await consolePage(session.id, member.cookie)).status).toBe(403);
  });
});

describe("live polls", () => {
  it("creates, opens and closes polls; one vote per person with live results", async () => {
    const session = await liveSession({ startsInMinutes: -10 });
    const publisher = await staff("PUBLISHER");
    const alice = await attendee(session.id);
    const bob = await attendee(session.id);

    const tooFew = await consolePage(session.id, publisher.cookie, {
      intent: "create-poll",
      question: "Which CRM?",
      "options[0]": "HubSpot",
    });
    expect(tooFew.status).toBe(400);
    const created = await consolePage(session.id, publisher.cookie, {
      intent: "create-poll",
      question: "Which CRM do you use?",
      "options[0]": "HubSpot",
      "options[1]": "Salesforce",
      "options[2]": "",
      "options[3]": "Pipedrive",
    });
    expect(created.status).toBe(200);
    const poll = await prisma.poll.findFirstOrThrow({
      where: { sessionId: session.id },
      include: { options: { orderBy: { position: "asc" } } },
    });
    expect(poll.status).toBe("DRAFT");
    expect(poll.options.map((option) => option.label)).toEqual(["HubSpot", "Salesforce", "Pipedrive"]);
    // A draft is invisible to attendees.
    expect(((await portal(session.id, alice.cookie)).body as AttendeeBody).openPoll).toBeNull();

    expect((await consolePage(session.id, publisher.cookie, { intent: "open-poll", pollId: poll.id })).status).toBe(200);
    const [hubspot, salesforce] = poll.options;
    expect((await portal(session.id, alice.cookie, { intent: "vote", pollId: poll.id, optionId: salesforce!.id })).status).toBe(200);
    const second = await portal(session.id, alice.cookie, { intent: "vote", pollId: poll.id, optionId: hubspot!.id });
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain(ALREADY_VOTED);
    expect((await portal(session.id, bob.cookie, { intent: "vote", pollId: poll.id, optionId: salesforce!.id })).status).toBe(200);

    const seen = ((await portal(session.id, alice.cookie)).body as AttendeeBody).openPoll!;
    expect(seen.myOptionId).toBe(salesforce!.id);
    expect(seen.total).toBe(2);
    expect(seen.options.map((option) => [option.votes, option.percent])).toEqual([
      [0, 0],
      [2, 100],
      [0, 0],
    ]);
    expect(await prisma.engagementEvent.count({ where: { kind: "session.poll_answered", subjectId: session.id } })).toBe(2);

    expect((await consolePage(session.id, publisher.cookie, { intent: "close-poll", pollId: poll.id })).status).toBe(200);
    const carol = await attendee(session.id);
    expect((await portal(session.id, carol.cookie, { intent: "vote", pollId: poll.id, optionId: hubspot!.id })).status).toBe(409);
    const after = (await portal(session.id, carol.cookie)).body as AttendeeBody;
    expect(after.openPoll).toBeNull();
    expect(after.closedPolls.map((closed) => closed.id)).toEqual([poll.id]);
  });

  it("opening a poll closes the one that was open", async () => {
    const session = await liveSession();
    const admin = await staff("ADMIN");
    const make = (question: string) =>
      prisma.poll.create({
        data: {
          sessionId: session.id,
          question,
          options: {
            create: [
              { label: "Yes", position: 0 },
              { label: "No", position: 1 },
            ],
          },
        },
      });
    const first = await make("First?");
    const second = await make("Second?");
    await consolePage(session.id, admin.cookie, { intent: "open-poll", pollId: first.id });
    await consolePage(session.id, admin.cookie, { intent: "open-poll", pollId: second.id });
    const statuses = await prisma.poll.findMany({ where: { sessionId: session.id }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((poll) => [poll.id, poll.status]))).toEqual({ [first.id]: "CLOSED", [second.id]: "OPEN" });

    const csm = await staff("CSM");
    expect((await consolePage(session.id, csm.cookie, { intent: "open-poll", pollId: first.id })).status).toBe(403);
    const host = (await consolePage(session.id, admin.cookie)).body as HostBody;
    expect(host.polls.map((poll) => poll.status)).toEqual(["OPEN", "CLOSED"]);
  });
});
