import { beforeAll, describe, expect, test } from "vitest";
import { createAccount, createUser } from "#test/factories.ts";
import { createScore } from "#test/engagement-factories.ts";
import { createBooking } from "#test/ledger-factories.ts";
import { prisma } from "~/utils/db.server.ts";
import { dueAtFor } from "./due-times.ts";
import type { SegmentCondition, SegmentRules } from "./segment-rules.ts";
import { countSegment, sampleSegment } from "./segments.server.ts";
import { snapshotRecipients } from "./snapshot.server.ts";

// One small world, every contact named, so each condition's expected audience is written out in full.
//   A (Tech, Starter, $12,000, renews in 30 days, score 30 red):  A1 member (New York), A2 admin (Tokyo)
//   B (Low, Growth, $40,000, renews in 200 days, score 70 green): B1 member (Paris)
//   C (High, Enterprise, $300,000, no renewal date, not scored):  C1 member (UTC)
//   E (Low, Growth, $20,000, renews in 400 days, not scored):     E1 opted out of all newsletters, E2 suppressed
// Never in any audience: D1 (deactivated), a publisher.

const now = new Date(Date.UTC(2026, 10, 20, 12));
const DAY_MS = 86_400_000;
const daysFromNow = (n: number) => new Date(now.getTime() + n * DAY_MS);
const EVERYONE = ["A1", "A2", "B1", "C1", "E1", "E2"];

let topicId = "";
let optInTopicId = "";
let onboardingSessionId = "";
let apiSessionId = "";

async function session(title: string, topic: string, startsAt: Date) {
  return prisma.liveSession.create({
    data: {
      kind: "WEBINAR",
      status: "PUBLISHED",
      title,
      startsAt,
      durationMinutes: 45,
      timeZone: "UTC",
      meetingUrl: "https://meet.example/segments",
      topics: { create: [{ topic }] },
    },
  });
}

async function register(sessionId: string, userId: string, accountId: string, attendance: "ATTENDED" | "NO_SHOW") {
  await prisma.registration.create({
    data: { sessionId, userId, accountId, status: "CONFIRMED", attendance, joinCode: `seg-${sessionId}-${userId}` },
  });
}

beforeAll(async () => {
  const account = (name: string, fields: Parameters<typeof createAccount>[0]) => createAccount({ name, currency: "USD", ...fields });
  const a = await account("A", { tier: "TECH", plan: "Starter", arrCents: 1_200_000, renewalDate: daysFromNow(30) });
  const b = await account("B", { tier: "LOW", plan: "Growth", arrCents: 4_000_000, renewalDate: daysFromNow(200) });
  const c = await account("C", { tier: "HIGH", plan: "Enterprise", arrCents: 30_000_000, renewalDate: null });
  const e = await account("E", { tier: "LOW", plan: "Growth", arrCents: 2_000_000, renewalDate: daysFromNow(400) });
  await createScore(a.id, 30, "RED", now);
  await createScore(b.id, 70, "GREEN", now);

  const person = (name: string, accountId: string, timeZone = "UTC", role: "MEMBER" | "ACCOUNT_ADMIN" = "MEMBER") =>
    createUser({ role, accountId, name, email: `${name.toLowerCase()}@segments.example`, timeZone });
  const a1 = await person("A1", a.id, "America/New_York");
  await person("A2", a.id, "Asia/Tokyo", "ACCOUNT_ADMIN");
  const b1 = await person("B1", b.id, "Europe/Paris");
  const c1 = await person("C1", c.id);
  const e1 = await person("E1", e.id);
  await person("E2", e.id);
  await createUser({ role: "MEMBER", accountId: a.id, name: "D1", email: "d1@segments.example", deactivatedAt: daysFromNow(-5) });
  const publisher = await createUser({ role: "PUBLISHER", name: "Pat Publisher" });

  const onboarding = await session("Onboarding live", "onboarding", daysFromNow(-20));
  const api = await session("API clinic", "api", daysFromNow(-200));
  onboardingSessionId = onboarding.id;
  apiSessionId = api.id;
  await register(onboarding.id, a1.id, a.id, "ATTENDED");
  await register(onboarding.id, b1.id, b.id, "NO_SHOW");
  await register(api.id, c1.id, c.id, "ATTENDED");

  const csm = await createUser({ role: "CSM", name: "Casey CSM" });
  const booked = await createBooking({ accountId: b.id, csmId: csm.id, bookedById: b1.id, startsAt: daysFromNow(5) });
  await prisma.csmBooking.update({ where: { id: booked.id }, data: { createdAt: daysFromNow(-10) } });
  const cancelled = await createBooking({
    accountId: a.id,
    csmId: csm.id,
    bookedById: a1.id,
    startsAt: daysFromNow(6),
    status: "CANCELLED",
  });
  await prisma.csmBooking.update({ where: { id: cancelled.id }, data: { createdAt: daysFromNow(-3) } });

  const topic = await prisma.newsletterTopic.create({ data: { slug: "seg-updates", name: "Updates", subscribedByDefault: true } });
  const optIn = await prisma.newsletterTopic.create({ data: { slug: "seg-beta", name: "Beta", subscribedByDefault: false } });
  topicId = topic.id;
  optInTopicId = optIn.id;
  await prisma.topicPreference.create({ data: { userId: a1.id, topicId, subscribed: false, source: "ONE_CLICK" } });
  await prisma.topicPreference.create({ data: { userId: b1.id, topicId: optInTopicId, subscribed: true, source: "PREFERENCE_CENTRE" } });
  await prisma.newsletterOptOut.create({ data: { userId: e1.id, source: "PREFERENCE_CENTRE" } });
  await prisma.emailSuppression.create({ data: { email: "e2@segments.example", reason: "BOUNCE" } });
  expect(publisher.accountId).toBeNull();
});

async function audience(rules: SegmentRules, topic?: string) {
  const sample = await sampleSegment({ rules, topicId: topic, now, limit: 50 });
  const count = await countSegment({ rules, topicId: topic, now });
  const names = sample.map((row) => row.name).sort();
  expect(count).toBe(names.length);
  return names;
}

const only = (condition: SegmentCondition) => audience({ match: "all", conditions: [condition] });

describe("each condition selects exactly its contacts", () => {
  test("no conditions: every active customer, never staff or the deactivated", async () => {
    expect(await audience({ match: "all", conditions: [] })).toEqual(EVERYONE);
    expect(await audience({ match: "any", conditions: [] })).toEqual(EVERYONE);
  });

  test("tier and plan, in and not in", async () => {
    expect(await only({ field: "tier", op: "in", values: ["TECH", "LOW"] })).toEqual(["A1", "A2", "B1", "E1", "E2"]);
    expect(await only({ field: "tier", op: "not_in", values: ["TECH"] })).toEqual(["B1", "C1", "E1", "E2"]);
    expect(await only({ field: "plan", op: "in", values: ["Growth"] })).toEqual(["B1", "E1", "E2"]);
    expect(await only({ field: "plan", op: "not_in", values: ["Growth", "Starter"] })).toEqual(["C1"]);
  });

  test("ARR range in whole dollars, open on either side", async () => {
    expect(await only({ field: "arr", min: 10_000, max: 20_000 })).toEqual(["A1", "A2", "E1", "E2"]);
    expect(await only({ field: "arr", min: 100_000 })).toEqual(["C1"]);
    expect(await only({ field: "arr", max: 12_000 })).toEqual(["A1", "A2"]);
  });

  test("health and engagement score: unscored accounts match neither", async () => {
    expect(await only({ field: "health", values: ["RED"] })).toEqual(["A1", "A2"]);
    expect(await only({ field: "health", values: ["GREEN", "YELLOW"] })).toEqual(["B1"]);
    expect(await only({ field: "engagement_score", min: 50 })).toEqual(["B1"]);
    expect(await only({ field: "engagement_score", min: 30, max: 30 })).toEqual(["A1", "A2"]);
  });

  test("renewal within N days, from now on", async () => {
    expect(await only({ field: "renewal_within", days: 30 })).toEqual(["A1", "A2"]);
    expect(await only({ field: "renewal_within", days: 29 })).toEqual([]);
    expect(await only({ field: "renewal_within", days: 365 })).toEqual(["A1", "A2", "B1"]);
  });

  test("attended or not: a topic, a given session, any session; a no-show is not attendance", async () => {
    expect(await only({ field: "attended", op: "did", topic: "onboarding", days: 90 })).toEqual(["A1"]);
    expect(await only({ field: "attended", op: "did_not", topic: "onboarding", days: 90 })).toEqual(["A2", "B1", "C1", "E1", "E2"]);
    expect(await only({ field: "attended", op: "did", topic: "onboarding", days: 10 })).toEqual([]);
    expect(await only({ field: "attended", op: "did", sessionId: apiSessionId, days: 365 })).toEqual(["C1"]);
    expect(await only({ field: "attended", op: "did", sessionId: onboardingSessionId, days: 365 })).toEqual(["A1"]);
    expect(await only({ field: "attended", op: "did", days: 365 })).toEqual(["A1", "C1"]);
  });

  test("booked a CSM hour or not, for the whole account; cancelled bookings do not count", async () => {
    expect(await only({ field: "booked_hour", op: "did", days: 30 })).toEqual(["B1"]);
    expect(await only({ field: "booked_hour", op: "did", days: 7 })).toEqual([]);
    expect(await only({ field: "booked_hour", op: "did_not", days: 30 })).toEqual(["A1", "A2", "C1", "E1", "E2"]);
  });

  test("role and topic subscription (own choice, else the topic's default)", async () => {
    expect(await only({ field: "role", values: ["ACCOUNT_ADMIN"] })).toEqual(["A2"]);
    expect(await only({ field: "subscribed", op: "is_not", topicId })).toEqual(["A1"]);
    expect(await only({ field: "subscribed", op: "is", topicId: optInTopicId })).toEqual(["B1"]);
    expect(await only({ field: "subscribed", op: "is_not", topicId: optInTopicId })).toEqual(["A1", "A2", "C1", "E1", "E2"]);
  });

  test("match all needs every condition, match any one of them", async () => {
    const conditions: SegmentCondition[] = [
      { field: "health", values: ["RED"] },
      { field: "booked_hour", op: "did", days: 30 },
    ];
    expect(await audience({ match: "all", conditions })).toEqual([]);
    expect(await audience({ match: "any", conditions })).toEqual(["A1", "A2", "B1"]);
    expect(
      await audience({
        match: "all",
        conditions: [
          { field: "tier", op: "in", values: ["TECH"] },
          { field: "role", values: ["MEMBER"] },
        ],
      }),
    ).toEqual(["A1"]);
  });
});

describe("consent", () => {
  test("with a topic, the count is who would receive it: no opted-out, suppressed or unsubscribed people", async () => {
    expect(await audience({ match: "all", conditions: [] }, topicId)).toEqual(["A2", "B1", "C1"]);
    expect(await audience({ match: "all", conditions: [{ field: "tier", op: "in", values: ["TECH"] }] }, topicId)).toEqual(["A2"]);
  });

  test("an opt-in topic reaches only those who opted in", async () => {
    expect(await audience({ match: "all", conditions: [] }, optInTopicId)).toEqual(["B1"]);
  });

  test("the sample carries what the editor shows", async () => {
    const [row] = await sampleSegment({ rules: { match: "all", conditions: [{ field: "role", values: ["ACCOUNT_ADMIN"] }] }, now });
    expect(row).toMatchObject({ name: "A2", email: "a2@segments.example", account: "A", tier: "TECH", health: "RED" });
  });
});

describe("the recipient snapshot", () => {
  test("one pass over rules and consent, each person due at 09:00 in their own zone, and a second call adds nobody", async () => {
    const newsletter = await prisma.newsletter.create({ data: { subject: "Segment test", topicId } });
    const plan = { kind: "LOCAL_HOUR" as const, localDate: "2026-11-22", localHour: 9 };
    const rules: SegmentRules = { match: "all", conditions: [{ field: "tier", op: "in", values: ["TECH", "LOW"] }] };
    const added = await prisma.$transaction((tx) => snapshotRecipients(tx, { newsletterId: newsletter.id, topicId, rules, plan, now }));
    expect(added).toBe(2);
    const rows = await prisma.newsletterRecipient.findMany({
      where: { newsletterId: newsletter.id },
      select: { name: true, email: true, timeZone: true, dueAt: true, status: true },
      orderBy: { name: "asc" },
    });
    expect(rows).toEqual([
      { name: "A2", email: "a2@segments.example", timeZone: "Asia/Tokyo", dueAt: new Date("2026-11-22T00:00:00Z"), status: "PENDING" },
      { name: "B1", email: "b1@segments.example", timeZone: "Europe/Paris", dueAt: new Date("2026-11-22T08:00:00Z"), status: "PENDING" },
    ]);
    expect(rows.map((row) => row.dueAt)).toEqual(rows.map((row) => dueAtFor(plan, row.timeZone, now)));
    const again = await prisma.$transaction((tx) => snapshotRecipients(tx, { newsletterId: newsletter.id, topicId, rules, plan, now }));
    expect(again).toBe(0);
  });

  test("no conditions: everyone consenting to the topic", async () => {
    const newsletter = await prisma.newsletter.create({ data: { subject: "Everyone", topicId: optInTopicId } });
    const added = await prisma.$transaction((tx) =>
      snapshotRecipients(tx, {
        newsletterId: newsletter.id,
        topicId: optInTopicId,
        rules: { match: "all", conditions: [] },
        plan: { kind: "NOW" },
        now,
      }),
    );
    expect(added).toBe(1);
    expect(
      await prisma.newsletterRecipient.findFirst({ where: { newsletterId: newsletter.id }, select: { name: true, dueAt: true } }),
    ).toEqual({
      name: "B1",
      dueAt: now,
    });
  });
});
