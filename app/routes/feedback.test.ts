import { describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./feedback.$code.tsx";

async function registration({
  startsInMinutes,
  status = "CONFIRMED" as const,
}: {
  startsInMinutes: number;
  status?: "CONFIRMED" | "WAITLISTED";
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
});
