import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "#test/factories.ts";
import { csmHourOffering } from "#test/ledger-factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { attendExpertSession, createExpertSession, createScoredAccount } from "#test/signal-factories.ts";
import { DIGEST_TICK_JOB_KIND, registerSignalJobs } from "~/modules/engagement/digest.server.ts";
import { digestIdempotencyKey } from "~/modules/engagement/digest.ts";
import { inviteAccountToNextExpertSession } from "~/modules/engagement/signal-invite.server.ts";
import { EMAIL_JOB_KIND } from "~/modules/email/send-email.server.ts";
import { getJobHandler } from "~/modules/jobs/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./_app.console.signals.tsx";
import { loader as exportLoader } from "./console.signals.export.$list.tsx";

// Monday 7 March 2033, 08:30 UTC: 09:30 in Paris (the week's digest is due), 03:30 in New York (not yet).
// Far enough ahead that no other test's sessions or accounts are "upcoming" or "renewing" here.
const NOW = new Date("2033-03-07T08:30:00Z");
const DAY_MS = 86_400_000;

type Page = Awaited<ReturnType<typeof loader>>;
type EmailJob = { key: string | null; template: string; to: string; props: Record<string, unknown> };

async function emailJobs(template: string, to: string[]): Promise<EmailJob[]> {
  const jobs = await prisma.job.findMany({ where: { kind: EMAIL_JOB_KIND }, orderBy: { createdAt: "asc" } });
  return jobs
    .map((job) => ({ key: job.idempotencyKey, ...(JSON.parse(job.payload) as Omit<EmailJob, "key">) }))
    .filter((email) => email.template === template && to.includes(email.to));
}

let csmA: { id: string; cookie: string; name: string };
let csmB: { id: string; cookie: string };
let adminCookie: string;
let publisherCookie: string;
let riskyA: Awaited<ReturnType<typeof createScoredAccount>>;
let riskyB: Awaited<ReturnType<typeof createScoredAccount>>;
let expanding: Awaited<ReturnType<typeof createScoredAccount>>;
let session: { id: string; title: string };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const a = await createUser({ role: "CSM", name: "Casey Morgan", timeZone: "Europe/Paris", locale: "en-GB" });
  const b = await createUser({ role: "CSM", name: "Robin Vance", timeZone: "America/New_York" });
  csmA = { id: a.id, name: a.name, cookie: await sessionCookieFor(a.id) };
  csmB = { id: b.id, cookie: await sessionCookieFor(b.id) };
  adminCookie = await sessionCookieFor((await createUser({ role: "ADMIN" })).id);
  publisherCookie = await sessionCookieFor((await createUser({ role: "PUBLISHER" })).id);

  riskyA = await createScoredAccount({
    now: NOW,
    ownerCsmId: csmA.id,
    name: "Aurora Freight",
    arrCents: 4_800_000,
    renewsInDays: 37,
    score: 48,
    health: "YELLOW",
    history: [
      { daysAgo: 14, score: 70, health: "GREEN" },
      { daysAgo: 7, score: 66, health: "GREEN" },
    ],
    people: 3,
  });
  await prisma.user.update({ where: { id: riskyA.people[2]!.id }, data: { deactivatedAt: NOW } });
  riskyB = await createScoredAccount({
    now: NOW,
    ownerCsmId: csmB.id,
    name: "Borealis Labs",
    arrCents: 1_200_000,
    renewsInDays: 20,
    score: 15,
    health: "RED",
    reasons: ["no activity in 41 days"],
  });
  expanding = await createScoredAccount({
    now: NOW,
    ownerCsmId: csmA.id,
    name: "Cobalt Works",
    renewsInDays: 200,
    score: 95,
    health: "GREEN",
  });
  await attendExpertSession(expanding.people[0]!.id, expanding.account.id, new Date(NOW.getTime() - 20 * DAY_MS), "Rollout clinic");
  // The next expert session open to LOW accounts; a sooner one for HIGH only and a draft must be passed over.
  await createExpertSession({ startsAt: new Date(NOW.getTime() + 2 * DAY_MS), audienceTiers: "HIGH", title: "High only" });
  await createExpertSession({ startsAt: new Date(NOW.getTime() + 3 * DAY_MS), status: "DRAFT", title: "Draft" });
  session = await createExpertSession({
    startsAt: new Date(NOW.getTime() + 4 * DAY_MS + 7 * 3_600_000),
    audienceTiers: "LOW,TECH",
    title: "Renewal readiness clinic",
  });
});

afterAll(() => {
  vi.useRealTimers();
});

describe("the signals page", () => {
  it("shows a CSM only their own accounts, with the reasons and the invitation", async () => {
    const { body, status } = await invoke(loader, buildRequest(`/console/signals?csm=${csmB.id}`, { cookie: csmA.cookie }));
    expect(status).toBe(200);
    const page = body as Page;
    expect(page.atRisk.map((row) => row.name)).toEqual(["Aurora Freight"]);
    expect(page.atRisk[0]!.reasons).toEqual(["Score fell 22 points since 21 Feb", "Renews in 37 days, US$48,000 ARR"]);
    expect(page.atRisk[0]!.invitedText).toBeNull();
    expect(page.atRisk[0]!.nextSession).toEqual({ id: session.id, title: "Renewal readiness clinic", when: "11 Mar 2033, 16:30 CET" });
    expect(page.readyToExpand.map((row) => row.name)).toEqual(["Cobalt Works"]);
    expect(page.everyone).toBe(false);
    expect(page.canSendDigests).toBe(false);
  });

  it("shows the one-to-many team every account, and admins one CSM's with ?csm=", async () => {
    const all = (await invoke(loader, buildRequest("/console/signals", { cookie: publisherCookie }))).body as Page;
    const names = all.atRisk.map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(["Aurora Freight", "Borealis Labs"]));
    expect(names.indexOf("Aurora Freight")).toBeLessThan(names.indexOf("Borealis Labs")); // US$48,000 before US$12,000: sorted by ARR, not by renewal
    const one = (await invoke(loader, buildRequest(`/console/signals?csm=${csmB.id}`, { cookie: adminCookie }))).body as Page;
    expect(one.atRisk.map((row) => [row.name, row.reasons[0]])).toEqual([["Borealis Labs", "Red: no activity in 41 days"]]);
    expect(one.canSendDigests).toBe(true);
  });

  it("exports each list as CSV, scoped like the page", async () => {
    const result = await invoke(exportLoader, buildRequest("/console/signals/export/at-risk", { cookie: csmA.cookie }), {
      list: "at-risk",
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Disposition")).toBe('attachment; filename="signals-at-risk-2033-03-07.csv"');
    const rows = Papa.parse<string[]>(String(result.body).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(["Account", "Tier", "Health", "Score", "ARR", "Currency", "Renewal date", "Days to renewal", "CSM", "Reasons"]);
    expect(rows.slice(1)).toEqual([
      [
        "Aurora Freight",
        "Low touch",
        "Yellow",
        "48",
        "48000",
        "USD",
        "2033-04-13",
        "37",
        "Casey Morgan",
        "Score fell 22 points since 21 Feb; Renews in 37 days, US$48,000 ARR",
      ],
    ]);
    const missing = await invoke(exportLoader, buildRequest("/console/signals/export/nope", { cookie: csmA.cookie }), { list: "nope" });
    expect(missing.status).toBe(404);
  });
});

describe("the one-click invitation", () => {
  it("queues one invitation per active person, notes it on the account, and a second click sends nobody twice", async () => {
    const post = () =>
      invoke(action, buildRequest("/console/signals", { cookie: csmA.cookie, form: { intent: "invite", accountId: riskyA.account.id } }));
    const first = await post();
    expect(first.status).toBe(200);
    expect((first.body as { done: string }).done).toBe(
      "Invited 2 people at Aurora Freight to Renewal readiness clinic (11 Mar 2033, 16:30 CET). The note is on the account's timeline.",
    );
    const active = riskyA.people.slice(0, 2);
    const emails = await emailJobs(
      "session-invitation",
      riskyA.people.map((person) => person.email),
    );
    expect(emails.map((email) => email.to).sort()).toEqual(active.map((person) => person.email).sort());
    expect(emails.map((email) => email.key).sort()).toEqual(
      active.map((person) => `email:session-invitation:${session.id}:${person.id}`).sort(),
    );
    expect(emails[0]!.props).toMatchObject({
      invitedBy: "Casey Morgan",
      sessionUrl: `http://localhost:3000/portal/sessions/${session.id}`,
      session: { title: "Renewal readiness clinic", when: "11 Mar 2033, 16:30 CET" },
    });
    const notes = await prisma.accountNote.findMany({ where: { accountId: riskyA.account.id }, select: { body: true, authorId: true } });
    expect(notes).toEqual([
      { authorId: csmA.id, body: "Invited 2 people to Renewal readiness clinic (11 Mar 2033, 16:30 CET) by Casey Morgan." },
    ]);

    const page = (await invoke(loader, buildRequest("/console/signals", { cookie: csmA.cookie }))).body as Page;
    expect(page.atRisk.find((row) => row.id === riskyA.account.id)?.invitedText).toBe("2 people invited on 7 Mar 2033, 09:30 CET");

    const second = await post();
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain("Already invited on 7 Mar 2033, 09:30 CET");
    expect(
      await emailJobs(
        "session-invitation",
        riskyA.people.map((person) => person.email),
      ),
    ).toHaveLength(2);
    expect(await prisma.accountNote.count({ where: { accountId: riskyA.account.id } })).toBe(1);
  });

  it("refuses another CSM's account with a 404 and queues nothing", async () => {
    const result = await invoke(
      action,
      buildRequest("/console/signals", { cookie: csmA.cookie, form: { intent: "invite", accountId: riskyB.account.id } }),
    );
    expect(result.status).toBe(404);
    expect(
      await emailJobs(
        "session-invitation",
        riskyB.people.map((person) => person.email),
      ),
    ).toEqual([]);
  });

  it("says so when no expert session is open to the account's tier", async () => {
    const high = await createScoredAccount({ now: NOW, ownerCsmId: null, tier: "TECH", renewsInDays: 10, score: 10, health: "RED" });
    const later = new Date("2090-01-01T00:00:00Z");
    const admin = await prisma.user.findFirstOrThrow({ where: { role: "ADMIN" }, select: { id: true } });
    const viewer = { id: admin.id, role: "ADMIN" as const, accountId: null, name: "Ada Admin", timeZone: "UTC", locale: "en-US" };
    await expect(inviteAccountToNextExpertSession(viewer, high.account.id, later)).rejects.toMatchObject({
      status: 409,
      message:
        "No upcoming expert session is open to tech touch accounts, so nobody was invited. Ask the one-to-many team to schedule one.",
    });
    expect(
      await emailJobs(
        "session-invitation",
        high.people.map((person) => person.email),
      ),
    ).toEqual([]);
  });

  it("answers 400 for a missing account", async () => {
    const result = await invoke(action, buildRequest("/console/signals", { cookie: csmA.cookie, form: { intent: "invite" } }));
    expect(result.status).toBe(400);
  });
});

describe("the weekly digest", () => {
  it("queues one digest per due CSM once per ISO week, from the hourly tick", async () => {
    const offering = await csmHourOffering();
    await prisma.csmBooking.create({
      data: {
        offeringId: offering.id,
        csmId: csmA.id,
        accountId: riskyA.account.id,
        bookedById: riskyA.people[0]!.id,
        startsAt: new Date(NOW.getTime() + 2 * DAY_MS),
        endsAt: new Date(NOW.getTime() + 2 * DAY_MS + 3_600_000),
        timeZone: "UTC",
        purpose: "Renewal planning",
        createdAt: new Date(NOW.getTime() - DAY_MS),
      },
    });
    const unregister = registerSignalJobs(() => NOW);
    try {
      const tick = getJobHandler(DIGEST_TICK_JOB_KIND)!;
      await tick({}, { id: "tick-1", kind: DIGEST_TICK_JOB_KIND, attempts: 1, idempotencyKey: null });
      await tick({}, { id: "tick-2", kind: DIGEST_TICK_JOB_KIND, attempts: 1, idempotencyKey: null });
    } finally {
      unregister();
    }
    const [digest, ...more] = await emailJobs("csm-weekly-digest", await emails([csmA.id, csmB.id]));
    expect(more).toEqual([]); // Casey once; Robin's Monday 08:00 has not come in New York
    expect(digest!.key).toBe(digestIdempotencyKey(csmA.id, "2033-W10"));
    const props = digest!.props as Record<string, unknown>;
    expect(props.newlyAtRisk).toEqual([
      {
        name: "Aurora Freight",
        url: `http://localhost:3000/console/accounts/${riskyA.account.id}`,
        detail: "Score fell 22 points since 21 Feb; Renews in 37 days, US$48,000 ARR",
      },
    ]);
    expect(props.healthChanges).toEqual([expect.objectContaining({ name: "Aurora Freight", detail: "Green → Yellow" })]);
    expect(props.readyToExpand).toEqual([expect.objectContaining({ name: "Cobalt Works" })]);
    expect(props.hoursBooked).toEqual({ count: 1, accounts: 1 });
    expect(props.signalsUrl).toBe("http://localhost:3000/console/signals");
    const nextTick = await prisma.job.findUnique({ where: { idempotencyKey: `${DIGEST_TICK_JOB_KIND}:2033-03-07T09:00:00.000Z` } });
    expect(nextTick?.runAt.toISOString()).toBe("2033-03-07T09:00:00.000Z");
  });

  it("lets an admin send the rest now, and a second press sends nobody twice", async () => {
    const send = (cookie: string) => invoke(action, buildRequest("/console/signals", { cookie, form: { intent: "send-digests" } }));
    expect((await send(csmA.cookie)).status).toBe(403);
    const first = await send(adminCookie);
    expect(first.status).toBe(200);
    expect((first.body as { done: string }).done).toMatch(/^Queued \d+ weekly digests?\./);
    const robin = await emails([csmB.id]);
    expect(await emailJobs("csm-weekly-digest", robin)).toHaveLength(1);
    await send(adminCookie);
    expect(await emailJobs("csm-weekly-digest", [...robin, ...(await emails([csmA.id]))])).toHaveLength(2);
  });
});

async function emails(userIds: string[]) {
  return (await prisma.user.findMany({ where: { id: { in: userIds } }, select: { email: true } })).map((user) => user.email);
}
