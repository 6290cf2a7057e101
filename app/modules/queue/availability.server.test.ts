import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "#test/factories.ts";
import { DomainError } from "~/modules/auth/errors.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { prisma } from "~/utils/db.server.ts";
import { addTimeOff, getMyAvailability, saveOverride, saveWeeklyHours } from "./availability.server.ts";
import { defaultWeeklyHours } from "./availability-form.ts";

// A fixed clock before New York's 2026 clock changes (8 March forward, 1 November back).
const JANUARY = new Date("2026-01-15T12:00:00Z");
let csm: Actor;

beforeAll(async () => {
  const user = await createUser({ role: "CSM", timeZone: "Asia/Tokyo" });
  csm = { id: user.id, role: user.role, accountId: null };
  await saveWeeklyHours(csm, {
    timeZone: "America/New_York",
    weeklyHours: defaultWeeklyHours(),
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 240,
    maxHoursPerDay: 4,
    horizonDays: 30,
    inPool: true,
  });
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("addTimeOff in the CSM's availability zone (not their profile's)", () => {
  it("starts 01:30 on 1 Nov 2026 at the first occurrence (EDT) and ends 01:30 at the second (EST)", async () => {
    const added = await addTimeOff(csm, { startsAt: "2026-11-01T01:30", endsAt: "2026-11-01T03:00", reason: "" }, {}, JANUARY);
    expect([added.startsAt.toISOString(), added.endsAt.toISOString(), added.ambiguous]).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T08:00:00.000Z",
      true,
    ]);
    const end = await addTimeOff(csm, { startsAt: "2026-10-31T22:00", endsAt: "2026-11-01T01:30", reason: "" }, {}, JANUARY);
    expect(end.endsAt.toISOString()).toBe("2026-11-01T06:30:00.000Z");
  });

  it("refuses 02:30 on 8 Mar 2026, which New York skips, naming the field and a time that exists", async () => {
    const error = await refusal(addTimeOff(csm, { startsAt: "2026-03-07T18:00", endsAt: "2026-03-08T02:30", reason: "" }, {}, JANUARY));
    expect([error.status, error.field, error.message]).toEqual([
      400,
      "endsAt",
      "2026-03-08 02:30 does not exist in America/New York: the clocks skip that hour when summer time starts. Choose 03:30 or another time.",
    ]);
    expect(await prisma.timeOff.count({ where: { userId: csm.id, startsAt: new Date("2026-03-07T23:00:00Z") } })).toBe(0);
  });

  it("refuses more than a year at once", async () => {
    const error = await refusal(addTimeOff(csm, { startsAt: "2026-02-01T09:00", endsAt: "2027-03-01T09:00", reason: "" }, {}, JANUARY));
    expect(error.message).toBe("Enter at most 366 days at a time");
  });
});

describe("getMyAvailability", () => {
  it("lists overrides from today in the CSM's zone and time off that has not ended", async () => {
    // 04:30 UTC on 20 January is still 19 January in New York.
    const now = new Date("2026-01-20T04:30:00Z");
    await saveOverride(csm, { date: "2026-01-19", dayOff: true, ranges: [], note: "Today there" }, {}, now);
    await expect(saveOverride(csm, { date: "2026-01-18", dayOff: true, ranges: [], note: "" }, {}, now)).rejects.toThrow(/has passed/);
    const view = await getMyAvailability(csm, {}, now);
    expect(view.today).toBe("2026-01-19");
    expect(view.overrides.map((row) => [row.date, row.ranges, row.note])).toEqual([["2026-01-19", [], "Today there"]]);
    expect(view.timeOff.map((row) => row.endsAt.toISOString())).toEqual(["2026-11-01T06:30:00.000Z", "2026-11-01T08:00:00.000Z"]);
    expect((await getMyAvailability(csm, {}, new Date("2026-11-01T07:00:00Z"))).timeOff).toHaveLength(1);
  });
});
