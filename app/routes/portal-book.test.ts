import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createTierPolicies, createUser } from "#test/factories.ts";
import { buildRequest, invoke, sessionCookieFor } from "#test/request.ts";
import { prisma } from "~/utils/db.server.ts";
import { action, loader } from "./_app.portal.book.tsx";

type Reply = {
  step: string;
  purpose?: string;
  errors?: Record<string, string[]>;
  days?: { label: string; slots: { value: string; label: string }[] }[];
  suggestions?: { slug: string }[];
  when?: string;
  csmName?: string;
};

const FULL_DAY = [{ start: "00:00", end: "24:00" }];
const WEEK = JSON.stringify({ mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: FULL_DAY, sat: FULL_DAY, sun: FULL_DAY });
let csmId: string;

async function customer() {
  const account = await createAccount({ tier: "LOW" });
  const member = await createUser({ role: "MEMBER", accountId: account.id, timeZone: "Asia/Kolkata" });
  return { accountId: account.id, cookie: await sessionCookieFor(member.id) };
}

const post = async (cookie: string, form: Record<string, string>) => {
  const response = await invoke(action, buildRequest("/portal/book", { cookie, form }));
  return { status: response.status, body: response.body as Reply };
};

beforeAll(async () => {
  await createTierPolicies();
  csmId = (await createUser({ role: "CSM", name: "Casey Morgan" })).id;
  await prisma.csmAvailability.create({
    data: { userId: csmId, timeZone: "UTC", weeklyHours: WEEK, minimumNoticeMinutes: 0, bufferAfterMinutes: 0, maxHoursPerDay: 24 },
  });
});

describe("booking an hour from the portal", () => {
  it("routes a support question to the library without drawing an hour", async () => {
    const { accountId, cookie } = await customer();
    const reply = await post(cookie, { purpose: "I forgot my password and I am locked out" });
    expect(reply.status).toBe(200);
    expect(reply.body.step).toBe("support");
    expect(Array.isArray(reply.body.suggestions)).toBe(true);
    expect(await prisma.engagementEvent.count({ where: { kind: "csm_hour.routed_to_support", accountId } })).toBe(1);
    expect(await prisma.csmBooking.count({ where: { accountId } })).toBe(0);
    // "It needs a CSM after all" goes on to the times.
    expect((await post(cookie, { purpose: "I forgot my password and I am locked out", csm: "yes" })).body.step).toBe("time");
  });

  it("lists free times in the customer's zone, books one, and answers 409 with fresh times when it was taken", async () => {
    const first = await customer();
    const page = await invoke(loader, buildRequest("/portal/book", { cookie: first.cookie }));
    expect(page.body).toMatchObject({ hours: { personalCsm: false, left: 4, granted: 4 } });

    const times = await post(first.cookie, { purpose: "Our goal is to roll out to two more teams next quarter" });
    expect(times.body.step).toBe("time");
    const slot = times.body.days![0]!.slots[0]!;
    // Kolkata is UTC+5:30 and the CSM starts on the hour in UTC: the label shows the half hour.
    expect(slot.label).toMatch(/:30/);

    const booked = await post(first.cookie, { intent: "book", purpose: "Our goal is to roll out to two more teams", startsAt: slot.value });
    expect(booked.body).toMatchObject({ step: "booked", csmName: "Casey Morgan" });
    const booking = await prisma.csmBooking.findFirstOrThrow({ where: { accountId: first.accountId } });
    expect(booking.startsAt.toISOString()).toBe(slot.value);
    expect(await prisma.hourBalance.findFirstOrThrow({ where: { accountId: first.accountId } })).toMatchObject({ used: 1 });

    const second = await customer();
    const taken = await post(second.cookie, { intent: "book", purpose: "Plan our rollout across the company", startsAt: slot.value });
    expect(taken.status).toBe(409);
    expect(taken.body.errors?.startsAt?.[0]).toMatch(/just taken/);
    expect(taken.body.days!.flatMap((day) => day.slots.map((s) => s.value))).not.toContain(slot.value);
    expect(await prisma.csmBooking.count({ where: { accountId: second.accountId } })).toBe(0);
  });

  it("answers bad input with 400 and field messages, and keeps staff out", async () => {
    const { cookie } = await customer();
    const short = await post(cookie, { purpose: "help" });
    expect(short.status).toBe(400);
    expect(short.body.errors?.purpose?.[0]).toMatch(/a little more/);
    const badTime = await post(cookie, { intent: "book", purpose: "Plan our rollout across the company", startsAt: "tomorrow" });
    expect(badTime.status).toBe(400);
    expect(badTime.body.errors?.startsAt?.[0]).toMatch(/Choose one of the times/);
    const staff = await sessionCookieFor(csmId);
    const refused = await invoke(
      action,
      buildRequest("/portal/book", { cookie: staff, form: { purpose: "Plan our rollout across the company" } }),
    );
    expect(refused.status).toBe(403);
  });
});
