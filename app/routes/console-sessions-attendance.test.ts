import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as attendanceAction, loader as attendanceLoader } from "./_app.console.sessions.$sessionId_.attendance.tsx";
import { action as replayAction, loader as replayLoader } from "./_app.console.sessions.$sessionId_.replay.tsx";

const HOUR = 60 * 60 * 1000;

let cookies: Record<"publisher" | "admin" | "host" | "csm" | "customer", string>;
let hostId: string;
let accountId: string;

beforeAll(async () => {
  const publisher = await createUser({ role: "PUBLISHER" });
  const admin = await createUser({ role: "ADMIN" });
  const host = await createUser({ role: "CSM" });
  const csm = await createUser({ role: "CSM" });
  accountId = (await createAccount({ domains: ["routes-attendance.example"] })).id;
  const customer = await createUser({ role: "ACCOUNT_ADMIN", accountId, email: "boss@routes-attendance.example" });
  hostId = host.id;
  cookies = {
    publisher: await sessionCookieFor(publisher.id),
    admin: await sessionCookieFor(admin.id),
    host: await sessionCookieFor(host.id),
    csm: await sessionCookieFor(csm.id),
    customer: await sessionCookieFor(customer.id),
  };
});

// Routes read the real clock, so sessions are placed relative to it.
function createSession(data: Partial<Prisma.LiveSessionUncheckedCreateInput> = {}) {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title: "Routes webinar",
      startsAt: new Date(Date.now() - 2 * HOUR),
      durationMinutes: 60,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/routes",
      hosts: { create: [{ userId: hostId }] },
      ...data,
    },
  });
}

function upload(sessionId: string, cookie: string, file: File | null, markRestNoShow = false) {
  const form = new FormData();
  if (file) form.set("file", file);
  if (markRestNoShow) form.set("markRestNoShow", "on");
  return invoke(attendanceAction, buildRequest(`/console/sessions/${sessionId}/attendance`, { cookie, form }), { sessionId });
}

const csvFile = (text: string, name = "participants.csv") => new File([text], name, { type: "text/csv" });
const errorsOf = (body: unknown) => (body as { result: { error?: Record<string, string[]> } }).result.error;

describe("/console/sessions/:id/attendance", () => {
  it("lets publishers, admins and the session's hosts in; other staff get 403 and customers 403", async () => {
    const session = await createSession();
    const get = (cookie: string) =>
      invoke(attendanceLoader, buildRequest(`/console/sessions/${session.id}/attendance`, { cookie }), { sessionId: session.id });
    for (const who of ["publisher", "admin", "host"] as const) expect((await get(cookies[who])).status, who).toBe(200);
    expect((await get(cookies.csm)).status).toBe(403);
    expect((await get(cookies.customer)).status).toBe(403);
    const anonymous = await get("");
    expect(anonymous.status).toBe(302);
    const missing = await invoke(attendanceLoader, buildRequest("/console/sessions/nope/attendance", { cookie: cookies.publisher }), {
      sessionId: "nope",
    });
    expect(missing.status).toBe(404);

    const file = csvFile("Email,Duration\nx@routes-attendance.example,5\n");
    expect((await upload(session.id, cookies.csm, file)).status).toBe(403);
    expect((await upload(session.id, cookies.customer, file)).status).toBe(403);
  });

  it("imports a report and returns the summary", async () => {
    const session = await createSession();
    const came = await createUser({ role: "MEMBER", accountId, email: "came@routes-attendance.example" });
    const missing = await createUser({ role: "MEMBER", accountId, email: "missing@routes-attendance.example" });
    for (const [index, user] of [came, missing].entries()) {
      await prisma.registration.create({
        data: { sessionId: session.id, userId: user.id, accountId, status: "CONFIRMED", joinCode: `route-${index}-${session.id}` },
      });
    }
    const csv = "Name,User Email,Duration (Minutes)\nCame,came@routes-attendance.example,40\nWalk-in,walkin@else.example,12\nPhone,,30\n";
    const response = await upload(session.id, cookies.host, csvFile(csv), true);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body as { done: string; summary: Record<string, unknown> };
    expect(body.summary).toMatchObject({
      totalRows: 3,
      skippedRows: 1,
      markedNoShow: 1,
      matched: [expect.objectContaining({ email: "came@routes-attendance.example", minutes: 40 })],
      notRegistered: [{ email: "walkin@else.example", minutes: 12 }],
    });
    const rows = await prisma.registration.findMany({ where: { sessionId: session.id }, select: { userId: true, attendance: true } });
    expect(Object.fromEntries(rows.map((row) => [row.userId, row.attendance]))).toEqual({ [came.id]: "ATTENDED", [missing.id]: "NO_SHOW" });
  });

  it("answers 400 with a field error for a missing, wrong, oversized or unusable file, and 409 before the start", async () => {
    const session = await createSession();
    const cases: [File | null, RegExp][] = [
      [null, /choose the participant report/i],
      [csvFile("Email\nx@y.example\n", "report.xlsx"), /\.csv/],
      [csvFile(`Email,Duration\n${"x".repeat(2 * 1024 * 1024)}\n`), /2 MB/],
      [csvFile("Name,Duration\nAda,3\n"), /no email column/i],
    ];
    for (const [file, message] of cases) {
      const response = await upload(session.id, cookies.publisher, file);
      expect(response.status).toBe(400);
      expect(errorsOf(response.body)?.file?.[0]).toMatch(message);
    }
    const future = await createSession({ startsAt: new Date(Date.now() + HOUR) });
    const early = await upload(future.id, cookies.publisher, csvFile("Email\nx@y.example\n"));
    expect(early.status).toBe(409);
  });
});

describe("/console/sessions/:id/replay", () => {
  const post = (sessionId: string, cookie: string, replayUrl: string) =>
    invoke(replayAction, buildRequest(`/console/sessions/${sessionId}/replay`, { cookie, form: { replayUrl } }), { sessionId });

  it("is for publishers and admins: hosts, CSMs and customers get 403", async () => {
    const session = await createSession();
    const get = (cookie: string) =>
      invoke(replayLoader, buildRequest(`/console/sessions/${session.id}/replay`, { cookie }), { sessionId: session.id });
    expect((await get(cookies.publisher)).status).toBe(200);
    expect((await get(cookies.admin)).status).toBe(200);
    for (const who of ["host", "csm", "customer"] as const) {
      expect((await get(cookies[who])).status, who).toBe(403);
      expect((await post(session.id, cookies[who], "https://v.example/1")).status, who).toBe(403);
    }
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id: session.id } })).replayUrl).toBeNull();
  });

  it("saves an https URL, removes it when empty, and answers 400 for other URLs and 409 before the start", async () => {
    const session = await createSession();
    const saved = await post(session.id, cookies.publisher, "https://videos.example/replay/42");
    expect(saved.status).toBe(200);
    expect((saved.body as { done: string }).done).toMatch(/saved/i);
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id: session.id } })).replayUrl).toBe("https://videos.example/replay/42");

    const bad = await post(session.id, cookies.publisher, "http://videos.example/replay/42");
    expect(bad.status).toBe(400);
    expect(errorsOf(bad.body)?.replayUrl?.[0]).toMatch(/https/);
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id: session.id } })).replayUrl).toBe("https://videos.example/replay/42");

    const removed = await post(session.id, cookies.admin, "");
    expect(removed.status).toBe(200);
    expect((await prisma.liveSession.findUniqueOrThrow({ where: { id: session.id } })).replayUrl).toBeNull();

    const future = await createSession({ startsAt: new Date(Date.now() + HOUR) });
    expect((await post(future.id, cookies.publisher, "https://videos.example/replay/43")).status).toBe(409);
    expect((await post("nope", cookies.publisher, "https://videos.example/replay/43")).status).toBe(404);
  });
});
