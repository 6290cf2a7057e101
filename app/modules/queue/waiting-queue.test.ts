import { describe, expect, test } from "vitest";
import { WEEKDAYS, type Availability } from "./availability.ts";
import type { PoolMember } from "./slots.ts";
import {
  candidateCsmIds,
  matchQueue,
  MIN_CLAIM_WINDOW_MS,
  nextSweepAt,
  offerExpiresAt,
  OFFER_TTL_MS,
  queueLine,
  queuePosition,
  type MatchRequest,
  type WaitingEntry,
} from "./waiting-queue.ts";

const at = (iso: string) => new Date(iso);
const HOUR_MS = 60 * 60 * 1000;
// Monday 09:00 UTC.
const NOW = at("2026-11-23T09:00:00Z");

function member(csmId: string, patch: Partial<Availability> = {}, bookings: [string, string][] = []): PoolMember {
  const day = [{ start: "10:00", end: "13:00" }];
  return {
    csm: {
      csmId,
      availability: {
        timeZone: "UTC",
        weeklyHours: Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, day])) as Availability["weeklyHours"],
        overrides: {},
        timeOff: [],
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minimumNoticeMinutes: 0,
        maxHoursPerDay: null,
        horizonDays: 60,
        ...patch,
      },
    },
    busy: { bookings: bookings.map(([start, end]) => ({ start: at(start), end: at(end) })) },
  };
}

let seq = 0;
function entry(patch: Partial<WaitingEntry> = {}): WaitingEntry {
  seq += 1;
  return {
    id: `e${String(seq).padStart(3, "0")}`,
    createdAt: at(`2026-11-20T10:00:${String(seq % 60).padStart(2, "0")}Z`),
    tier: "LOW",
    ownerCsmId: null,
    ...patch,
  };
}

const request = (patch: Partial<MatchRequest> = {}): MatchRequest => ({
  now: NOW,
  to: at("2026-11-24T00:00:00Z"),
  durationMinutes: 60,
  poolIds: ["alex", "blair"],
  // The booking page's rule, simplified: own CSM when free, else the first by id.
  choose: (free, waiting) => (waiting.ownerCsmId && free.includes(waiting.ownerCsmId) ? waiting.ownerCsmId : [...free].sort()[0]!),
  ...patch,
});

const summary = (offers: ReturnType<typeof matchQueue>) =>
  offers.map((offer) => `${offer.entryId} ${offer.csmId} ${offer.start.toISOString().slice(11, 16)}`);

describe("offer expiry", () => {
  test("is the TTL from now when the slot is far enough away", () => {
    expect(offerExpiresAt(NOW, at("2026-11-24T10:00:00Z"), 240)).toEqual(new Date(NOW.getTime() + OFFER_TTL_MS));
  });

  test("never runs past the slot's start minus the minimum notice", () => {
    // 15:00 start with 4 hours' notice: bookable until 11:00, so the offer lapses then, not at 21:00.
    expect(offerExpiresAt(NOW, at("2026-11-23T15:00:00Z"), 240)).toEqual(at("2026-11-23T11:00:00Z"));
    // No notice: until the start itself.
    expect(offerExpiresAt(NOW, at("2026-11-23T12:00:00Z"), 0)).toEqual(at("2026-11-23T12:00:00Z"));
  });

  test("takes a shorter TTL when given one", () => {
    expect(offerExpiresAt(NOW, at("2026-11-30T10:00:00Z"), 0, 2 * HOUR_MS)).toEqual(at("2026-11-23T11:00:00Z"));
  });
});

describe("the sweep's schedule", () => {
  test("is the next quarter hour strictly after now, the same for every process", () => {
    expect(nextSweepAt(at("2026-11-23T09:07:31Z"))).toEqual(at("2026-11-23T09:15:00Z"));
    expect(nextSweepAt(at("2026-11-23T09:15:00Z"))).toEqual(at("2026-11-23T09:30:00Z"));
    expect(nextSweepAt(at("2026-11-23T23:59:59Z"))).toEqual(at("2026-11-24T00:00:00Z"));
  });
});

describe("places in the queue", () => {
  const first = { id: "b", createdAt: at("2026-11-20T10:00:00Z"), tier: "LOW", ownerCsmId: null } as const;
  const tie = { id: "c", createdAt: at("2026-11-20T10:00:00Z"), tier: "TECH", ownerCsmId: null } as const;
  const later = { id: "a", createdAt: at("2026-11-20T11:00:00Z"), tier: "LOW", ownerCsmId: "casey" } as const;
  const ownCsm = { id: "d", createdAt: at("2026-11-20T09:00:00Z"), tier: "HIGH", ownerCsmId: "casey" } as const;
  const entries = [later, ownCsm, tie, first];

  test("count who joined earlier in the same line, ties broken by id", () => {
    expect(queuePosition(entries, "b")).toBe(1);
    expect(queuePosition(entries, "c")).toBe(2);
    expect(queuePosition(entries, "a")).toBe(3);
  });

  test("keep high-touch accounts in their own CSM's line", () => {
    expect(queueLine(ownCsm)).toBe("own:casey");
    expect(queueLine(later)).toBe("pool");
    expect(queuePosition(entries, "d")).toBe(1);
    expect(queuePosition(entries, "nobody")).toBeNull();
  });

  test("offer high-touch accounts only their own CSM, and the pool to everyone else", () => {
    expect(candidateCsmIds(ownCsm, ["alex", "blair"])).toEqual(["casey"]);
    expect(candidateCsmIds({ tier: "HIGH", ownerCsmId: null }, ["alex"])).toEqual([]);
    expect(candidateCsmIds(later, ["alex", "blair"])).toEqual(["alex", "blair"]);
  });
});

describe("matching the queue to free time", () => {
  test("gives the head of the queue the first free slot, and each slot to one entry only", () => {
    const head = entry();
    const second = entry();
    const third = entry();
    // Alex is free 10:00 only (11–13 booked); Blair has nothing left today.
    const members = [
      member("alex", {}, [["2026-11-23T11:00:00Z", "2026-11-23T13:00:00Z"]]),
      member("blair", {}, [["2026-11-23T10:00:00Z", "2026-11-23T13:00:00Z"]]),
    ];
    const offers = matchQueue([third, second, head], members, request());
    expect(summary(offers)).toEqual([`${head.id} alex 10:00`]);
    expect(offers[0]!.expiresAt).toEqual(at("2026-11-23T10:00:00Z"));
    // The input was not changed: the held time lives only in the result.
    expect(members[0]!.busy.bookings).toHaveLength(1);
  });

  test("walks down the queue while free time lasts, the held time counting as busy for the next", () => {
    const entries = [entry(), entry(), entry(), entry()];
    const members = [member("alex", { maxHoursPerDay: 2 }), member("blair", { bufferAfterMinutes: 60 })];
    const offers = matchQueue(entries, members, request());
    // Alex: 10:00 and 11:00, then the daily cap. Blair: 10:00, then a buffer hour, then 12:00.
    expect(summary(offers)).toEqual([
      `${entries[0]!.id} alex 10:00`,
      `${entries[1]!.id} blair 10:00`,
      `${entries[2]!.id} alex 11:00`,
      `${entries[3]!.id} blair 12:00`,
    ]);
  });

  test("offers high-touch accounts their own CSM's time only, even when the pool is free earlier", () => {
    const pooled = entry();
    const own = entry({ tier: "HIGH", ownerCsmId: "casey" });
    // Casey, their CSM, is booked until 12:00 and not in the pool; Alex is free from 10:00.
    const members = [member("alex"), member("casey", {}, [["2026-11-23T10:00:00Z", "2026-11-23T12:00:00Z"]])];
    const offers = matchQueue([own, pooled], members, request({ poolIds: ["alex"] }));
    expect(summary(offers)).toEqual([`${pooled.id} alex 10:00`, `${own.id} casey 12:00`]);
  });

  test("skips an entry whose line has nothing free, without blocking another line", () => {
    const noOwner = entry({ tier: "HIGH", ownerCsmId: null });
    const pooled = entry();
    const offers = matchQueue([noOwner, pooled], [member("alex")], request({ poolIds: ["alex"], limit: 1 }));
    expect(summary(offers)).toEqual([`${pooled.id} alex 10:00`]);
  });

  test("does not offer a slot that could be claimed for less than the minimum window", () => {
    // 150 minutes' notice at 09:00: 10:00 and 11:00 are too close to book; 12:00 is bookable until 09:30,
    // exactly the 30-minute minimum, so it is offered.
    const head = entry();
    const notice = [member("alex", { minimumNoticeMinutes: 150 })];
    const offers = matchQueue([head], notice, request({ to: at("2026-11-25T00:00:00Z") }));
    expect(summary(offers)).toEqual([`${head.id} alex 12:00`]);
    expect(offers[0]!.expiresAt).toEqual(at("2026-11-23T09:30:00Z"));
    // Asking for a minute more skips today: tomorrow 10:00, held for the full TTL.
    const stricter = matchQueue(
      [head],
      notice,
      request({ to: at("2026-11-25T00:00:00Z"), minClaimWindowMs: MIN_CLAIM_WINDOW_MS + 60_000 }),
    );
    expect(stricter[0]!.start).toEqual(at("2026-11-24T10:00:00Z"));
    expect(stricter[0]!.expiresAt).toEqual(new Date(NOW.getTime() + OFFER_TTL_MS));
  });

  test("stops at the limit, head first", () => {
    const entries = [entry(), entry(), entry()];
    expect(matchQueue(entries, [member("alex")], request({ poolIds: ["alex"], limit: 2 }))).toHaveLength(2);
  });

  test("offers nothing when nobody is free in the window", () => {
    const away = member("alex", { timeOff: [{ start: "2026-11-01T00:00:00Z", end: "2026-12-31T00:00:00Z" }] });
    expect(matchQueue([entry()], [away], request({ poolIds: ["alex"] }))).toEqual([]);
    expect(matchQueue([entry()], [], request({ poolIds: [] }))).toEqual([]);
  });
});
