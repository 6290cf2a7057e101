import { describe, expect, it } from "vitest";
import { linkExpired, manageState, refundDeadline, refundsOnCancel, reminderStillUseful, reminderTimes } from "./booking-lifecycle.ts";

const HOUR = 60 * 60 * 1000;
// Tuesday 10:00 UTC; the default cut-off puts the refund deadline at Monday 10:00.
const STARTS_AT = new Date("2026-11-24T10:00:00.000Z");
const at = (offsetMs: number) => new Date(STARTS_AT.getTime() + offsetMs);

describe("the refund cut-off", () => {
  it("puts the deadline the cut-off's hours before the start", () => {
    expect(refundDeadline(STARTS_AT, 24).toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(refundDeadline(STARTS_AT, 0)).toEqual(STARTS_AT);
    expect(refundDeadline(STARTS_AT, 48).toISOString()).toBe("2026-11-22T10:00:00.000Z");
  });

  it.each([
    ["a week ahead", -7 * 24 * HOUR, true],
    ["exactly at the deadline", -24 * HOUR, true],
    ["a millisecond after the deadline", -24 * HOUR + 1, false],
    ["an hour before the start", -HOUR, false],
  ])("refunds an hour that drew hours when cancelled %s: %s", (_label, offset, refunded) => {
    expect(refundsOnCancel({ now: at(offset), startsAt: STARTS_AT, refundCutoffHours: 24, drawsHours: true })).toBe(refunded);
  });

  it("never refunds an hour that drew nothing, and a zero cut-off refunds up to the start", () => {
    expect(refundsOnCancel({ now: at(-7 * 24 * HOUR), startsAt: STARTS_AT, refundCutoffHours: 24, drawsHours: false })).toBe(false);
    expect(refundsOnCancel({ now: at(-1), startsAt: STARTS_AT, refundCutoffHours: 0, drawsHours: true })).toBe(true);
    expect(refundsOnCancel({ now: at(1), startsAt: STARTS_AT, refundCutoffHours: 0, drawsHours: true })).toBe(false);
  });
});

describe("what a manage link can still do", () => {
  const booking = (status: "CONFIRMED" | "CANCELLED" | "COMPLETED" | "NO_SHOW") => ({ status, startsAt: STARTS_AT, endsAt: at(HOUR) });

  it("moves from upcoming to under way at the start and to ended at the end", () => {
    expect(manageState(booking("CONFIRMED"), at(-1))).toBe("upcoming");
    expect(manageState(booking("CONFIRMED"), STARTS_AT)).toBe("under-way");
    expect(manageState(booking("CONFIRMED"), at(HOUR - 1))).toBe("under-way");
    expect(manageState(booking("CONFIRMED"), at(HOUR))).toBe("ended");
  });

  it("treats a cancelled hour as cancelled and a completed or missed one as ended, whatever the clock says", () => {
    expect(manageState(booking("CANCELLED"), at(-HOUR))).toBe("cancelled");
    expect(manageState(booking("COMPLETED"), at(-HOUR))).toBe("ended");
    expect(manageState(booking("NO_SHOW"), at(-HOUR))).toBe("ended");
  });

  it("expires the link once the hour has ended or was cancelled, not while it is under way", () => {
    expect(linkExpired("ended")).toBe(true);
    expect(linkExpired("cancelled")).toBe(true);
    expect(linkExpired("under-way")).toBe(false);
    expect(linkExpired("upcoming")).toBe(false);
  });
});

describe("reminders", () => {
  it("plans the day-ahead and hour-ahead reminders, leaving out those already due", () => {
    expect(reminderTimes(STARTS_AT, at(-3 * 24 * HOUR)).map(({ lead, runAt }) => [lead, runAt.toISOString()])).toEqual([
      ["24h", "2026-11-23T10:00:00.000Z"],
      ["1h", "2026-11-24T09:00:00.000Z"],
    ]);
    expect(reminderTimes(STARTS_AT, at(-5 * HOUR)).map(({ lead }) => lead)).toEqual(["1h"]);
    expect(reminderTimes(STARTS_AT, at(-HOUR))).toEqual([]);
  });

  it("lets a late-running reminder speak only while nothing closer is due and the hour has not started", () => {
    expect(reminderStillUseful("24h", STARTS_AT, at(-24 * HOUR))).toBe(true);
    expect(reminderStillUseful("24h", STARTS_AT, at(-2 * HOUR))).toBe(true);
    // The worker was down: half an hour before the start, "tomorrow" would be wrong; the 1h one speaks.
    expect(reminderStillUseful("24h", STARTS_AT, at(-30 * 60 * 1000))).toBe(false);
    expect(reminderStillUseful("1h", STARTS_AT, at(-30 * 60 * 1000))).toBe(true);
    expect(reminderStillUseful("1h", STARTS_AT, STARTS_AT)).toBe(false);
  });
});
