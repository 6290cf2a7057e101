import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke } from "#test/request.ts";
import type { FeedbackKind } from "~/generated/prisma/enums.ts";
import { giveFeedback } from "~/modules/sessions/feedback.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./feedback.$code.tsx";

type FormBody = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> | null } };

const post = (code: string, form: Record<string, string>) => invoke(action, buildRequest(`/feedback/${code}`, { form }), { code });

async function registration({
  startsInMinutes,
  status = "CONFIRMED" as const,
  feedbackKind,
}: {
  startsInMinutes: number;
  status?: "CONFIRMED" | "WAITLISTED";
  feedbackKind?: FeedbackKind;
}) {
  const account = await createAccount();
  const user = await createUser({ role: "MEMBER", accountId: account.id, timeZone: "Europe/Paris" });
  const session = await prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: "Forecasting basics",
      startsAt: new Date(Date.now() + startsInMinutes * 60_000),
      durationMinutes: 60,
      timeZone: "America/New_York",
      meetingUrl: "https://meet.example.com/x",
      feedbackKind,
    },
  });
  const code = `code${Math.random().toString(36).slice(2)}`;
  await prisma.registration.create({ data: { sessionId: session.id, userId: user.id, accountId: account.id, status, joinCode: code } });
  return { code, session, user, account };
}

describe("session feedback by link", () => {
  it("takes a 1–5 rating with a comment, records engagement, and replaces an earlier answer", async () => {
    const { code, session, account } = await registration({ startsInMinutes: -90 });
    const page = await invoke(loader, buildRequest(`/feedback/${code}`), { code });
    expect(page.body).toMatchObject({ title: "Forecasting basics", open: true, existing: null });
    expect((page.body as { when: string }).when).toMatch(/GMT\+1|CET/);

    const sent = await invoke(action, buildRequest(`/feedback/${code}`, { form: { score: "4", comment: "Clear and useful" } }), { code });
    expect(sent.status).toBe(200);
    await invoke(action, buildRequest(`/feedback/${code}`, { form: { score: "5", comment: "" } }), { code });
    const rows = await prisma.sessionFeedback.findMany({ where: { sessionId: session.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "CSAT", score: 5, comment: null });
    const events = await prisma.engagementEvent.findMany({ where: { accountId: account.id, kind: "session.feedback_given" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.value).toBe(4);
    expect(JSON.parse(events[0]!.data!)).toEqual({ feedbackKind: "CSAT", score: 4 });
  });

  it("answers 400 for a rating out of range and 409 before the session starts", async () => {
    const started = await registration({ startsInMinutes: -5 });
    const bad = await invoke(action, buildRequest(`/feedback/${started.code}`, { form: { score: "9" } }), { code: started.code });
    expect(bad.status).toBe(400);
    const future = await registration({ startsInMinutes: 60 });
    const early = await invoke(action, buildRequest(`/feedback/${future.code}`, { form: { score: "3" } }), { code: future.code });
    expect(early.status).toBe(409);
    expect(await prisma.sessionFeedback.count({ where: { sessionId: future.session.id } })).toBe(0);
  });

  it("is a 404 for unknown codes and for people who never had a seat", async () => {
    expect((await invoke(loader, buildRequest("/feedback/nope"), { code: "nope" })).status).toBe(404);
    const waitlisted = await registration({ startsInMinutes: -90, status: "WAITLISTED" });
    expect((await invoke(loader, buildRequest(`/feedback/${waitlisted.code}`), { code: waitlisted.code })).status).toBe(404);
    expect(
      (await invoke(action, buildRequest(`/feedback/${waitlisted.code}`, { form: { score: "3" } }), { code: waitlisted.code })).status,
    ).toBe(404);
  });

  it("asks a CSAT session for 1–5 and refuses 0 and 6 with a field message, keeping the comment", async () => {
    const { code, session } = await registration({ startsInMinutes: -90 });
    const page = await invoke(loader, buildRequest(`/feedback/${code}`), { code });
    expect(page.body).toMatchObject({ kind: "CSAT", question: { legend: "How satisfied are you with this session?" } });
    expect((page.body as { question: { choices: { value: number }[] } }).question.choices.map((choice) => choice.value)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    for (const score of ["0", "6"]) {
      const refused = await post(code, { score, comment: "Kept for the retry" });
      expect(refused.status).toBe(400);
      const { result } = refused.body as FormBody;
      expect(result.error?.score).toEqual(["Choose a rating from 1 to 5"]);
      expect(result.initialValue).toMatchObject({ score, comment: "Kept for the retry" });
    }
    expect(await prisma.sessionFeedback.count({ where: { sessionId: session.id } })).toBe(0);
    expect((await post(code, { score: "1" })).status).toBe(200);
    expect(await prisma.sessionFeedback.findFirstOrThrow({ where: { sessionId: session.id } })).toMatchObject({ kind: "CSAT", score: 1 });
  });
});

describe("NPS feedback", () => {
  it("asks how likely people are to recommend the session, from 0 to 10", async () => {
    const { code } = await registration({ startsInMinutes: -90, feedbackKind: "NPS" });
    const page = await invoke(loader, buildRequest(`/feedback/${code}`), { code });
    expect(page.status).toBe(200);
    const body = page.body as { kind: string; question: { legend: string; choices: { value: number; label: string }[] } };
    expect(body.kind).toBe("NPS");
    expect(body.question.legend).toBe("How likely are you to recommend Forecasting basics to a colleague?");
    expect(body.question.choices.map((choice) => choice.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(body.question.choices[0]!.label).toBe("Not at all likely");
    expect(body.question.choices[10]!.label).toBe("Extremely likely");
  });

  it("stores 0 and 10 as NPS with the comment optional, and records kind and score on the engagement event", async () => {
    const { code, session, account } = await registration({ startsInMinutes: -90, feedbackKind: "NPS" });
    expect((await post(code, { score: "0", comment: "Not for us" })).status).toBe(200);
    expect(await prisma.sessionFeedback.findFirstOrThrow({ where: { sessionId: session.id } })).toMatchObject({
      kind: "NPS",
      score: 0,
      comment: "Not for us",
    });
    const [event] = await prisma.engagementEvent.findMany({ where: { accountId: account.id, kind: "session.feedback_given" } });
    expect(event).toMatchObject({ subjectId: session.id, value: 0 });
    expect(JSON.parse(event!.data!)).toEqual({ feedbackKind: "NPS", score: 0 });

    const other = await registration({ startsInMinutes: -90, feedbackKind: "NPS" });
    expect((await post(other.code, { score: "10" })).status).toBe(200);
    expect(await prisma.sessionFeedback.findFirstOrThrow({ where: { sessionId: other.session.id } })).toMatchObject({
      kind: "NPS",
      score: 10,
      comment: null,
    });
  });

  it.each(["11", "-1", "7.5", ""])("refuses %j with 400 and a field message, keeping the comment", async (score) => {
    const { code, session } = await registration({ startsInMinutes: -90, feedbackKind: "NPS" });
    const refused = await post(code, { score, comment: "Great host, slow demo" });
    expect(refused.status).toBe(400);
    const { result } = refused.body as FormBody;
    expect(result.error?.score).toEqual(["Choose a rating from 0 to 10"]);
    expect(result.initialValue).toMatchObject({ comment: "Great host, slow demo" });
    expect(await prisma.sessionFeedback.count({ where: { sessionId: session.id } })).toBe(0);
    expect(await prisma.engagementEvent.count({ where: { subjectId: session.id, kind: "session.feedback_given" } })).toBe(0);
  });

  it("takes the kind from the session, never from the form", async () => {
    const nps = await registration({ startsInMinutes: -90, feedbackKind: "NPS" });
    expect((await post(nps.code, { score: "3", kind: "CSAT" })).status).toBe(200);
    expect((await prisma.sessionFeedback.findFirstOrThrow({ where: { sessionId: nps.session.id } })).kind).toBe("NPS");

    const csat = await registration({ startsInMinutes: -90 });
    const refused = await post(csat.code, { score: "9", kind: "NPS" });
    expect(refused.status).toBe(400);
    expect(await prisma.sessionFeedback.count({ where: { sessionId: csat.session.id } })).toBe(0);
  });

  it("re-answers on the session's current scale after the publisher switches it", async () => {
    const { code, session } = await registration({ startsInMinutes: -90 });
    expect((await post(code, { score: "4", comment: "Solid" })).status).toBe(200);
    await prisma.liveSession.update({ where: { id: session.id }, data: { feedbackKind: "NPS" } });
    // The earlier 4 was out of 5: it is not offered as an answer on the 0–10 scale, the comment is.
    const page = await invoke(loader, buildRequest(`/feedback/${code}`), { code });
    expect(page.body).toMatchObject({ kind: "NPS", existing: { score: null, comment: "Solid" } });
    expect((await post(code, { score: "9", comment: "Solid" })).status).toBe(200);
    const rows = await prisma.sessionFeedback.findMany({ where: { sessionId: session.id } });
    expect(rows).toEqual([expect.objectContaining({ kind: "NPS", score: 9, comment: "Solid" })]);
  });

  it("checks the score against the session's kind in the module too", async () => {
    const { code, session } = await registration({ startsInMinutes: -90 });
    const error = await giveFeedback(code, { score: 9, comment: null }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ status: 400, field: "score", message: "Choose a rating from 1 to 5" });
    expect(await prisma.sessionFeedback.count({ where: { sessionId: session.id } })).toBe(0);
  });
});
